import { Badge } from '@mantine/core';
import type { DuplicateMode, ImportEntity, ImportJob, ImportStatus } from '@grip/contracts/imports';

// Words and colours the import pages share: entities, statuses, phases, options.

export const entityLabels: Record<ImportEntity, { plural: string; singular: string }> = {
  customers: { plural: 'Customers', singular: 'customer' },
  policies: { plural: 'Policies', singular: 'policy' },
  tickets: { plural: 'Tickets', singular: 'ticket' },
};

/** Where the records of an entity are listed (the links at the end of an import). */
export const entityListPath = {
  customers: '/w/$workspace/customers',
  policies: '/w/$workspace/policies',
  tickets: '/w/$workspace/tickets',
} as const satisfies Record<ImportEntity, string>;

const statusLabels: Record<ImportStatus, string> = {
  uploaded: 'Not started',
  queued: 'Queued',
  loading: 'Importing rows',
  writing: 'Finishing',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
  undone: 'Undone',
};
const statusColors: Record<ImportStatus, string> = {
  uploaded: 'gray',
  queued: 'blue',
  loading: 'blue',
  writing: 'blue',
  done: 'teal',
  failed: 'red',
  cancelled: 'orange',
  undone: 'gray',
};

/** The phase a running import is in, in words. */
export const statusLabel = (status: ImportStatus) => statusLabels[status];

export function ImportStatusBadge({ job }: { job: Pick<ImportJob, 'status' | 'dryRun' | 'failed'> }) {
  const dryRunDone = job.status === 'done' && job.dryRun;
  const withErrors = job.status === 'done' && !job.dryRun && job.failed > 0;
  return (
    <Badge color={dryRunDone ? 'grape' : withErrors ? 'orange' : statusColors[job.status]} data-testid="import-status" data-status={job.status}>
      {dryRunDone ? 'Dry run done' : withErrors ? 'Done with errors' : statusLabels[job.status]}
    </Badge>
  );
}

export const duplicateModeOptions: { value: DuplicateMode; label: string; description: string }[] = [
  { value: 'skip', label: 'Skip', description: 'Keep the existing record; the row is skipped.' },
  { value: 'update', label: 'Update existing', description: 'Fill the existing record with the row’s values.' },
  { value: 'create', label: 'Create anyway', description: 'Create a new record even when one matches.' },
];

export const encodingOptions = [
  { value: 'utf-8', label: 'UTF-8' },
  { value: 'latin1', label: 'Latin-1 (Windows, ISO-8859-1)' },
  { value: 'utf-16le', label: 'UTF-16 LE' },
  { value: 'utf-16be', label: 'UTF-16 BE' },
];

export const delimiterOptions = [
  { value: ',', label: 'Comma ( , )' },
  { value: ';', label: 'Semicolon ( ; )' },
  { value: '\t', label: 'Tab' },
  { value: '|', label: 'Pipe ( | )' },
];

/** "1,234". */
export const formatCount = (n: number) => n.toLocaleString();

/** "2 min 5 s", "40 s", "1 h 3 min". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes} min ${s % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
