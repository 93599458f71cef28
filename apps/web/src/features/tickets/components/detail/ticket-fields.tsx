import { Button, Card, Group, Select, Stack, Text, Title, Tooltip } from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { IconRestore, IconUserCheck } from '@tabler/icons-react';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import type { Priority, Ticket } from '@grip/contracts/tickets';
import { RouterAnchor } from '@/components/ui/link.tsx';
import { formatDateTime } from '@/lib/format.ts';
import { useMe } from '@/lib/me.ts';
import { notifyError } from '@/lib/notify.ts';
import { useAssignTicket, useAssigneeChoices } from '../../api/ticket.ts';
import { PRIORITIES_BY_URGENCY, PRIORITY_LABELS } from '@/components/tickets/ticket-badges.tsx';
import { personName } from './ticket-display.tsx';
import type { TicketSave } from './use-ticket-save.tsx';

interface TicketFieldsProps {
  workspace: string;
  ticket: Ticket;
  canUpdate: boolean;
  /** May assign anyone (`all`) or only themselves (`own`); null: may not assign. */
  assignScope: 'all' | 'own' | null;
  save: TicketSave;
}

function Field({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <Stack gap={4} data-testid={testId}>
      <Text size="xs" fw={600} c="dimmed" tt="uppercase">
        {label}
      </Text>
      {children}
    </Stack>
  );
}

const PICKER_FORMAT = 'YYYY-MM-DD HH:mm:ss';

/** The side panel: who it is for, who has it, how urgent, when it is due, and its dates. */
export function TicketFields({ workspace, ticket, canUpdate, assignScope, save }: TicketFieldsProps) {
  return (
    <Card padding="md" data-testid="ticket-fields">
      <Stack gap="md">
        <Title order={2} fz="sm" fw={600} tt="uppercase" c="dimmed">
          Details
        </Title>
        <Field label="Customer" testId="field-customer">
          <RouterAnchor
            to="/w/$workspace/customers/$customerId"
            params={{ workspace, customerId: ticket.customer.id }}
            size="sm"
            fw={500}
            data-testid="ticket-customer-link"
          >
            {ticket.customer.name}
          </RouterAnchor>
        </Field>
        <AssigneeField workspace={workspace} ticket={ticket} assignScope={assignScope} />
        <Field label="Priority">
          <Select
            aria-label="Priority"
            data={PRIORITIES_BY_URGENCY.map((p) => ({ value: p, label: PRIORITY_LABELS[p] }))}
            value={ticket.priority}
            onChange={(value) => value && value !== ticket.priority && save({ priority: value as Priority })}
            allowDeselect={false}
            disabled={!canUpdate}
            size="sm"
            comboboxProps={{ withinPortal: true }}
            data-testid="ticket-priority-select"
          />
        </Field>
        <DueField ticket={ticket} canUpdate={canUpdate} save={save} />
        <Field label="Created">
          <Text size="sm" data-testid="ticket-created">
            {formatDateTime(ticket.createdAt)}
            {ticket.createdBy ? ` by ${personName(ticket.createdBy)}` : ''}
            {ticket.source !== 'staff' ? ` · via ${ticket.source}` : ''}
          </Text>
        </Field>
        <Field label="Updated">
          <Text size="sm">{formatDateTime(ticket.updatedAt)}</Text>
        </Field>
        {ticket.completedAt && (
          <Field label="Completed">
            <Text size="sm" data-testid="ticket-completed">
              {formatDateTime(ticket.completedAt)}
            </Text>
          </Field>
        )}
      </Stack>
    </Card>
  );
}

function AssigneeField({ workspace, ticket, assignScope }: { workspace: string; ticket: Ticket; assignScope: TicketFieldsProps['assignScope'] }) {
  const meId = useMe().data?.user.id;
  const members = useAssigneeChoices(workspace);
  const assign = useAssignTicket(workspace, ticket.id);
  const send = (assigneeId: string | null) =>
    assign.mutate({ assigneeId }, { onError: (err) => notifyError(err, 'The ticket could not be assigned') });

  const options = (members.data ?? []).map((m) => ({ value: m.userId, label: m.name || m.email }));
  // A former member can still hold tickets: keep them selectable as the current value.
  if (ticket.assignee && !options.some((o) => o.value === ticket.assignee?.id)) {
    options.unshift({ value: ticket.assignee.id, label: personName(ticket.assignee) });
  }
  const mine = ticket.assignee?.id === meId;

  return (
    <Field label="Assignee" testId="field-assignee">
      {assignScope === 'all' ? (
        <Select
          aria-label="Assignee"
          placeholder="Unassigned"
          data={options}
          value={ticket.assignee?.id ?? null}
          onChange={(value) => value !== (ticket.assignee?.id ?? null) && send(value)}
          searchable
          clearable
          nothingFoundMessage={members.isError ? 'Cannot load members' : 'No member matches'}
          disabled={assign.isPending}
          size="sm"
          comboboxProps={{ withinPortal: true }}
          data-testid="ticket-assignee-select"
        />
      ) : (
        <Text size="sm" c={ticket.assignee ? undefined : 'dimmed'} data-testid="ticket-assignee">
          {ticket.assignee ? personName(ticket.assignee) : 'Unassigned'}
        </Text>
      )}
      {assignScope && !mine && (
        <Button
          size="compact-sm"
          variant="light"
          leftSection={<IconUserCheck size={14} aria-hidden />}
          onClick={() => send('me')}
          loading={assign.isPending}
          w="fit-content"
          data-testid="assign-to-me"
        >
          Assign to me
        </Button>
      )}
    </Field>
  );
}

function DueField({ ticket, canUpdate, save }: { ticket: Ticket; canUpdate: boolean; save: TicketSave }) {
  const fromSla = ticket.dueSource === 'sla';
  return (
    <Field label="Due" testId="field-due">
      <DateTimePicker
        aria-label="Due"
        value={ticket.dueAt ? dayjs(ticket.dueAt).format(PICKER_FORMAT) : null}
        onChange={(value) => {
          if (!value) return;
          const dueAt = dayjs(value).toISOString();
          if (ticket.dueAt && dayjs(ticket.dueAt).isSame(dueAt)) return;
          save({ dueAt });
        }}
        valueFormat="D MMM YYYY HH:mm"
        disabled={!canUpdate}
        size="sm"
        error={ticket.overdue ? 'Overdue' : undefined}
        popoverProps={{ withinPortal: true }}
        data-testid="ticket-due-picker"
      />
      <Group gap="xs" justify="space-between">
        <Text size="xs" c="dimmed" data-testid="ticket-due-source">
          {fromSla ? `From the SLA target for ${PRIORITY_LABELS[ticket.priority].toLowerCase()} priority` : 'Set by hand'}
        </Text>
        {canUpdate && !fromSla && (
          <Tooltip label="Due date from the workspace's SLA target for this priority">
            <Button
              size="compact-xs"
              variant="subtle"
              leftSection={<IconRestore size={12} aria-hidden />}
              onClick={() => save({ dueAt: null })}
              data-testid="ticket-due-reset"
            >
              Reset to SLA
            </Button>
          </Tooltip>
        )}
      </Group>
    </Field>
  );
}
