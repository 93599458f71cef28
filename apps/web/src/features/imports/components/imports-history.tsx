import { ActionIcon, Card, Group, SegmentedControl, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconDownload, IconFileImport } from '@tabler/icons-react';
import { useState } from 'react';
import { IMPORT_ENTITIES, type ImportEntity, type ImportJob } from '@grip/contracts/imports';
import { loadedRows } from '@/components/data-table/infinite-list.ts';
import { RouterAnchor, RouterButton } from '@/components/ui/link.tsx';
import { PanelList } from '@/components/ui/panel-list.tsx';
import { formatBytes, formatDateTime, formatRelative } from '@/lib/format.ts';
import { importErrorsUrl, useImportsList } from '../api/imports.ts';
import { entityLabels, formatCount, ImportStatusBadge } from './import-display.tsx';
import { canUndo, UndoImportButton } from './undo-import.tsx';

const ALL = 'all';

/** Past imports of the workspace, newest first: what each did, its error report and undo. */
export function ImportsHistory({ workspace }: { workspace: string }) {
  const [entity, setEntity] = useState<ImportEntity | typeof ALL>(ALL);
  const list = useImportsList(workspace, entity === ALL ? undefined : entity);
  const rows = loadedRows(list);

  return (
    <Stack gap="md" data-testid="imports-history">
      <SegmentedControl
        aria-label="Show imports of"
        data={[{ value: ALL, label: 'All' }, ...IMPORT_ENTITIES.map((value) => ({ value, label: entityLabels[value].plural }))]}
        value={entity}
        onChange={(value) => setEntity(value as ImportEntity | typeof ALL)}
        style={{ alignSelf: 'flex-start' }}
        data-testid="imports-entity-filter"
      />
      <PanelList
        query={list}
        count={rows.length}
        noun="imports"
        empty={{
          icon: <IconFileImport size={28} aria-hidden />,
          title: entity === ALL ? 'No imports yet' : `No imports of ${entityLabels[entity].plural.toLowerCase()} yet`,
          description: 'Files you import are listed here, with what each import did, its error report and a way to undo it.',
          testId: 'imports-empty',
        }}
      >
        <Card p={0}>
          <Table.ScrollContainer minWidth={940}>
            <Table layout="fixed" verticalSpacing="sm" horizontalSpacing="md" highlightOnHover aria-label="Imports" data-testid="imports-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>File</Table.Th>
                  <Table.Th w={100}>Of</Table.Th>
                  <Table.Th w={140}>Started by</Table.Th>
                  <Table.Th w={170}>Status</Table.Th>
                  <Table.Th w={170}>Rows</Table.Th>
                  <Table.Th w={160} aria-label="Actions" />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((job) => (
                  <HistoryRow key={job.id} workspace={workspace} job={job} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      </PanelList>
    </Stack>
  );
}

function countsLine(job: ImportJob): string {
  if (job.status === 'uploaded' || job.status === 'queued') return '—';
  const parts = [`${formatCount(job.created)} new`, `${formatCount(job.updated)} updated`, `${formatCount(job.skipped)} skipped`];
  if (job.failed > 0) parts.push(`${formatCount(job.failed)} failed`);
  return parts.join(' · ');
}

function HistoryRow({ workspace, job }: { workspace: string; job: ImportJob }) {
  return (
    <Table.Tr data-testid="import-row" data-import-id={job.id}>
      <Table.Td>
        <RouterAnchor to="/w/$workspace/imports/$importId" params={{ workspace, importId: job.id }} size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
          {job.fileName}
        </RouterAnchor>
        <Text size="xs" c="dimmed">
          {formatBytes(job.fileSize)} · {job.format.toUpperCase()}
          {job.dryRun && job.status === 'done' ? ' · dry run' : ''}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{entityLabels[job.entity].plural}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" truncate="end">
          {job.createdBy?.name ?? '—'}
        </Text>
        <Text size="xs" c="dimmed" title={formatDateTime(job.createdAt)}>
          {formatRelative(job.createdAt)}
        </Text>
      </Table.Td>
      <Table.Td>
        <ImportStatusBadge job={job} />
      </Table.Td>
      <Table.Td>
        <Text size="sm" c="dimmed" data-testid="import-row-counts">
          {countsLine(job)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Group gap={4} justify="flex-end" wrap="nowrap">
          <RouterButton size="compact-sm" variant="default" to="/w/$workspace/imports/$importId" params={{ workspace, importId: job.id }} data-testid="import-row-open">
            Open
          </RouterButton>
          {job.failed > 0 && (
            <Tooltip label="Download the error report">
              <ActionIcon component="a" href={importErrorsUrl(workspace, job.id)} download aria-label={`Download the error report of ${job.fileName}`} data-testid="import-row-errors">
                <IconDownload size={16} aria-hidden />
              </ActionIcon>
            </Tooltip>
          )}
          {canUndo(job) && (
            <UndoImportButton workspace={workspace} job={job} compact data-testid="import-row-undo" />
          )}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}
