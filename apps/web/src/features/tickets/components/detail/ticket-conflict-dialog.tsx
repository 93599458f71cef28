import type { Ticket } from '@grip/contracts/tickets';
import { VersionConflictDialog } from '@/components/ui/version-conflict-dialog.tsx';
import { formatDateTime } from '@/lib/format.ts';
import type { TicketChanges } from '../../api/ticket.ts';
import { PRIORITY_LABELS } from '@/components/tickets/ticket-badges.tsx';

interface TicketConflictDialogProps {
  /** What the edit started from. */
  original: Ticket;
  /** What is saved now (someone else's save). */
  current: Ticket;
  /** What this user changed. */
  changes: TicketChanges;
  overwriting: boolean;
  onReload: () => void;
  onOverwrite: () => void;
  onClose: () => void;
}

const FIELD_LABELS: Record<keyof TicketChanges, string> = {
  title: 'Title',
  description: 'Description',
  priority: 'Priority',
  customerId: 'Customer',
  dueAt: 'Due',
};

function shown(ticket: Ticket, field: keyof TicketChanges, changes?: TicketChanges): string {
  const value = changes && field in changes ? changes[field] : field === 'customerId' ? ticket.customer.id : ticket[field];
  if (field === 'customerId') return value === ticket.customer.id ? ticket.customer.name : 'Another customer';
  if (field === 'priority') return PRIORITY_LABELS[value as Ticket['priority']];
  if (field === 'dueAt') return value ? formatDateTime(value as string) : 'From SLA';
  const text = String(value ?? '');
  if (text === '') return '—';
  return text.length > 140 ? `${text.slice(0, 137)}…` : text;
}

/** A ticket's save hit a newer version: their saved ticket beside theirs plus my change. */
export function TicketConflictDialog({ original, current, changes, ...actions }: TicketConflictDialogProps) {
  const fields = (Object.keys(FIELD_LABELS) as (keyof TicketChanges)[]).map((field) => ({
    key: field,
    label: FIELD_LABELS[field],
    before: shown(original, field),
    theirs: shown(current, field),
    mine: shown(current, field, changes),
  }));
  return <VersionConflictDialog title={`Someone changed #${current.number} while you were editing`} fields={fields} {...actions} />;
}
