import { Button, Stack } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconUserPlus } from '@tabler/icons-react';
import { createFileRoute } from '@tanstack/react-router';
import { PermissionGate, useHasPermission } from '@/components/access/permission-gate.tsx';
import { ForbiddenPage } from '@/components/ui/forbidden-page.tsx';
import { PageHeader } from '@/components/ui/page-header.tsx';
import { getInvitationsQueryOptions } from '@/features/invitations/api/invitations.ts';
import { InvitationsList } from '@/features/invitations/components/invitations-list.tsx';
import { InviteModal } from '@/features/invitations/components/invite-modal.tsx';
import { getMembersQueryOptions } from '@/features/members/api/members.ts';
import { MembersTable } from '@/features/members/components/members-table.tsx';
import { useRoles } from '@/features/roles/api/roles.ts';
import { useMe } from '@/lib/me.ts';

export const Route = createFileRoute('/_app/w/$workspace/settings/members')({
  staticData: { crumb: 'Members' },
  loader: ({ context, params }) => {
    void context.queryClient.prefetchInfiniteQuery(getMembersQueryOptions(params.workspace));
    void context.queryClient.prefetchInfiniteQuery(getInvitationsQueryOptions(params.workspace));
  },
  component: () => (
    <PermissionGate permission="members:read" fallback={<ForbiddenPage />}>
      <MembersPage />
    </PermissionGate>
  ),
});

function MembersPage() {
  const { workspace } = Route.useParams();
  const me = useMe().data;
  const canInvite = useHasPermission('members:invite');
  const canUpdate = useHasPermission('members:update');
  const canRemove = useHasPermission('members:remove');
  // Role choices are needed only by those who may hand roles out.
  const roles = useRoles(workspace);
  const roleOptions = canInvite || canUpdate ? (roles.data ?? []) : [];
  const [inviting, invite] = useDisclosure(false);

  return (
    <>
      <PageHeader
        title="Members"
        description="People who work in this workspace, and the invitations waiting for an answer."
        actions={
          canInvite && (
            <Button leftSection={<IconUserPlus size={16} aria-hidden />} onClick={invite.open} data-testid="invite-button">
              Invite people
            </Button>
          )
        }
      />
      <Stack gap="xl">
        <MembersTable slug={workspace} roles={roleOptions} canUpdate={canUpdate} canRemove={canRemove} currentUserId={me?.user.id ?? ''} />
        <InvitationsList slug={workspace} canManage={canInvite} />
      </Stack>
      {canInvite && <InviteModal slug={workspace} roles={roleOptions} opened={inviting} onClose={invite.close} />}
    </>
  );
}
