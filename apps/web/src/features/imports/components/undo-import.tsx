import { ActionIcon, Button, Tooltip, type ButtonProps } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconArrowBackUp } from '@tabler/icons-react';
import type { ImportJob, UndoImportResult } from '@grip/contracts/imports';
import { ConfirmModal } from '@/components/ui/confirm-modal.tsx';
import { notifyError, notifySuccess } from '@/lib/notify.ts';
import { useUndoImport } from '../api/imports.ts';
import { entityLabels, formatCount } from './import-display.tsx';

/** Only a finished real run can be undone (a dry run wrote nothing). */
export const canUndo = (job: Pick<ImportJob, 'status' | 'dryRun' | 'created' | 'updated'>) =>
  job.status === 'done' && !job.dryRun && job.created + job.updated > 0;

function undoneMessage(result: UndoImportResult, noun: string): string {
  const parts = [`${formatCount(result.removed)} ${noun} removed`, `${formatCount(result.restored)} restored as they were`];
  if (result.kept > 0) parts.push(`${formatCount(result.kept)} kept because they were changed since`);
  return `${parts.join(', ')}.`;
}

interface UndoImportButtonProps extends ButtonProps {
  workspace: string;
  job: ImportJob;
  /** An icon with a tooltip instead of a labelled button (a table row's actions). */
  compact?: boolean;
  'data-testid'?: string;
}

/** "Undo import" with a confirmation saying what will happen to created, updated and since-changed records. */
export function UndoImportButton({ workspace, job, compact = false, 'data-testid': testId = 'import-undo', ...buttonProps }: UndoImportButtonProps) {
  const [opened, { open, close }] = useDisclosure(false);
  const undo = useUndoImport(workspace);
  const noun = entityLabels[job.entity].plural.toLowerCase();
  const confirm = () =>
    undo.mutate(
      { id: job.id, entity: job.entity },
      {
        onSuccess: (result) => {
          notifySuccess(undoneMessage(result, noun), 'Import undone');
          close();
        },
        onError: (error) => notifyError(error, 'Could not undo the import'),
      },
    );
  return (
    <>
      {compact ? (
        <Tooltip label="Undo import">
          <ActionIcon onClick={open} aria-label={`Undo the import of ${job.fileName}`} data-testid={testId}>
            <IconArrowBackUp size={16} aria-hidden />
          </ActionIcon>
        </Tooltip>
      ) : (
        <Button variant="default" color="red" leftSection={<IconArrowBackUp size={16} aria-hidden />} onClick={open} data-testid={testId} {...buttonProps}>
          Undo import
        </Button>
      )}
      <ConfirmModal opened={opened} title="Undo this import?" confirmLabel="Undo import" danger loading={undo.isPending} onConfirm={confirm} onClose={close}>
        The {formatCount(job.created)} {noun} it created will be removed
        {job.entity === 'customers' ? ' (to the trash, where they can be restored for 30 days)' : ''}, and the {formatCount(job.updated)} it updated
        will get back the values they had before. Records changed since the import are left as they are.
      </ConfirmModal>
    </>
  );
}
