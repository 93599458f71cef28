import { ActionIcon, CopyButton, Group, Loader, Skeleton, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import type { DataTableColumn } from '@/components/data-table/data-table.tsx';
import { formatBytes, formatDateTime, formatRelative } from '@/lib/format.ts';
import type { Backup } from '../api/backups.ts';

/** A backup file, or the one being written right now (shown as a loading row until it is done). */
export interface BackupRow extends Backup {
  inProgress?: boolean;
}


/** The command that restores `name`, with the app stopped (the CLI wants `--yes` before it replaces every row). */
export function restoreCommand(directory: string, name: string): string {
  const separator = /[\\/]$/.test(directory) ? '' : '/';
  return `npm run restore -- ${directory}${separator}${name} --yes`;
}

export function backupColumns(directory: string | undefined): DataTableColumn<BackupRow>[] {
  return [
    {
      id: 'name',
      header: 'File',
      hideable: false,
      card: 'title',
      cell: (backup) =>
        backup.inProgress ? (
          <Group gap="xs" wrap="nowrap" data-testid="backup-in-progress">
            <Loader size={14} aria-hidden />
            <Text span inherit c="dimmed">
              Backing up…
            </Text>
          </Group>
        ) : (
          <Text span inherit ff="monospace" fz="sm" style={{ overflowWrap: 'anywhere' }} data-testid="backup-name">
            {backup.name}
          </Text>
        ),
    },
    {
      id: 'size',
      header: 'Size',
      width: 120,
      cell: (backup) =>
        backup.inProgress ? <Skeleton h={10} w={56} aria-label="Size not known yet" /> : <span data-testid="backup-size">{formatBytes(backup.size)}</span>,
    },
    {
      id: 'createdAt',
      header: 'Created',
      width: 170,
      cell: (backup) => (
        <span title={formatDateTime(backup.createdAt)}>
          {backup.inProgress ? `Started ${formatRelative(backup.createdAt)}` : formatRelative(backup.createdAt)}
        </span>
      ),
    },
    {
      id: 'actions',
      header: 'Restore',
      width: 90,
      hideable: false,
      card: 'actions',
      cell: (backup) =>
        backup.inProgress || !directory ? null : (
          <CopyButton value={restoreCommand(directory, backup.name)} timeout={2000}>
            {({ copied, copy }) => (
              <Tooltip label={copied ? 'Copied' : 'Copy the restore command'} withArrow>
                <ActionIcon variant="subtle" color={copied ? 'teal' : 'gray'} onClick={copy} aria-label={`Copy the restore command for ${backup.name}`}>
                  {copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
                </ActionIcon>
              </Tooltip>
            )}
          </CopyButton>
        ),
    },
  ];
}
