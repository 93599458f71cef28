import { Alert, Button, Card, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { IconPencil, IconRestore } from '@tabler/icons-react';
import { useState } from 'react';
import type { Ticket } from '@grip/contracts/tickets';
import { useDraft } from '../../api/use-draft.ts';
import { DraftStatusText } from './draft-status.tsx';
import type { TicketSave } from './use-ticket-save.tsx';

interface TicketDescriptionProps {
  workspace: string;
  ticket: Ticket;
  canUpdate: boolean;
  save: TicketSave;
  saving: boolean;
}

/**
 * The ticket's description, edited in place. What is typed is a draft (saved every 30 s and on blur) until "Save";
 * an unsaved draft found on opening the page reopens the editor with it.
 */
export function TicketDescription({ workspace, ticket, canUpdate, save, saving }: TicketDescriptionProps) {
  const draft = useDraft(workspace, `ticket-${ticket.id}-description`, { initialValue: ticket.description });
  const [opened, setOpened] = useState(false);
  const editing = canUpdate && (opened || draft.restored);

  const startEditing = () => {
    // Start from the description as it is now (it may have changed since the page opened).
    if (draft.value !== ticket.description) void draft.clear(ticket.description);
    setOpened(true);
  };
  const close = () => {
    setOpened(false);
    void draft.clear(ticket.description);
  };
  const submit = () => {
    if (draft.value === ticket.description) return close();
    save(
      { description: draft.value },
      {
        onSaved: (saved) => {
          setOpened(false);
          void draft.clear(saved.description);
        },
        onDiscarded: close,
      },
    );
  };

  return (
    <Card padding="md" mb="md" data-testid="ticket-description">
      <Group justify="space-between" gap="xs" mb="xs">
        <Title order={2} fz="sm" fw={600} tt="uppercase" c="dimmed">
          Description
        </Title>
        {editing ? (
          <DraftStatusText status={draft.status} savedAt={draft.savedAt} error={draft.error} data-testid="description-draft-status" />
        ) : (
          canUpdate && (
            <Button size="compact-xs" variant="subtle" leftSection={<IconPencil size={12} aria-hidden />} onClick={startEditing} data-testid="description-edit">
              Edit
            </Button>
          )
        )}
      </Group>
      {editing ? (
        <Stack gap="xs">
          {draft.restored && (
            <Alert color="blue" variant="light" icon={<IconRestore size={16} aria-hidden />} p="xs" data-testid="description-draft-restored">
              <Text size="xs">Your unsaved changes were restored. Save them, or discard them to keep the description as it is.</Text>
            </Alert>
          )}
          <Textarea
            value={draft.value}
            onChange={(event) => draft.setValue(event.currentTarget.value)}
            onBlur={() => void draft.flush()}
            aria-label="Description"
            placeholder="What is this ticket about?"
            autosize
            minRows={4}
            maxRows={20}
            maxLength={50_000}
            autoFocus={opened}
            data-testid="description-input"
          />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" size="xs" onClick={close} data-testid="description-cancel">
              {draft.value === ticket.description ? 'Cancel' : 'Discard changes'}
            </Button>
            <Button size="xs" onClick={submit} loading={saving} data-testid="description-save">
              Save description
            </Button>
          </Group>
        </Stack>
      ) : ticket.description ? (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="description-text">
          {ticket.description}
        </Text>
      ) : (
        <Text size="sm" c="dimmed" fs="italic" data-testid="description-empty">
          No description.
        </Text>
      )}
    </Card>
  );
}
