import { Button, Checkbox, Group, Menu, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconBookmark, IconCheck, IconChevronDown, IconDeviceFloppy, IconPlus, IconTrash, IconUsers } from '@tabler/icons-react';
import { useState } from 'react';
import { z } from 'zod';
import type { SavedView, ViewState } from '@grip/contracts/customers';
import { ConfirmModal } from '@/components/ui/confirm-modal.tsx';
import { FormError } from '@/components/ui/form-error.tsx';
import { useZodForm } from '@/lib/form.ts';
import { notifyError, notifySuccess } from '@/lib/notify.ts';
import { useCreateView, useDeleteView, useUpdateView, useViews, type ViewResource } from './views-api.ts';

interface ViewsMenuProps {
  slug: string;
  resource: ViewResource;
  /** The list's label when no view is applied, e.g. "All customers". */
  defaultLabel: string;
  /** What the list shows now, as a view stores it. */
  state: ViewState;
  /** The saved view the list started from, if any. */
  viewId: string | null;
  /** Whether a view still shows what the list shows (each list knows which differences count). */
  shows: (view: SavedView) => boolean;
  /** Show a saved view, or the default list (null). */
  onApply: (view: SavedView | null) => void;
  /** A view was saved from the current state: it becomes the current view. */
  onSaved: (view: SavedView) => void;
  canShare: boolean;
}

/** Saved views of a list: the user's own and the workspace's shared ones; save the current filters, sort and columns as one. */
export function ViewsMenu({ slug, resource, defaultLabel, state, viewId, shows, onApply, onSaved, canShare }: ViewsMenuProps) {
  const views = useViews(slug, resource);
  const update = useUpdateView(slug, resource);
  const remove = useDeleteView(slug, resource);
  const [saving, save] = useDisclosure(false);
  const [deleting, setDeleting] = useState<SavedView | null>(null);
  const all = views.data ?? [];
  const active = all.find((v) => v.id === viewId) ?? null;
  const modified = active !== null && !shows(active);
  const mine = all.filter((v) => v.mine);
  const shared = all.filter((v) => !v.mine);

  const item = (view: SavedView) => (
    <Menu.Item
      key={view.id}
      onClick={() => onApply(view)}
      leftSection={view.id === active?.id ? <IconCheck size={14} aria-hidden /> : <span style={{ width: 14 }} />}
      rightSection={view.shared ? <IconUsers size={14} aria-label="Shared with the workspace" /> : null}
      data-testid={`${resource}-view-item`}
    >
      {view.name}
      {!view.mine && view.owner && (
        <Text span size="xs" c="dimmed">
          {' '}
          · {view.owner.name || view.owner.email}
        </Text>
      )}
    </Menu.Item>
  );

  return (
    <>
      <Menu position="bottom-start" width={280}>
        <Menu.Target>
          <Button
            variant="default"
            leftSection={<IconBookmark size={16} aria-hidden />}
            rightSection={<IconChevronDown size={14} aria-hidden />}
            maw={260}
            data-testid={`${resource}-views`}
          >
            <Text span size="sm" fw={500} truncate>
              {active ? active.name : defaultLabel}
              {modified && ' (edited)'}
            </Text>
          </Button>
        </Menu.Target>
        <Menu.Dropdown mah={480} style={{ overflowY: 'auto' }}>
          <Menu.Item onClick={() => onApply(null)} leftSection={active === null ? <IconCheck size={14} aria-hidden /> : <span style={{ width: 14 }} />}>
            {defaultLabel}
          </Menu.Item>
          {mine.length > 0 && <Menu.Label>My views</Menu.Label>}
          {mine.map(item)}
          {shared.length > 0 && <Menu.Label>Shared with the workspace</Menu.Label>}
          {shared.map(item)}
          {views.isError && (
            <Text size="xs" c="red" px="sm" py={4}>
              Cannot load the saved views.
            </Text>
          )}
          <Menu.Divider />
          <Menu.Item leftSection={<IconPlus size={14} aria-hidden />} onClick={save.open} data-testid={`${resource}-view-save-new`}>
            Save as new view…
          </Menu.Item>
          {active?.mine && (
            <>
              <Menu.Item
                leftSection={<IconDeviceFloppy size={14} aria-hidden />}
                disabled={!modified || update.isPending}
                onClick={() =>
                  update.mutate(
                    { viewId: active.id, state },
                    {
                      onSuccess: () => notifySuccess(`“${active.name}” now shows what you see.`, 'View updated'),
                      onError: (error) => notifyError(error, 'Could not update the view'),
                    },
                  )
                }
                data-testid={`${resource}-view-update`}
              >
                Save changes to “{active.name}”
              </Menu.Item>
              <Menu.Item color="red" leftSection={<IconTrash size={14} aria-hidden />} onClick={() => setDeleting(active)} data-testid={`${resource}-view-delete`}>
                Delete “{active.name}”
              </Menu.Item>
            </>
          )}
        </Menu.Dropdown>
      </Menu>
      <SaveViewModal slug={slug} resource={resource} opened={saving} onClose={save.close} state={state} canShare={canShare} onSaved={onSaved} />
      <ConfirmModal
        opened={deleting !== null}
        title="Delete view"
        confirmLabel="Delete"
        danger
        loading={remove.isPending}
        onClose={() => setDeleting(null)}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting.id, {
            onSuccess: () => {
              notifySuccess(`“${deleting.name}” was deleted.`, 'View deleted');
              setDeleting(null);
            },
            onError: (error) => notifyError(error, 'Could not delete the view'),
          })
        }
      >
        The view <b>{deleting?.name}</b> will be gone for you{deleting?.shared ? ' and everyone it is shared with' : ''}. The records in it stay as they are.
      </ConfirmModal>
    </>
  );
}

const saveViewForm = z.object({
  name: z.string().trim().min(1, 'Is required').max(80, 'Must be at most 80 characters'),
  shared: z.boolean(),
});

function SaveViewModal({
  slug,
  resource,
  opened,
  onClose,
  state,
  canShare,
  onSaved,
}: {
  slug: string;
  resource: ViewResource;
  opened: boolean;
  onClose: () => void;
  state: ViewState;
  canShare: boolean;
  onSaved: (view: SavedView) => void;
}) {
  const create = useCreateView(slug, resource);
  const form = useZodForm(saveViewForm, { name: '', shared: false });
  const [error, setError] = useState<string | null>(null);
  const close = () => {
    form.reset();
    setError(null);
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title="Save view" data-testid={`${resource}-save-view-modal`}>
      <form
        onSubmit={form.onSubmit((values) =>
          create.mutate(
            { name: values.name, shared: canShare && values.shared, state },
            {
              onSuccess: (view) => {
                notifySuccess(`“${view.name}” is in your views.`, 'View saved');
                onSaved(view);
                close();
              },
              onError: (err) => setError(form.applyServerError(err)),
            },
          ),
        )}
      >
        <Stack>
          <FormError>{error}</FormError>
          <Text size="sm" c="dimmed">
            Saves the current search, filters, sort and columns.
          </Text>
          <TextInput label="Name" placeholder="e.g. My leads" data-autofocus required {...form.textProps('name')} data-testid={`${resource}-view-name`} />
          {canShare && (
            <Checkbox label="Share with the workspace" description="Everyone in the workspace can open it; only you can change it." {...form.checkedProps('shared')} data-testid={`${resource}-view-shared`} />
          )}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending} data-testid={`${resource}-view-save`}>
              Save view
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
