import { Badge, Button, Group, Skeleton, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconDeviceDesktop, IconDeviceMobile } from '@tabler/icons-react';
import { QueryError } from '@/components/ui/query-error.tsx';
import { formatDateTime, formatRelative } from '@/lib/format.ts';
import { notifyError, notifySuccess } from '@/lib/notify.ts';
import { useRevokeAllSessions, useRevokeOtherSessions, useRevokeSession, useSessions, type Session } from '../api/sessions.ts';
import { SectionCard } from './section-card.tsx';
import { describeUserAgent } from './user-agent.ts';

/** Where the user is signed in; each session can be ended, or all of them at once. */
export function SessionsCard({ onSignedOutEverywhere }: { onSignedOutEverywhere: () => void }) {
  const sessions = useSessions();
  const revokeOthers = useRevokeOtherSessions();
  const revokeAll = useRevokeAllSessions();
  const others = sessions.data ? sessions.data.sessions.length - (sessions.data.currentId ? 1 : 0) : 0;

  return (
    <SectionCard
      title="Sessions"
      description="Browsers and devices signed in to your account. End any you do not recognise."
      data-testid="account-sessions"
    >
      {sessions.isPending ? (
        <Stack gap="sm" aria-busy="true" aria-label="Loading sessions">
          <Skeleton h={52} />
          <Skeleton h={52} />
        </Stack>
      ) : sessions.isError ? (
        <QueryError title="Cannot load your sessions" error={sessions.error} onRetry={() => void sessions.refetch()} retrying={sessions.isFetching} />
      ) : (
        <Stack gap="md">
          <Stack gap={0}>
            {sessions.data.sessions.map((session) => (
              <SessionRow key={session.id} session={session} current={session.id === sessions.data.currentId} />
            ))}
          </Stack>
          <Group justify="flex-end" gap="xs">
            <Button
              variant="default"
              disabled={others === 0}
              loading={revokeOthers.isPending}
              onClick={() =>
                revokeOthers.mutate(undefined, {
                  onSuccess: () => notifySuccess('Every other session was signed out'),
                  onError: (error) => notifyError(error, 'Could not sign out the other sessions'),
                })
              }
            >
              Sign out other sessions
            </Button>
            <Button
              color="red"
              variant="light"
              loading={revokeAll.isPending}
              data-testid="sign-out-everywhere"
              onClick={() =>
                revokeAll.mutate(undefined, {
                  onSuccess: onSignedOutEverywhere,
                  onError: (error) => notifyError(error, 'Could not sign out everywhere'),
                })
              }
            >
              Sign out everywhere
            </Button>
          </Group>
        </Stack>
      )}
    </SectionCard>
  );
}

function SessionRow({ session, current }: { session: Session; current: boolean }) {
  const revoke = useRevokeSession();
  const mobile = /Mobile|Android|iPhone|iPad/.test(session.userAgent ?? '');
  const Icon = mobile ? IconDeviceMobile : IconDeviceDesktop;
  return (
    <Group
      justify="space-between"
      wrap="nowrap"
      py="sm"
      style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
      data-testid="session-row"
    >
      <Group gap="sm" wrap="nowrap" miw={0}>
        <ThemeIcon variant="light" color="gray" size={36} radius="md">
          <Icon size={19} stroke={1.7} aria-hidden />
        </ThemeIcon>
        <Stack gap={0} miw={0}>
          <Group gap={6}>
            <Text size="sm" fw={600}>
              {describeUserAgent(session.userAgent)}
            </Text>
            {current && (
              <Badge color="teal" size="sm">
                This device
              </Badge>
            )}
          </Group>
          <Text size="xs" c="dimmed" truncate>
            {session.ipAddress || 'Unknown IP'} · last active{' '}
            <span title={formatDateTime(session.updatedAt)}>{formatRelative(session.updatedAt)}</span>
          </Text>
        </Stack>
      </Group>
      {!current && (
        <Button
          size="xs"
          variant="subtle"
          color="red"
          loading={revoke.isPending}
          onClick={() =>
            revoke.mutate(session.token, {
              onSuccess: () => notifySuccess('The session was signed out'),
              onError: (error) => notifyError(error, 'Could not sign out the session'),
            })
          }
        >
          Sign out
        </Button>
      )}
    </Group>
  );
}
