import { Button, Group, Modal, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { z } from 'zod';
import { createRoleBody, roleKeySchema, type Role } from '@grip/contracts/access';
import { FormError } from '@/components/ui/form-error.tsx';
import { useZodForm } from '@/lib/form.ts';
import { notifySuccess } from '@/lib/notify.ts';
import { useCreateRole, useRoles, useUpdateRole } from '../api/roles.ts';

const detailsSchema = z.object({
  name: z.string().trim().min(2, 'Must be at least 2 characters').max(60, 'Must be at most 60 characters'),
  description: z.string().max(300, 'Must be at most 300 characters'),
});

const createSchema = detailsSchema.extend({
  key: roleKeySchema,
  copyFrom: z.string(),
});

const keyFromName = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);

/** A custom role: a name, a key, and the permissions of an existing role to start from. */
export function CreateRoleModal({ slug, opened, onClose }: { slug: string; opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Create a role" data-testid="create-role-modal">
      {opened && <CreateRoleForm slug={slug} onClose={onClose} />}
    </Modal>
  );
}

function CreateRoleForm({ slug, onClose }: { slug: string; onClose: () => void }) {
  const roles = useRoles(slug);
  const form = useZodForm(createSchema, { name: '', key: '', description: '', copyFrom: '' });
  const [keyEdited, setKeyEdited] = useState(false);
  const create = useCreateRole(slug);
  const [error, setError] = useState<string | null>(null);
  const templates = (roles.data ?? []).filter((r) => r.key !== 'owner');

  const submit = form.onSubmit(({ copyFrom, ...data }) => {
    setError(null);
    const permissions = templates.find((r) => r.id === copyFrom)?.permissions ?? {};
    create.mutate(createRoleBody.parse({ ...data, permissions }), {
      onSuccess: (role) => {
        notifySuccess(`Set what ${role.name} may do in the matrix.`, 'Role created');
        onClose();
      },
      onError: (err) => setError(form.applyServerError(err)),
    });
  });

  const key = form.textProps('key');
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormError>{error}</FormError>
        <TextInput
          label="Name"
          placeholder="Team lead"
          required
          data-autofocus
          {...form.textProps('name')}
          onChange={(event) => {
            const name = event.currentTarget.value;
            form.setValue('name', name);
            if (!keyEdited) form.setValue('key', keyFromName(name));
          }}
        />
        <TextInput
          label="Key"
          description="Used in CSV imports and the API. Lowercase letters, digits and hyphens."
          required
          {...key}
          onChange={(event) => {
            setKeyEdited(true);
            key.onChange(event);
          }}
        />
        <Textarea label="Description" autosize minRows={2} {...form.textProps('description')} />
        <Select
          label="Start with the permissions of"
          placeholder="No permissions"
          clearable
          data={templates.map((r) => ({ value: r.id, label: r.name }))}
          {...form.selectProps('copyFrom')}
        />
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending} data-testid="create-role-submit">
            Create role
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function EditRoleModal({ slug, role, onClose }: { slug: string; role: Role; onClose: () => void }) {
  const form = useZodForm(detailsSchema, { name: role.name, description: role.description });
  const update = useUpdateRole(slug);
  const [error, setError] = useState<string | null>(null);
  const submit = form.onSubmit((data) => {
    setError(null);
    update.mutate(
      { roleId: role.id, ...data },
      {
        onSuccess: () => {
          notifySuccess('Role saved');
          onClose();
        },
        onError: (err) => setError(form.applyServerError(err)),
      },
    );
  });
  return (
    <Modal opened onClose={onClose} title={`Rename ${role.name}`}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <FormError>{error}</FormError>
          <TextInput label="Name" required data-autofocus {...form.textProps('name')} />
          <Textarea label="Description" autosize minRows={2} {...form.textProps('description')} />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={update.isPending}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
