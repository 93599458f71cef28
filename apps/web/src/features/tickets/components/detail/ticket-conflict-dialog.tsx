import { Button, Group, Modal, ScrollArea, Stack, Table, Text } from '@mantine/core';
import type { Ticket } from '@grip/contracts/tickets';
import { formatDateTime } from '@/lib/format.ts';
import type { TicketChanges } from '../../api/ticket.ts';
import { PRIORITY_LABELS } from '../board/ticket-badges.tsx';

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

/**
 * A save hit a newer version of the ticket. Shows the fields that differ — changed by them, by me, or both — with what
 * is saved now ("theirs") and what an overwrite would save ("mine").
 */
export function TicketConflictDialog({ original, current, changes, overwriting, onReload, onOverwrite, onClose }: TicketConflictDialogProps) {
  const fields = (Object.keys(FIELD_LABELS) as (keyof TicketChanges)[]).filter((field) => {
    const theirs = shown(current, field);
    return theirs !== shown(original, field) || theirs !== shown(current, field, changes);
  });
  return (
    <Modal opened onClose={onClose} title={`Someone changed #${current.number} while you were editing`} size="lg" data-testid="ticket-conflict-dialog">
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          Your change was not saved. Keep what is saved now and drop your edit, or save yours over it (their changes to other fields are
          kept).
        </Text>
        <ScrollArea type="auto">
          <Table striped withTableBorder miw={420} data-testid="ticket-conflict-diff">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Field</Table.Th>
                <Table.Th>Theirs (saved)</Table.Th>
                <Table.Th>Mine</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {fields.map((field) => {
                const theirs = shown(current, field);
                const mine = shown(current, field, changes);
                return (
                  <Table.Tr key={field}>
                    <Table.Td fw={500}>{FIELD_LABELS[field]}</Table.Td>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>{theirs}</Table.Td>
                    <Table.Td c={mine !== theirs ? 'orange' : undefined} style={{ overflowWrap: 'anywhere' }}>
                      {mine}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </ScrollArea>
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onReload} data-testid="ticket-conflict-reload">
            Reload theirs
          </Button>
          <Button color="orange" onClick={onOverwrite} loading={overwriting} data-testid="ticket-conflict-overwrite">
            Overwrite with mine
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
