import { Button, Card, Group, Skeleton, Stack, Switch, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { NOTIFICATION_KIND_LABELS, NOTIFICATION_KINDS, type NotificationPreference } from '@grip/contracts/notifications';
import { FormError } from '@/components/ui/form-error.tsx';
import { QueryError } from '@/components/ui/query-error.tsx';
import { notifySuccess } from '@/lib/notify.ts';
import { useNotificationPreferences, useUpdateNotificationPreferences } from '../api/notifications.ts';

/** Per kind of notification: whether it shows in the app and whether it is also emailed. */
export function NotificationPreferences({ workspace }: { workspace: string }) {
  const preferences = useNotificationPreferences(workspace);
  if (preferences.isPending) {
    return (
      <Card aria-busy="true" aria-label="Loading preferences">
        <Stack>
          <Skeleton h={36} />
          <Skeleton h={36} />
        </Stack>
      </Card>
    );
  }
  if (preferences.isError) {
    return (
      <QueryError
        title="Notification preferences could not be loaded"
        error={preferences.error}
        onRetry={() => void preferences.refetch()}
        retrying={preferences.isFetching}
      />
    );
  }
  // Keyed by what the server holds, so a save resets the form to the saved values.
  return <PreferencesForm key={JSON.stringify(preferences.data)} workspace={workspace} saved={preferences.data} />;
}

/** Every known kind, in the contract's order; a kind the server did not list gets the defaults (both on). */
const completePreferences = (saved: NotificationPreference[]): NotificationPreference[] =>
  NOTIFICATION_KINDS.map((kind) => saved.find((p) => p.kind === kind) ?? { kind, inApp: true, email: true });

function PreferencesForm({ workspace, saved }: { workspace: string; saved: NotificationPreference[] }) {
  const initial = completePreferences(saved);
  const [values, setValues] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const update = useUpdateNotificationPreferences(workspace);
  const dirty = values.some((v, i) => v.inApp !== initial[i]?.inApp || v.email !== initial[i]?.email);

  const toggle = (kind: NotificationPreference['kind'], channel: 'inApp' | 'email', on: boolean) =>
    setValues((current) => current.map((v) => (v.kind === kind ? { ...v, [channel]: on } : v)));

  const save = () => {
    setError(null);
    update.mutate(values, {
      onSuccess: () => notifySuccess('Notification preferences saved'),
      onError: (err) => setError(err.message),
    });
  };

  return (
    <Card data-testid="notification-preferences">
      <Stack gap="md">
        <Table verticalSpacing="sm" layout="fixed">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Notify me when</Table.Th>
              <Table.Th w={80} ta="center">
                In app
              </Table.Th>
              <Table.Th w={80} ta="center">
                Email
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {values.map((preference) => {
              const label = NOTIFICATION_KIND_LABELS[preference.kind];
              return (
                <Table.Tr key={preference.kind} data-testid={`preference-${preference.kind}`}>
                  <Table.Td>
                    <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                      {label}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group justify="center">
                      <Switch
                        checked={preference.inApp}
                        onChange={(event) => toggle(preference.kind, 'inApp', event.currentTarget.checked)}
                        aria-label={`${label}: in app`}
                        data-testid={`preference-${preference.kind}-in-app`}
                      />
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Group justify="center">
                      <Switch
                        checked={preference.email}
                        onChange={(event) => toggle(preference.kind, 'email', event.currentTarget.checked)}
                        aria-label={`${label}: email`}
                        data-testid={`preference-${preference.kind}-email`}
                      />
                    </Group>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
        <FormError>{error}</FormError>
        <Group justify="flex-end" gap="xs">
          <Button variant="default" disabled={!dirty || update.isPending} onClick={() => setValues(initial)}>
            Reset
          </Button>
          <Button onClick={save} disabled={!dirty} loading={update.isPending} data-testid="notification-preferences-save">
            Save preferences
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
