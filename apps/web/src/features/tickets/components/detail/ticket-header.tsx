import { ActionIcon, Group, Select, Stack, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { IconPencil } from '@tabler/icons-react';
import { useState, type KeyboardEvent } from 'react';
import type { Ticket } from '@grip/contracts/tickets';
import { notifyError } from '@/lib/notify.ts';
import { usePipelines, useTransitionTicket } from '../../api/ticket.ts';
import { CATEGORY_COLORS, OverdueBadge, PriorityBadge } from '@/components/tickets/ticket-badges.tsx';
import type { TicketSave } from './use-ticket-save.tsx';

interface TicketHeaderProps {
  workspace: string;
  ticket: Ticket;
  canUpdate: boolean;
  save: TicketSave;
}

/** Number, title (edited in place), stage (changing it moves the ticket), priority and the overdue mark. */
export function TicketHeader({ workspace, ticket, canUpdate, save }: TicketHeaderProps) {
  return (
    <Stack gap="xs" mb="lg" data-testid="ticket-header">
      <Group gap="xs">
        <Text ff="monospace" c="dimmed" fw={600} data-testid="ticket-number">
          #{ticket.number}
        </Text>
        <PriorityBadge priority={ticket.priority} />
        {ticket.overdue && <OverdueBadge />}
      </Group>
      <Group justify="space-between" align="flex-start" gap="md" wrap="wrap">
        <TicketTitle ticket={ticket} canUpdate={canUpdate} save={save} />
        <StageSelect workspace={workspace} ticket={ticket} canUpdate={canUpdate} />
      </Group>
    </Stack>
  );
}

function TicketTitle({ ticket, canUpdate, save }: { ticket: Ticket; canUpdate: boolean; save: TicketSave }) {
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const commit = () => {
    if (editing === null) return;
    const title = editing.trim();
    if (title === ticket.title) return setEditing(null);
    if (!title) return setError('The title is required');
    if (title.length > 200) return setError('At most 200 characters');
    save(
      { title },
      {
        onSaved: () => setEditing(null),
        onDiscarded: () => setEditing(null),
        onFailed: (err) => setError(err instanceof Error ? err.message : 'The title could not be saved'),
      },
    );
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      commit();
    } else if (event.key === 'Escape') {
      setEditing(null);
      setError(null);
    }
  };

  if (editing !== null) {
    return (
      <TextInput
        value={editing}
        onChange={(event) => {
          setEditing(event.currentTarget.value);
          setError(null);
        }}
        onBlur={commit}
        onKeyDown={onKeyDown}
        error={error}
        aria-label="Title"
        size="md"
        autoFocus
        maxLength={200}
        style={{ flex: 1, minWidth: 240 }}
        data-testid="ticket-title-input"
      />
    );
  }
  return (
    <Group gap={6} wrap="nowrap" align="flex-start" miw={0} style={{ flex: 1 }}>
      <Title order={1} fz={{ base: 20, sm: 24 }} fw={650} c="bright" style={{ overflowWrap: 'anywhere' }} data-testid="ticket-title">
        {ticket.title}
      </Title>
      {canUpdate && (
        <Tooltip label="Edit title">
          <ActionIcon onClick={() => setEditing(ticket.title)} aria-label="Edit title" mt={4} data-testid="ticket-title-edit">
            <IconPencil size={16} aria-hidden />
          </ActionIcon>
        </Tooltip>
      )}
    </Group>
  );
}

function StageSelect({ workspace, ticket, canUpdate }: { workspace: string; ticket: Ticket; canUpdate: boolean }) {
  const pipelines = usePipelines(workspace);
  const transition = useTransitionTicket(workspace, ticket.id);
  const pipeline = pipelines.data?.find((p) => p.id === ticket.pipelineId);
  // Until the pipeline is known (or if it cannot be), the current stage is the only choice.
  const stages = pipeline?.stages ?? [{ id: ticket.stage.id, name: ticket.stage.name, category: ticket.stage.category, position: 0 }];
  const color = CATEGORY_COLORS[ticket.stage.category];

  return (
    <Select
      aria-label="Stage"
      data={stages.map((s) => ({ value: s.id, label: s.name }))}
      value={ticket.stage.id}
      onChange={(stageId) => {
        if (!stageId || stageId === ticket.stage.id) return;
        // A move is one field: the newest stage wins, no version check (as on the board).
        transition.mutate({ stageId }, { onError: (err) => notifyError(err, 'The ticket could not be moved') });
      }}
      allowDeselect={false}
      disabled={!canUpdate || transition.isPending}
      w={{ base: '100%', xs: 220 }}
      leftSection={<span style={{ width: 8, height: 8, borderRadius: 4, background: `var(--mantine-color-${color}-filled)` }} aria-hidden />}
      comboboxProps={{ withinPortal: true }}
      data-testid="ticket-stage-select"
    />
  );
}
