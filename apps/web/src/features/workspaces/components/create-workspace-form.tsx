import { Button, Card, Group, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { z } from 'zod';
import { createWorkspaceBody, slugSchema, type MyWorkspace } from '@grip/contracts/access';
import { FormError } from '@/components/ui/form-error.tsx';
import { useZodForm } from '@/lib/form.ts';
import { notifySuccess } from '@/lib/notify.ts';
import { useCreateWorkspace } from '../api/workspace.ts';
import { slugify } from './slugify.ts';

const schema = z.object({
  name: createWorkspaceBody.shape.name,
  // Empty: the server derives the slug from the name.
  slug: z.union([z.literal(''), slugSchema]).transform((slug) => slug || undefined),
});

export function CreateWorkspaceForm({ onCreated }: { onCreated: (workspace: MyWorkspace) => void }) {
  const form = useZodForm(schema, { name: '', slug: '' });
  const [slugEdited, setSlugEdited] = useState(false);
  const create = useCreateWorkspace();
  const [error, setError] = useState<string | null>(null);

  const submit = form.onSubmit((data) => {
    setError(null);
    create.mutate(data, {
      onSuccess: (workspace) => {
        notifySuccess(`${workspace.name} is ready.`, 'Workspace created');
        onCreated(workspace);
      },
      onError: (err) => setError(form.applyServerError(err)),
    });
  });

  const slug = form.textProps('slug');
  const origin = typeof window === 'undefined' ? '' : window.location.host;

  return (
    <Card component="form" onSubmit={submit} noValidate data-testid="create-workspace-form">
      <Stack gap="md">
        <FormError>{error}</FormError>
        <TextInput
          label="Workspace name"
          description="Usually your company or team name."
          placeholder="Acme Insurance"
          required
          autoFocus
          {...form.textProps('name')}
          onChange={(event) => {
            const name = event.currentTarget.value;
            form.setValue('name', name);
            if (!slugEdited) form.setValue('slug', slugify(name));
          }}
        />
        <TextInput
          label="URL"
          description="Lowercase letters, digits and hyphens. You can change it later."
          leftSection={
            <Text size="sm" c="dimmed" pl={10} style={{ whiteSpace: 'nowrap' }}>
              /w/
            </Text>
          }
          leftSectionWidth={40}
          placeholder="acme-insurance"
          {...slug}
          onChange={(event) => {
            setSlugEdited(true);
            slug.onChange(event);
          }}
        />
        {form.values.slug && (
          <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            Your workspace will live at {origin}/w/{form.values.slug}
          </Text>
        )}
        <Group justify="flex-end">
          <Button type="submit" loading={create.isPending} data-testid="create-workspace-submit">
            Create workspace
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
