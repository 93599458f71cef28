import { Group, Skeleton, Stack, Stepper, Text, useMatches } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import type { ImportDetail, ImportEntity } from '@grip/contracts/imports';
import { NotFoundPage } from '@/components/ui/not-found-page.tsx';
import { PageHeader } from '@/components/ui/page-header.tsx';
import { QueryError } from '@/components/ui/query-error.tsx';
import { isApiError } from '@/lib/api.ts';
import { formatBytes } from '@/lib/format.ts';
import { isImportRunning, useImport } from '../api/imports.ts';
import { entityLabels, ImportStatusBadge } from './import-display.tsx';
import { MappingStep } from './mapping-step.tsx';
import { PreviewStep } from './preview-step.tsx';
import { ProgressStep } from './progress-step.tsx';
import { UploadStep } from './upload-step.tsx';

const STEPS = [
  { label: 'Upload', description: 'CSV or Excel file' },
  { label: 'Map columns', description: 'Columns to fields' },
  { label: 'Preview & check', description: 'Rows as they will be saved' },
  { label: 'Import', description: 'Progress and result' },
] as const;
const MAPPING = 1;
const PREVIEW = 2;
const RUN = 3;

/** Where an import's wizard opens: the step its state belongs to. */
function stepOf(detail: ImportDetail): number {
  if (detail.status === 'uploaded') return MAPPING;
  // A dry run is followed, and its counts read, on the preview, next to the Import button.
  if (detail.dryRun && (isImportRunning(detail) || detail.status === 'done')) return PREVIEW;
  return RUN;
}

/** The mapping can still change (and the import start again): before the start, after a dry run, a failure or a cancel. */
const isEditable = (detail: ImportDetail) =>
  detail.status === 'uploaded' || detail.status === 'failed' || detail.status === 'cancelled' || (detail.status === 'done' && detail.dryRun);

interface WizardStepperProps {
  active: number;
  /** Every step is behind: the import has run to its end. */
  finished?: boolean;
  onStepClick?: (step: number) => void;
  canSelect?: (step: number) => boolean;
  children: ReactNode;
}

function WizardStepper({ active, finished = false, onStepClick, canSelect, children }: WizardStepperProps) {
  // On a phone the four labels do not fit: icons only, and the current step named under them.
  const phone = useMatches({ base: true, sm: false }, { getInitialValueInEffect: false });
  return (
    <Stack gap="lg">
      <Stepper active={finished ? STEPS.length : active} onStepClick={onStepClick} size="sm" data-testid="import-stepper" data-step={active}>
        {STEPS.map((step, index) => (
          <Stepper.Step
            key={step.label}
            label={phone ? undefined : step.label}
            description={phone ? undefined : step.description}
            aria-label={step.label}
            allowStepSelect={canSelect?.(index) ?? false}
            data-testid={`import-step-${index}`}
          />
        ))}
      </Stepper>
      {phone && (
        <Text size="sm" fw={600} data-testid="import-step-name">
          {finished ? 'All steps done' : `Step ${active + 1} of ${STEPS.length}: ${STEPS[active]?.label ?? ''}`}
        </Text>
      )}
      {children}
    </Stack>
  );
}

interface NewImportWizardProps {
  workspace: string;
  entity: ImportEntity | undefined;
  onUploaded: (detail: ImportDetail) => void;
}

/** The wizard before there is an import: step 1, the upload. */
export function NewImportWizard({ workspace, entity, onUploaded }: NewImportWizardProps) {
  return (
    <div data-testid="import-wizard">
      <PageHeader title={entity ? `Import ${entityLabels[entity].plural.toLowerCase()}` : 'Import'} description="Bring records in from a spreadsheet: upload, map the columns, check, import." />
      <WizardStepper active={0}>
        <UploadStep workspace={workspace} entity={entity} onUploaded={onUploaded} />
      </WizardStepper>
    </div>
  );
}

/** The wizard of one uploaded import, at the step its state belongs to. */
export function ImportWizard({ workspace, importId }: { workspace: string; importId: string }) {
  const query = useImport(workspace, importId);
  if (query.isPending) {
    return (
      <Stack gap="lg" aria-busy="true" aria-label="Loading the import">
        <Skeleton h={28} w={260} />
        <Skeleton h={40} />
        <Skeleton h={320} />
      </Stack>
    );
  }
  if (query.isError) {
    if (isApiError(query.error) && query.error.status === 404) return <NotFoundPage />;
    return <QueryError title="Cannot load the import" error={query.error} onRetry={() => void query.refetch()} retrying={query.isFetching} />;
  }
  return <LoadedWizard workspace={workspace} detail={query.data} />;
}

function LoadedWizard({ workspace, detail }: { workspace: string; detail: ImportDetail }) {
  const editable = isEditable(detail);
  const [chosen, setChosen] = useState<number | null>(null);
  // The user moves between mapping and preview while the mapping can change; otherwise the state decides.
  const active = editable && chosen !== null ? chosen : stepOf(detail);
  const canSelect = (step: number) => editable && (step === MAPPING || step === PREVIEW);

  let body: ReactNode;
  if (active === MAPPING) body = <MappingStep workspace={workspace} detail={detail} onNext={() => setChosen(PREVIEW)} />;
  else if (active === PREVIEW) body = <PreviewStep workspace={workspace} detail={detail} onBack={() => setChosen(MAPPING)} onStarted={() => setChosen(null)} />;
  else body = <ProgressStep workspace={workspace} detail={detail} onRetry={editable ? () => setChosen(MAPPING) : undefined} />;

  return (
    <div data-testid="import-wizard" data-import-id={detail.id}>
      <PageHeader
        title={`Import ${entityLabels[detail.entity].plural.toLowerCase()}`}
        description={
          <Group gap="xs" component="span" wrap="wrap">
            <Text span size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }} data-testid="import-file-name">
              {detail.fileName}
            </Text>
            <Text span size="sm" c="dimmed">
              · {formatBytes(detail.fileSize)}
            </Text>
            <ImportStatusBadge job={detail} />
          </Group>
        }
      />
      <WizardStepper
        active={active}
        finished={(detail.status === 'done' && !detail.dryRun) || detail.status === 'undone'}
        onStepClick={(step) => canSelect(step) && setChosen(step)}
        canSelect={canSelect}
      >
        {body}
      </WizardStepper>
    </div>
  );
}
