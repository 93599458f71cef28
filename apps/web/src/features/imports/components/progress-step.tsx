import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { IconAdjustments, IconAlertTriangle, IconArrowBackUp, IconCircleCheck, IconList, IconPlayerStop, IconUpload } from '@tabler/icons-react';
import type { ImportDetail } from '@grip/contracts/imports';
import { RouterButton } from '@/components/ui/link.tsx';
import { formatDateTime } from '@/lib/format.ts';
import { isImportRunning } from '../api/imports.ts';
import { entityLabels, entityListPath, formatCount } from './import-display.tsx';
import { RunCounts, RunProgress } from './run-progress.tsx';
import { canUndo, UndoImportButton } from './undo-import.tsx';

/** Step 4: the run as it goes (polled), then what it did, its error report, undo, and the way to the records. */
export function ProgressStep({ workspace, detail, onRetry }: { workspace: string; detail: ImportDetail; onRetry?: () => void }) {
  const noun = entityLabels[detail.entity].plural.toLowerCase();
  if (isImportRunning(detail)) return <RunProgress workspace={workspace} job={detail} />;

  return (
    <Stack gap="lg" data-testid="import-result">
      {detail.status === 'done' && (
        <Alert color={detail.failed > 0 ? 'orange' : 'teal'} variant="light" icon={<IconCircleCheck size={20} aria-hidden />} title="Import done" data-testid="import-done">
          {formatCount(detail.created + detail.updated)} {noun} saved
          {detail.failed > 0 ? `; ${formatCount(detail.failed)} rows had errors and were left out (see the error report)` : ''}.
        </Alert>
      )}
      {detail.status === 'failed' && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={20} aria-hidden />} title={detail.dryRun ? 'The dry run failed' : 'The import failed'} data-testid="import-failed">
          {detail.error ?? 'It stopped before the end.'} Nothing was written: an import saves all of its rows or none.
        </Alert>
      )}
      {onRetry && (detail.status === 'failed' || detail.status === 'cancelled') && (
        <Button variant="light" leftSection={<IconAdjustments size={16} aria-hidden />} onClick={onRetry} style={{ alignSelf: 'flex-start' }} data-testid="import-retry">
          Check the mapping and start again
        </Button>
      )}
      {detail.status === 'cancelled' && (
        <Alert color="orange" variant="light" icon={<IconPlayerStop size={20} aria-hidden />} title={detail.dryRun ? 'The dry run was cancelled' : 'The import was cancelled'} data-testid="import-cancelled">
          Nothing was written.
        </Alert>
      )}
      {detail.status === 'undone' && (
        <Alert color="gray" variant="light" icon={<IconArrowBackUp size={20} aria-hidden />} title="This import was undone" data-testid="import-undone">
          {detail.undoneAt ? `On ${formatDateTime(detail.undoneAt)}: ` : ''}the {noun} it created were removed and those it updated were restored.
        </Alert>
      )}

      {(detail.status === 'done' || detail.status === 'undone') && <RunCounts workspace={workspace} job={detail} />}

      {detail.finishedAt && detail.startedAt && (
        <Text size="xs" c="dimmed">
          Started {formatDateTime(detail.startedAt)}, finished {formatDateTime(detail.finishedAt)}.
        </Text>
      )}

      <Group gap="xs">
        {detail.status === 'done' && (
          <RouterButton to={entityListPath[detail.entity]} params={{ workspace }} leftSection={<IconList size={16} aria-hidden />} data-testid="import-open-records">
            Open {noun}
          </RouterButton>
        )}
        {canUndo(detail) && <UndoImportButton workspace={workspace} job={detail} />}
        <RouterButton variant="default" to="/w/$workspace/imports/new" params={{ workspace }} search={{ entity: detail.entity }} leftSection={<IconUpload size={16} aria-hidden />} data-testid="import-new">
          Import another file
        </RouterButton>
        <RouterButton variant="subtle" to="/w/$workspace/imports" params={{ workspace }} data-testid="import-history-link">
          All imports
        </RouterButton>
      </Group>
    </Stack>
  );
}
