import { Avatar, Badge, Text, Tooltip, type MantineColor } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { Priority, StageCategory, TicketSummary } from '@grip/contracts/tickets';
import { formatDateTime, formatRelative } from '@/lib/format.ts';

// The small parts a ticket is shown with, alike on the board's cards, in the list's cells and on the Command Center.

export const PRIORITY_LABELS: Record<Priority, string> = { urgent: 'Urgent', high: 'High', normal: 'Normal', low: 'Low' };
const PRIORITY_COLORS: Record<Priority, MantineColor> = { urgent: 'red', high: 'orange', normal: 'blue', low: 'gray' };
/** Most urgent first: the order pickers offer them in. */
export const PRIORITIES_BY_URGENCY: Priority[] = ['urgent', 'high', 'normal', 'low'];

export const CATEGORY_COLORS: Record<StageCategory, MantineColor> = { open: 'blue', waiting: 'yellow', done: 'teal' };
export const CATEGORY_LABELS: Record<StageCategory, string> = { open: 'Open', waiting: 'Waiting', done: 'Done' };

export function PriorityBadge({ priority }: { priority: Priority }) {
  return (
    <Badge size="sm" color={PRIORITY_COLORS[priority]} variant={priority === 'urgent' ? 'filled' : 'light'} data-testid="ticket-priority">
      {PRIORITY_LABELS[priority]}
    </Badge>
  );
}

export function OverdueBadge() {
  return (
    <Badge size="sm" color="red" variant="filled" leftSection={<IconAlertTriangle size={11} aria-hidden />} data-testid="ticket-overdue">
      Overdue
    </Badge>
  );
}

export function StageBadge({ stage }: { stage: TicketSummary['stage'] }) {
  return (
    <Badge size="sm" variant="dot" color={CATEGORY_COLORS[stage.category]} maw={160} data-testid="ticket-stage">
      {stage.name}
    </Badge>
  );
}

/** The assignee's initials (full name on hover), or a dashed circle when nobody has it. */
export function AssigneeAvatar({ assignee, size = 24 }: { assignee: TicketSummary['assignee']; size?: number }) {
  const label = assignee ? `Assigned to ${assignee.name || assignee.email}` : 'Unassigned';
  return (
    <Tooltip label={label}>
      {assignee ? (
        <Avatar size={size} radius="xl" name={assignee.name || assignee.email} color="initials" aria-label={label} role="img" />
      ) : (
        <Avatar size={size} radius="xl" variant="default" aria-label={label} role="img" style={{ borderStyle: 'dashed' }} />
      )}
    </Tooltip>
  );
}

/** "due in 2 days"; red once past due and not done. */
export function DueDate({ ticket }: { ticket: Pick<TicketSummary, 'dueAt' | 'overdue' | 'completedAt'> }) {
  if (ticket.completedAt) return null;
  return (
    <Text
      span
      size="xs"
      c={ticket.overdue ? 'red' : 'dimmed'}
      fw={ticket.overdue ? 600 : undefined}
      title={`Due ${formatDateTime(ticket.dueAt)}`}
      style={{ whiteSpace: 'nowrap' }}
      data-testid="ticket-due"
      data-overdue={ticket.overdue || undefined}
    >
      due {formatRelative(ticket.dueAt)}
    </Text>
  );
}
