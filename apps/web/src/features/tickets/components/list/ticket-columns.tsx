import { Group, Text } from '@mantine/core';
import type { TicketSummary } from '@grip/contracts/tickets';
import type { DataTableColumn } from '@/components/data-table/data-table.tsx';
import { formatDate, formatDateTime, formatRelative } from '@/lib/format.ts';
import { AssigneeAvatar, OverdueBadge, PriorityBadge, StageBadge } from '@/components/tickets/ticket-badges.tsx';

const When = ({ iso, relative }: { iso: string; relative?: boolean }) => (
  <Text span size="sm" c="dimmed" title={formatDateTime(iso)}>
    {relative ? formatRelative(iso) : formatDate(iso)}
  </Text>
);

function Due({ ticket }: { ticket: TicketSummary }) {
  return (
    <Group gap={6} wrap="nowrap">
      <Text span size="sm" c={ticket.overdue ? 'red' : ticket.completedAt ? 'dimmed' : undefined} title={formatDateTime(ticket.dueAt)}>
        {formatDate(ticket.dueAt)}
      </Text>
      {ticket.overdue && <OverdueBadge />}
    </Group>
  );
}

function Assignee({ ticket }: { ticket: TicketSummary }) {
  if (!ticket.assignee) {
    return (
      <Text span size="sm" c="dimmed">
        Unassigned
      </Text>
    );
  }
  return (
    <Group gap={6} wrap="nowrap" miw={0}>
      <AssigneeAvatar assignee={ticket.assignee} size={22} />
      <Text span size="sm" truncate>
        {ticket.assignee.name || ticket.assignee.email}
      </Text>
    </Group>
  );
}

/** The tickets list's columns; the sortable ones are the server's sort keys (TICKET_SORT_FIELDS). */
export const ticketColumns: DataTableColumn<TicketSummary>[] = [
  {
    id: 'number',
    header: '#',
    sortable: true,
    hideable: false,
    width: 84,
    card: 'subtitle',
    cell: (t) => (
      <Text span size="sm" ff="monospace" c="dimmed">
        #{t.number}
      </Text>
    ),
  },
  // Plain text: it also names the row's checkbox ("Select <title>") for screen readers.
  { id: 'title', header: 'Title', sortable: true, hideable: false, card: 'title', cell: (t) => t.title },
  { id: 'customer', header: 'Customer', width: 170, card: 'subtitle', cell: (t) => t.customer.name },
  { id: 'stage', header: 'Stage', width: 140, cell: (t) => <StageBadge stage={t.stage} /> },
  { id: 'priority', header: 'Priority', sortable: true, width: 110, cell: (t) => <PriorityBadge priority={t.priority} /> },
  { id: 'assignee', header: 'Assignee', width: 160, cell: (t) => <Assignee ticket={t} /> },
  { id: 'dueAt', header: 'Due', sortable: true, width: 210, cell: (t) => <Due ticket={t} /> },
  { id: 'createdAt', header: 'Created', sortable: true, width: 125, card: 'hidden', cell: (t) => <When iso={t.createdAt} /> },
  { id: 'updatedAt', header: 'Updated', sortable: true, width: 125, card: 'hidden', cell: (t) => <When iso={t.updatedAt} relative /> },
];

/** Shown until the user picks columns: all but the dates of the record itself, so the title has room on a laptop. */
export const DEFAULT_COLUMN_IDS = ticketColumns.map((c) => c.id).filter((id) => id !== 'createdAt' && id !== 'updatedAt');
