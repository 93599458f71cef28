import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { IconMailForward, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import type { Invitation } from '@grip/contracts/access';
import { DataTable, type DataTableColumn } from '@/components/data-table/data-table.tsx';
import { ConfirmModal } from '@/components/ui/confirm-modal.tsx';
import { formatDate, formatDateTime, formatRelative } from '@/lib/format.ts';
import { notifyError, notifySuccess } from '@/lib/notify.ts';
import { useInvitations, useResendInvitation, useRevokeInvitation } from '../api/invitations.ts';
import { InvitationStatusBadge } from './invitation-status-badge.tsx';

function invitationColumns(slug: string, onRevoke: ((invitation: Invitation) => void) | undefined): DataTableColumn<Invitation>[] {
  const columns: DataTableColumn<Invitation>[] = [
    {
      id: 'email',
      header: 'Email',
      hideable: false,
      card: 'title',
      cell: (invitation) => (
        <Text size="sm" fw={500} truncate>
          {invitation.email}
        </Text>
      ),
    },
    { id: 'role', header: 'Role', width: 150, card: 'subtitle', cell: (invitation) => invitation.role.name },
    { id: 'status', header: 'Status', width: 120, cell: (invitation) => <InvitationStatusBadge status={invitation.status} /> },
    {
      id: 'sent',
      header: 'Sent',
      width: 170,
      cell: (invitation) => (
        <span title={formatDateTime(invitation.createdAt)}>
          {formatRelative(invitation.createdAt)}
          {invitation.sendCount > 1 ? ` · ${invitation.sendCount} emails` : ''}
        </span>
      ),
    },
    { id: 'expires', header: 'Expires', width: 140, cell: (invitation) => formatDate(invitation.expiresAt) },
  ];
  if (onRevoke) {
    columns.push({
      id: 'actions',
      header: 'Actions',
      width: 230,
      hideable: false,
      card: 'actions',
      cell: (invitation) => <InvitationActions slug={slug} invitation={invitation} onRevoke={() => onRevoke(invitation)} />,
    });
  }
  return columns;
}

const DEFAULT_COLUMNS = ['email', 'role', 'status', 'sent', 'expires'];

/** Invitations of the workspace: who was asked, as what, and whether they came. */
export function InvitationsList({ slug, canManage }: { slug: string; canManage: boolean }) {
  const invitations = useInvitations(slug);
  const [visibleColumns, setVisibleColumns] = useState(DEFAULT_COLUMNS);
  const [revoking, setRevoking] = useState<Invitation | null>(null);
  const revoke = useRevokeInvitation(slug);
  const columns = invitationColumns(slug, canManage ? setRevoking : undefined);

  return (
    <Stack gap="sm" data-testid="invitations">
      <Title order={2} fz="lg" fw={600} c="bright">
        Invitations
      </Title>
      <DataTable
        aria-label="Invitations"
        columns={columns}
        rows={invitations.data?.pages.flatMap((page) => page.items) ?? []}
        getRowId={(invitation) => invitation.id}
        visibleColumns={visibleColumns}
        onVisibleColumnsChange={setVisibleColumns}
        hasNextPage={invitations.hasNextPage}
        isFetchingNextPage={invitations.isFetchingNextPage}
        fetchNextPage={() => void invitations.fetchNextPage()}
        isLoading={invitations.isPending}
        error={invitations.error}
        onRetry={() => void invitations.refetch()}
        autoHeight
        empty={
          <Text size="sm" c="dimmed" data-testid="invitations-empty">
            No invitations yet.{canManage ? ' Use “Invite people” to add colleagues by email.' : ''}
          </Text>
        }
      />
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

/** Resend (pending or expired) and revoke (pending); a component of its own so each row has its own pending state. */
function InvitationActions({ slug, invitation, onRevoke }: { slug: string; invitation: Invitation; onRevoke: () => void }) {
  const resend = useResendInvitation(slug);
  if (invitation.status !== 'pending' && invitation.status !== 'expired') return null;
  return (
    <Group gap={4}>
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
  );
}
