import { Alert, Button, Card, Group, Skeleton, Stack, Switch, Text, TextInput } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { useState } from 'react';
import { z } from 'zod';
import { slugSchema, type MyWorkspace } from '@grip/contracts/access';
import { FormError } from '@/components/ui/form-error.tsx';
import { QueryError } from '@/components/ui/query-error.tsx';
import { hasPermission } from '@/lib/access.ts';
import { formatDate } from '@/lib/format.ts';
import { useZodForm } from '@/lib/form.ts';
import { useMe } from '@/lib/me.ts';
import { notifySuccess } from '@/lib/notify.ts';
import { useUpdateWorkspace, useWorkspace } from '../api/workspace.ts';

const schema = z.object({
  name: z.string().trim().min(2, 'Must be at least 2 characters').max(80, 'Must be at most 80 characters'),
  slug: slugSchema,
  requireTwoFactor: z.boolean(),
});

interface Props {
  slug: string;
  /** Called after a save that changed the slug: the current URL no longer exists. */
  onSlugChanged: (slug: string) => void;
}

export function WorkspaceGeneralSettings({ slug, onSlugChanged }: Props) {
  const workspace = useWorkspace(slug);
  if (workspace.isPending) {
    return (
      <Card aria-busy="true" aria-label="Loading settings">
        <Stack>
          <Skeleton h={56} />
          <Skeleton h={56} />
          <Skeleton h={40} />
        </Stack>
      </Card>
    );
  }
  if (workspace.isError) {
    return (
      <QueryError
        title="Cannot load the workspace"
        error={workspace.error}
        onRetry={() => void workspace.refetch()}
        retrying={workspace.isFetching}
      />
    );
  }
  // Keyed by the saved values, so a save (or someone else's change) resets the form to what the server holds.
  return <GeneralForm key={`${workspace.data.name}|${workspace.data.slug}|${workspace.data.requireTwoFactor}`} workspace={workspace.data} onSlugChanged={onSlugChanged} />;
}

function GeneralForm({ workspace, onSlugChanged }: { workspace: MyWorkspace; onSlugChanged: (slug: string) => void }) {
  const canEdit = hasPermission(workspace.permissions, 'workspace:update');
  // Requiring two-factor while not using it would lock the editor out of this very page.
  const ownTwoFactor = useMe().data?.user.twoFactorEnabled ?? false;
  const form = useZodForm(schema, { name: workspace.name, slug: workspace.slug, requireTwoFactor: workspace.requireTwoFactor });
  const update = useUpdateWorkspace(workspace.slug);
  const [error, setError] = useState<string | null>(null);

  const submit = form.onSubmit((data) => {
    const changes = {
      ...(data.name !== workspace.name && { name: data.name }),
      ...(data.slug !== workspace.slug && { slug: data.slug }),
      ...(data.requireTwoFactor !== workspace.requireTwoFactor && { requireTwoFactor: data.requireTwoFactor }),
    };
    if (Object.keys(changes).length === 0) return;
    setError(null);
    update.mutate(changes, {
      onSuccess: (saved) => {
        notifySuccess('Workspace settings saved');
        if (saved.slug !== workspace.slug) onSlugChanged(saved.slug);
      },
      onError: (err) => setError(form.applyServerError(err)),
    });
  });

  const dirty =
    form.values.name !== workspace.name ||
    form.values.slug !== workspace.slug ||
    form.values.requireTwoFactor !== workspace.requireTwoFactor;

  return (
    <Card component="form" onSubmit={submit} noValidate data-testid="workspace-settings-form">
      <Stack gap="lg">
        {!canEdit && (
          <Alert variant="light" color="gray" icon={<IconInfoCircle size={18} aria-hidden />}>
            Only roles with the “{'workspace:update'}” permission can change these settings.
          </Alert>
        )}
        <FormError>{error}</FormError>
        <TextInput label="Name" required readOnly={!canEdit} {...form.textProps('name')} />
        <TextInput
          label="URL slug"
          description="Changing it changes every link to this workspace; old links stop working."
          required
          readOnly={!canEdit}
          {...form.textProps('slug')}
        />
        <Switch
          label="Require two-factor authentication"
          description={
            !ownTwoFactor && !form.values.requireTwoFactor
              ? 'Turn on two-factor authentication for your own account first (Account page).'
              : 'Members without two-factor authentication must turn it on before they can work here.'
          }
          disabled={!canEdit || (!ownTwoFactor && !form.values.requireTwoFactor)}
          {...form.checkedProps('requireTwoFactor')}
        />
        <Group justify="space-between" gap="sm">
          <Text size="xs" c="dimmed">
            Created {formatDate(workspace.createdAt)}
          </Text>
          {canEdit && (
            <Group gap="xs">
              <Button variant="default" disabled={!dirty || update.isPending} onClick={() => form.reset()}>
                Discard
              </Button>
              <Button type="submit" disabled={!dirty} loading={update.isPending} data-testid="workspace-settings-save">
                Save changes
              </Button>
            </Group>
          )}
        </Group>
      </Stack>
    </Card>
  );
}
