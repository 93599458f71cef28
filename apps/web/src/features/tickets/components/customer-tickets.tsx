import { PanelList } from '@/components/ui/panel-list.tsx';
import { Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconTicket } from '@tabler/icons-react';
import type { TicketSummary } from '@grip/contracts/tickets';
import { RouterAnchor } from '@/components/ui/link.tsx';
import { formatDate } from '@/lib/format.ts';
import { useCustomerTickets } from '../api/ticket.ts';
import { AssigneeAvatar, DueDate, OverdueBadge, PriorityBadge, StageBadge } from '@/components/tickets/ticket-badges.tsx';
import { NewTicketButton } from './new-ticket/new-ticket-button.tsx';

interface CustomerTicketsProps {
  workspace: string;
  customerId: string;
  customerName: string;
}

/** The Tickets tab of a customer: their tickets, newest first, and "New ticket" preset to them. */
export function CustomerTickets({ workspace, customerId, customerName }: CustomerTicketsProps) {
  const tickets = useCustomerTickets(workspace, customerId);
  const isPhone = useMediaQuery('(max-width: 48em)');
  const rows = tickets.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Stack gap="sm" data-testid="customer-tickets">
      <Group justify="space-between" gap="xs">
        <Title order={2} fz="lg" fw={600}>
          Tickets
        </Title>
        <NewTicketButton customerId={customerId} size="xs" />
      </Group>
      <PanelList
        query={tickets}
        count={rows.length}
        noun="tickets"
        empty={{ icon: <IconTicket size={28} aria-hidden />, title: 'No tickets yet', description: `${customerName} has not asked for anything yet.`, testId: 'customer-tickets-empty' }}
      >
        {isPhone ? <TicketCards workspace={workspace} rows={rows} /> : <TicketTable workspace={workspace} rows={rows} />}
      </PanelList>
    </Stack>
  );
}

function TicketLink({ workspace, ticket }: { workspace: string; ticket: TicketSummary }) {
  return (
    <RouterAnchor
      to="/w/$workspace/tickets/$ticketId"
      params={{ workspace, ticketId: ticket.id }}
      size="sm"
      fw={600}
      c="bright"
      style={{ overflowWrap: 'anywhere' }}
      data-testid="customer-ticket-link"
    >
      <Text span ff="monospace" c="dimmed" size="sm" mr={6}>
        #{ticket.number}
      </Text>
      {ticket.title}
    </RouterAnchor>
  );
}

function TicketTable({ workspace, rows }: { workspace: string; rows: TicketSummary[] }) {
  return (
    <Card p={0} data-testid="customer-tickets-table">
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Ticket</Table.Th>
              <Table.Th>Stage</Table.Th>
              <Table.Th>Priority</Table.Th>
              <Table.Th>Assignee</Table.Th>
              <Table.Th>Due</Table.Th>
              <Table.Th>Created</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((ticket) => (
              <Table.Tr key={ticket.id} data-testid="customer-ticket-row" data-number={ticket.number}>
                <Table.Td>
                  <TicketLink workspace={workspace} ticket={ticket} />
                </Table.Td>
                <Table.Td>
                  <StageBadge stage={ticket.stage} />
                </Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <PriorityBadge priority={ticket.priority} />
                    {ticket.overdue && <OverdueBadge />}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <AssigneeAvatar assignee={ticket.assignee} />
                </Table.Td>
                <Table.Td>{ticket.completedAt ? <Text size="xs" c="dimmed">Done</Text> : <DueDate ticket={ticket} />}</Table.Td>
                <Table.Td>
                  <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                    {formatDate(ticket.createdAt)}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}

/** Phones: one card per ticket, the same facts stacked. */
function TicketCards({ workspace, rows }: { workspace: string; rows: TicketSummary[] }) {
  return (
    <Stack gap="xs" data-testid="customer-tickets-cards">
      {rows.map((ticket) => (
        <Card key={ticket.id} p="sm" data-testid="customer-ticket-row" data-number={ticket.number}>
          <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
            <TicketLink workspace={workspace} ticket={ticket} />
            <AssigneeAvatar assignee={ticket.assignee} />
          </Group>
          <Group gap={6} mt={6}>
            <StageBadge stage={ticket.stage} />
            <PriorityBadge priority={ticket.priority} />
            {ticket.overdue && <OverdueBadge />}
            <DueDate ticket={ticket} />
          </Group>
        </Card>
      ))}
    </Stack>
  );
}
