import { Alert, Button, Group, Skeleton, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconAlertTriangle, IconMailOpened } from '@tabler/icons-react';
import { RouterButton } from '@/components/ui/link.tsx';
import { FormError } from '@/components/ui/form-error.tsx';
import { findMembership } from '@/lib/access.ts';
import { isApiError } from '@/lib/api.ts';
import { formatDate } from '@/lib/format.ts';
import { useMe } from '@/lib/me.ts';
import { notifyError, notifySuccess } from '@/lib/notify.ts';
import { useSignOut } from '@/lib/session.ts';
import { useAcceptInvitation, useInvitationPreview } from '../api/accept-invitation.ts';

interface AcceptInvitationProps {
  token: string;
  onAccepted: (workspaceSlug: string) => void;
}

/**
 * The page an invitation email links to. Signed out: sign in or create an account with the invited address, then
 * come back here. Signed in with that address: accept.
 */
export function AcceptInvitation({ token, onAccepted }: AcceptInvitationProps) {
  const preview = useInvitationPreview(token);
  const me = useMe();
  const accept = useAcceptInvitation(token);
  const signOut = useSignOut();

  if (preview.isPending || me.isPending) {
    return (
      <Stack gap="md" aria-busy="true" aria-label="Loading invitation">
        <Skeleton h={44} w={44} />
        <Skeleton h={22} w="70%" />
        <Skeleton h={14} />
        <Skeleton h={36} mt="md" />
      </Stack>
    );
  }

  if (preview.isError) {
    return (
      <Stack gap="md" data-testid="invitation-invalid">
        <ThemeIcon size={44} radius="md" variant="light" color="red">
          <IconAlertTriangle size={24} aria-hidden />
        </ThemeIcon>
        <Title order={1} fz={22} fw={650} c="bright">
          This invitation does not work
        </Title>
        <Text size="sm" c="dimmed">
          {isApiError(preview.error) && preview.error.status === 404
            ? 'The link is wrong or the invitation was deleted. Ask whoever invited you for a new one.'
            : preview.error.message}
        </Text>
        <RouterButton to="/" variant="default">
          Go to Grip
        </RouterButton>
      </Stack>
    );
  }

  const invitation = preview.data;
  const here = `/invite/${token}`;
  const signedIn = me.data ?? null;
  const sameEmail = signedIn?.user.email.toLowerCase() === invitation.email.toLowerCase();
  const alreadyMember = findMembership(signedIn, invitation.workspace.slug);

  const header = (
    <Stack gap="xs">
      <ThemeIcon size={44} radius="md" variant="light">
        <IconMailOpened size={24} aria-hidden />
      </ThemeIcon>
      <Title order={1} fz={22} fw={650} c="bright" data-testid="invitation-title">
        Join {invitation.workspace.name}
      </Title>
      <Text size="sm" c="dimmed">
        <b>{invitation.email}</b> is invited to join as <b>{invitation.role}</b>.
        {invitation.status === 'pending' && ` The invitation expires on ${formatDate(invitation.expiresAt)}.`}
      </Text>
    </Stack>
  );

  if (invitation.status !== 'pending' && !alreadyMember) {
    const reason = {
      accepted: 'This invitation has already been accepted.',
      revoked: 'This invitation was revoked. Ask whoever invited you for a new one.',
      expired: 'This invitation has expired. Ask whoever invited you to send it again.',
    }[invitation.status];
    return (
      <Stack gap="lg" data-testid="invitation-closed">
        {header}
        <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} aria-hidden />}>
          {reason}
        </Alert>
        <RouterButton to="/" variant="default">
          Go to Grip
        </RouterButton>
      </Stack>
    );
  }

  if (alreadyMember) {
    return (
      <Stack gap="lg" data-testid="invitation-already-member">
        {header}
        <Text size="sm">You are a member of {alreadyMember.workspace.name}.</Text>
        <RouterButton to="/w/$workspace" params={{ workspace: alreadyMember.workspace.slug }}>
          Open {alreadyMember.workspace.name}
        </RouterButton>
      </Stack>
    );
  }

  if (!signedIn) {
    return (
      <Stack gap="lg" data-testid="invitation-signed-out">
        {header}
        <Stack gap="xs">
          <RouterButton to="/sign-up" search={{ email: invitation.email, redirect: here }} data-testid="invitation-sign-up">
            Create an account
          </RouterButton>
          <RouterButton to="/sign-in" search={{ email: invitation.email, redirect: here }} variant="default" data-testid="invitation-sign-in">
            I already have an account
          </RouterButton>
        </Stack>
      </Stack>
    );
  }

  if (!sameEmail) {
    return (
      <Stack gap="lg" data-testid="invitation-wrong-account">
        {header}
        <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} aria-hidden />}>
          You are signed in as <b>{signedIn.user.email}</b>. Sign in as {invitation.email} to accept.
        </Alert>
        <Button
          variant="default"
          loading={signOut.isPending}
          onClick={() => signOut.mutate(undefined, { onError: (error) => notifyError(error, 'Could not sign out') })}
        >
          Sign out and switch account
        </Button>
      </Stack>
    );
  }

  return (
    <Stack gap="lg" data-testid="invitation-accept">
      {header}
      <FormError>{accept.error?.message}</FormError>
      <Group grow>
        <Button
          loading={accept.isPending}
          data-testid="invitation-accept-button"
          onClick={() =>
            accept.mutate(undefined, {
              onSuccess: ({ workspace }) => {
                notifySuccess(`Welcome to ${invitation.workspace.name}.`, 'Invitation accepted');
                onAccepted(workspace.slug);
              },
            })
          }
        >
          Accept and join
        </Button>
      </Group>
    </Stack>
  );
}
