import { Anchor, Button, Card, Group, Progress, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconDownload, IconPlayerStop } from '@tabler/icons-react';
import type { ImportJob } from '@grip/contracts/imports';
import { formatBytes } from '@/lib/format.ts';
import { notifyError } from '@/lib/notify.ts';
import { importErrorsUrl, useCancelImport } from '../api/imports.ts';
import { formatCount, formatDuration, statusLabel } from './import-display.tsx';

/** 0–100: bytes of the file while it is read, rows after that; null while nothing can be measured yet. */
function percentDone(job: ImportJob): number | null {
  if (job.status === 'loading') return job.fileSize > 0 ? (job.bytesDone / job.fileSize) * 100 : null;
  if (job.status === 'writing') return job.rowsTotal > 0 ? (job.rowsDone / job.rowsTotal) * 100 : null;
  return null;
}

/** A running import (or dry run): phase, bar, rows, speed, time left, and Cancel. */
export function RunProgress({ workspace, job }: { workspace: string; job: ImportJob }) {
  const cancel = useCancelImport(workspace, job.id);
  const percent = percentDone(job);
  const rows = job.rowsTotal > 0 ? `${formatCount(job.rowsDone)} of ${formatCount(job.rowsTotal)} rows` : `${formatCount(job.rowsDone)} rows`;
  return (
    <Card data-testid="import-progress" aria-busy="true">
      <Stack gap="sm">
        <Group justify="space-between" gap="sm">
          <Text fw={600} data-testid="import-phase">
            {job.dryRun ? 'Dry run: ' : ''}
            {statusLabel(job.status)}…
          </Text>
          <Button
            variant="default"
            color="red"
            size="xs"
            leftSection={<IconPlayerStop size={14} aria-hidden />}
            loading={cancel.isPending}
            onClick={() => cancel.mutate(undefined, { onError: (error) => notifyError(error, 'Could not cancel the import') })}
            data-testid="import-cancel"
          >
            Cancel
          </Button>
        </Group>
        <Progress
          value={percent ?? 100}
          striped
          animated
          size="lg"
          aria-label="Import progress"
          aria-valuetext={percent === null ? 'Starting' : `${Math.round(percent)}%`}
          data-testid="import-progress-bar"
        />
        <Group gap="lg" role="status" data-testid="import-progress-numbers">
          {job.status === 'loading' && (
            <Text size="sm" c="dimmed">
              {formatBytes(job.bytesDone)} of {formatBytes(job.fileSize)} read
            </Text>
          )}
          {job.status !== 'queued' && (
            <Text size="sm" c="dimmed" data-testid="import-rows-done">
              {rows}
            </Text>
          )}
          {job.rowsPerSecond !== null && (
            <Text size="sm" c="dimmed">
              {formatCount(job.rowsPerSecond)} rows/s
            </Text>
          )}
          {job.etaSeconds !== null && (
            <Text size="sm" c="dimmed" data-testid="import-eta">
              about {formatDuration(job.etaSeconds)} left
            </Text>
          )}
        </Group>
      </Stack>
    </Card>
  );
}

/** What a finished run did (or would do, for a dry run), with the failed rows to download. */
export function RunCounts({ workspace, job }: { workspace: string; job: ImportJob }) {
  const would = job.dryRun;
  const counts = [
    { key: 'created', label: would ? 'Would be created' : 'Created', value: job.created, color: 'teal' },
    { key: 'updated', label: would ? 'Would be updated' : 'Updated', value: job.updated, color: 'blue' },
    { key: 'skipped', label: would ? 'Would be skipped' : 'Skipped', value: job.skipped, color: 'gray' },
    { key: 'failed', label: 'Rows with errors', value: job.failed, color: 'red' },
  ];
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm" data-testid={would ? 'import-dry-run-counts' : 'import-counts'}>
        {counts.map((count) => (
          <Card key={count.key} padding="md" data-testid={`import-count-${count.key}`}>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600} lts={0.3}>
              {count.label}
            </Text>
            <Text fz={26} fw={700} c={count.value > 0 ? count.color : 'dimmed'} data-testid="import-count-value">
              {formatCount(count.value)}
            </Text>
          </Card>
        ))}
      </SimpleGrid>
      {job.failed > 0 && (
        <Anchor href={importErrorsUrl(workspace, job.id)} download size="sm" data-testid="import-errors-download" style={{ alignSelf: 'flex-start' }}>
          <Group gap={4} component="span">
            <IconDownload size={14} aria-hidden />
            Download error report ({formatCount(job.failed)} {job.failed === 1 ? 'row' : 'rows'})
          </Group>
        </Anchor>
      )}
    </Stack>
  );
}
