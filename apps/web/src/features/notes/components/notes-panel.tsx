import { ActionIcon, Avatar, Card, Group, Menu, Skeleton, Stack, Text, Tooltip } from '@mantine/core';
import { IconDots, IconNotes, IconPencil, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import type { Note } from '@grip/contracts/notes';
import { PermissionGate } from '@/components/access/permission-gate.tsx';
import { ConfirmModal } from '@/components/ui/confirm-modal.tsx';
import { LoadMore } from '@/components/ui/load-more.tsx';
import { QueryError } from '@/components/ui/query-error.tsx';
import { formatDateTime, formatRelative } from '@/lib/format.ts';
import { notifyError, notifySuccess } from '@/lib/notify.ts';
import { useCreateNote, useDeleteNote, useNotes, useUpdateNote } from '../api/notes.ts';
import { NoteEditor } from './note-editor.tsx';

interface NotesPanelProps {
  workspace: string;
  customerId: string;
}

/** A customer's notes: a composer on top, then the notes newest first, each editable by whoever may. */
export function NotesPanel({ workspace, customerId }: NotesPanelProps) {
  const notes = useNotes(workspace, customerId);
  const create = useCreateNote(workspace, customerId);
  const items = notes.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Stack gap="md" data-testid="notes-panel">
      <PermissionGate permission="notes:create" workspace={workspace}>
        <Card withBorder padding="sm">
          <NoteEditor submitLabel="Add note" pending={create.isPending} onSubmit={(body) => create.mutateAsync(body)} clearOnSave data-testid="note-composer" />
        </Card>
      </PermissionGate>
      {notes.isPending ? (
        <Stack gap="sm" aria-busy data-testid="notes-loading">
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} height={72} radius="md" />
          ))}
        </Stack>
      ) : notes.isError ? (
        <QueryError title="Notes could not be loaded" error={notes.error} onRetry={() => void notes.refetch()} retrying={notes.isFetching} />
      ) : items.length === 0 ? (
        <Stack align="center" gap={4} py="xl" c="dimmed" data-testid="notes-empty">
          <IconNotes size={32} stroke={1.4} aria-hidden />
          <Text size="sm">No notes yet.</Text>
        </Stack>
      ) : (
        <Stack gap="sm" data-testid="notes-list">
          {items.map((note) => (
            <NoteCard key={note.id} workspace={workspace} customerId={customerId} note={note} />
          ))}
          <LoadMore hasNextPage={notes.hasNextPage} isFetchingNextPage={notes.isFetchingNextPage} fetchNextPage={notes.fetchNextPage} />
        </Stack>
      )}
    </Stack>
  );
}

function NoteCard({ workspace, customerId, note }: { workspace: string; customerId: string; note: Note }) {
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const update = useUpdateNote(workspace, customerId);
  const remove = useDeleteNote(workspace, customerId);
  const author = note.author?.name || note.author?.email || 'Deleted user';
  const edited = new Date(note.updatedAt).getTime() > new Date(note.createdAt).getTime();

  return (
    <Card withBorder padding="sm" data-testid="note">
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs" mb={6}>
        <Group gap="xs" wrap="nowrap" miw={0}>
          <Avatar size="sm" radius="xl" color="initials" name={author} />
          <Text size="sm" fw={600} truncate>
            {author}
          </Text>
          <Tooltip label={formatDateTime(note.createdAt)}>
            <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
              {formatRelative(note.createdAt)}
            </Text>
          </Tooltip>
          {edited && (
            <Tooltip label={`Edited ${formatDateTime(note.updatedAt)}`}>
              <Text size="xs" c="dimmed" fs="italic" data-testid="note-edited">
                edited
              </Text>
            </Tooltip>
          )}
        </Group>
        {(note.canEdit || note.canDelete) && !editing && (
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon variant="subtle" color="gray" aria-label="Note actions" data-testid="note-menu">
                <IconDots size={16} aria-hidden />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              {note.canEdit && (
                <Menu.Item leftSection={<IconPencil size={14} aria-hidden />} onClick={() => setEditing(true)} data-testid="note-edit">
                  Edit
                </Menu.Item>
              )}
              {note.canDelete && (
                <Menu.Item color="red" leftSection={<IconTrash size={14} aria-hidden />} onClick={() => setDeleting(true)} data-testid="note-delete">
                  Delete
                </Menu.Item>
              )}
            </Menu.Dropdown>
          </Menu>
        )}
      </Group>
      {editing ? (
        <NoteEditor
          initialBody={note.body}
          submitLabel="Save"
          pending={update.isPending}
          autoFocus
          onSubmit={(body) => update.mutateAsync({ noteId: note.id, body }).then(() => setEditing(false))}
          onCancel={() => setEditing(false)}
          data-testid="note-edit-form"
        />
      ) : (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="note-body">
          {note.body}
        </Text>
      )}
      <ConfirmModal
        opened={deleting}
        title="Delete this note?"
        confirmLabel="Delete note"
        danger
        loading={remove.isPending}
        onClose={() => setDeleting(false)}
        onConfirm={() =>
          remove.mutate(note.id, {
            onSuccess: () => {
              setDeleting(false);
              notifySuccess('The note was deleted.');
            },
            onError: (err) => notifyError(err, 'The note could not be deleted'),
          })
        }
      >
        The note will be removed for everyone. This cannot be undone.
      </ConfirmModal>
    </Card>
  );
}
