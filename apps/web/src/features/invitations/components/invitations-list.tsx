import { Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { IconMailForward, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import type { Invitation } from '@grip/contracts/access';
import { ConfirmModal } from '@/components/ui/confirm-modal.tsx';
import { LoadMore } from '@/components/ui/load-more.tsx';
import { QueryError } from '@/components/ui/query-error.tsx';
import { TableSkeleton } from '@/components/ui/table-skeleton.tsx';
import { formatDate, formatRelative } from '@/lib/format.ts';
import { notifyError, notifySuccess } from '@/lib/notify.ts';
import { useInvitations, useResendInvitation, useRevokeInvitation } from '../api/invitations.ts';
import { InvitationStatusBadge } from './invitation-status-badge.tsx';

/** Invitations of the workspace: who was asked, as what, and whether they came. */
export function InvitationsList({ slug, canManage }: { slug: string; canManage: boolean }) {
  const invitations = useInvitations(slug);
  const [revoking, setRevoking] = useState<Invitation | null>(null);
  const revoke = useRevokeInvitation(slug);

  return (
    <Stack gap="sm" data-testid="invitations">
      <Title order={2} fz="lg" fw={600} c="bright">
        Invitations
      </Title>
      {invitations.isPending ? (
        <Card p={0}>
          <TableSkeleton rows={3} label="Loading invitations" />
        </Card>
      ) : invitations.isError ? (
        <QueryError
          title="Cannot load the invitations"
          error={invitations.error}
          onRetry={() => void invitations.refetch()}
          retrying={invitations.isFetching}
        />
      ) : invitations.data.pages[0]?.items.length === 0 ? (
        <Card>
          <Text size="sm" c="dimmed" data-testid="invitations-empty">
            No invitations yet.{canManage ? ' Use “Invite people” to add colleagues by email.' : ''}
          </Text>
        </Card>
      ) : (
        <>
          <Card p={0}>
            <Table.ScrollContainer minWidth={640}>
              <Table verticalSpacing="sm" horizontalSpacing="md" data-testid="invitations-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Email</Table.Th>
                    <Table.Th>Role</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th>Expires</Table.Th>
                    {canManage && <Table.Th aria-label="Actions" />}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {invitations.data.pages
                    .flatMap((page) => page.items)
                    .map((invitation) => (
                      <InvitationRow key={invitation.id} slug={slug} invitation={invitation} canManage={canManage} onRevoke={() => setRevoking(invitation)} />
                    ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Card>
          <LoadMore
            hasNextPage={invitations.hasNextPage}
            isFetchingNextPage={invitations.isFetchingNextPage}
            fetchNextPage={invitations.fetchNextPage}
          />
        </>
      )}
      <ConfirmModal
        opened={revoking !== null}
        title="Revoke invitation"
        confirmLabel="Revoke"
        danger
        loading={revoke.isPending}
        onClose={() => setRevoking(null)}
        onConfirm={() =>
          revoking &&
          revoke.mutate(revoking.id, {
            onSuccess: () => {
              notifySuccess(`The link sent to ${revoking.email} no longer works.`, 'Invitation revoked');
              setRevoking(null);
            },
            onError: (error) => notifyError(error, 'Could not revoke the invitation'),
          })
        }
      >
        The invitation link sent to <b>{revoking?.email}</b> will stop working.
      </ConfirmModal>
    </Stack>
  );
}

function InvitationRow({
  slug,
  invitation,
  canManage,
  onRevoke,
}: {
  slug: string;
  invitation: Invitation;
  canManage: boolean;
  onRevoke: () => void;
}) {
  const resend = useResendInvitation(slug);
  const open = invitation.status === 'pending' || invitation.status === 'expired';
  return (
    <Table.Tr data-testid="invitation-row" data-email={invitation.email}>
      <Table.Td>
        <Text size="sm" fw={500}>
          {invitation.email}
        </Text>
        <Text size="xs" c="dimmed">
          Sent {formatRelative(invitation.createdAt)}
          {invitation.sendCount > 1 ? ` · ${invitation.sendCount} emails` : ''}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{invitation.role.name}</Text>
      </Table.Td>
      <Table.Td>
        <InvitationStatusBadge status={invitation.status} />
      </Table.Td>
      <Table.Td>
        <Text size="sm" c="dimmed">
          {formatDate(invitation.expiresAt)}
        </Text>
      </Table.Td>
      {canManage && (
        <Table.Td>
          {open && (
            <Group gap={4} justify="flex-end" wrap="nowrap">
              <Button
                size="compact-sm"
                variant="subtle"
                leftSection={<IconMailForward size={14} aria-hidden />}
                loading={resend.isPending}
                onClick={() =>
                  resend.mutate(invitation.id, {
                    onSuccess: () => notifySuccess(`We emailed ${invitation.email} again.`, 'Invitation resent'),
                    onError: (error) => notifyError(error, 'Could not resend the invitation'),
                  })
                }
              >
                Resend
              </Button>
              {invitation.status === 'pending' && (
                <Button size="compact-sm" variant="subtle" color="red" leftSection={<IconX size={14} aria-hidden />} onClick={onRevoke}>
                  Revoke
                </Button>
              )}
            </Group>
          )}
        </Table.Td>
      )}
    </Table.Tr>
  );
}
