import { Alert, Button, EmptyState, Loader, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconDatabaseExport } from '@tabler/icons-react';
import { useState } from 'react';
import { DataTable } from '@/components/data-table/data-table.tsx';
import { PageHeader } from '@/components/ui/page-header.tsx';
import { isApiError } from '@/lib/api.ts';
import { useBackupInProgressSince, useBackups, useCreateBackup } from '../api/backups.ts';
import { backupColumns, type BackupRow } from './backup-columns.tsx';
import { NotInBackupCard, RestoreCard, ScheduleCard } from './backup-guide.tsx';

const DEFAULT_COLUMNS = ['name', 'size', 'createdAt', 'actions'];
const IN_PROGRESS_ID = 'backup-in-progress';

/** "daily at 02:00 UTC" → "tonight at 02:00 UTC"; any other schedule is said as it is. */
function firstRun(schedule: string | undefined): string {
  const time = schedule && /^daily at (.+)$/i.exec(schedule)?.[1];
  if (time) return `tonight at ${time}`;
  return schedule ?? 'on schedule';
}

/** The admin console's Backups page: the backups kept, one on demand, and what to know to restore one. */
export function BackupsPage() {
  const backups = useBackups();
  const create = useCreateBackup();
  const startedAt = useBackupInProgressSince();
  const backingUp = startedAt !== null;
  const [visibleColumns, setVisibleColumns] = useState(DEFAULT_COLUMNS);

  const items: BackupRow[] = backups.data?.items ?? [];
  const rows: BackupRow[] = backingUp ? [{ name: IN_PROGRESS_ID, size: 0, createdAt: new Date(startedAt).toISOString(), inProgress: true }, ...items] : items;

  return (
    <div data-testid="backups-page">
      <PageHeader
        title="Backups"
        description="Copies of the whole database, taken on a schedule and on demand."
        actions={
          <Button
            onClick={() => create.mutate()}
            disabled={backingUp}
            leftSection={backingUp ? <Loader size={14} color="currentColor" aria-hidden /> : <IconDatabaseExport size={16} aria-hidden />}
            aria-busy={backingUp || undefined}
            data-testid="backup-now"
          >
            {backingUp ? 'Backing up…' : 'Back up now'}
          </Button>
        }
      />
      <Stack gap="lg">
        {create.isError && (
          <Alert
            color="red"
            variant="light"
            icon={<IconAlertTriangle size={20} aria-hidden />}
            title="The backup failed"
            withCloseButton
            closeButtonLabel="Dismiss"
            onClose={() => create.reset()}
            data-testid="backup-error"
          >
            <Text size="sm">{create.error.message}</Text>
            {isApiError(create.error) && (
              <Text size="xs" c="dimmed" mt={4}>
                Error code: {create.error.code}
              </Text>
            )}
          </Alert>
        )}
        <DataTable
          aria-label="Backups"
          columns={backupColumns(backups.data?.directory)}
          rows={rows}
          getRowId={(backup) => (backup.inProgress ? IN_PROGRESS_ID : backup.name)}
          visibleColumns={visibleColumns}
          onVisibleColumnsChange={setVisibleColumns}
          // One answer holds every backup (retention keeps the directory small).
          hasNextPage={false}
          isFetchingNextPage={false}
          fetchNextPage={() => undefined}
          isLoading={backups.isPending && !backingUp}
          error={backups.error}
          onRetry={() => void backups.refetch()}
          autoHeight
          empty={
            <EmptyState
              icon={<IconDatabaseExport size={28} aria-hidden />}
              withIndicatorBackground
              title="No backups yet"
              description={`The first one runs ${firstRun(backups.data?.schedule)}, or take one now.`}
              data-testid="backups-empty"
            />
          }
        />
        <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
          <ScheduleCard backups={backups.data} isPending={backups.isPending} />
          <NotInBackupCard />
          <RestoreCard />
        </SimpleGrid>
      </Stack>
    </div>
  );
}
