import { Badge } from '@mantine/core';
import type { ExportJobStatus } from '@grip/contracts/exports';

const COLORS: Record<ExportJobStatus | 'expired' | 'sent', string> = {
  queued: 'gray',
  running: 'blue',
  done: 'teal',
  sent: 'teal',
  failed: 'red',
  cancelled: 'gray',
  expired: 'gray',
};
const LABELS: Record<ExportJobStatus | 'expired' | 'sent', string> = {
  queued: 'Queued',
  running: 'Running',
  done: 'Ready',
  sent: 'Sent',
  failed: 'Failed',
  cancelled: 'Cancelled',
  expired: 'Expired',
};

/** The state of an export or a scheduled run, the same way everywhere. */
export function ExportStatusBadge({ status }: { status: ExportJobStatus | 'expired' | 'sent' }) {
  return (
    <Badge color={COLORS[status]} variant="light" data-testid="export-status" data-status={status}>
      {LABELS[status]}
    </Badge>
  );
}
