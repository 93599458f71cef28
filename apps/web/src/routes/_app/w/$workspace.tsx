import { createFileRoute, notFound, Outlet } from '@tanstack/react-router';
import { useEffect } from 'react';
import { TwoFactorRequired } from '@/components/access/two-factor-required.tsx';
import { RouterButton } from '@/components/ui/link.tsx';
import { StatusMessage } from '@/components/ui/status-message.tsx';
import { useOpenNotification } from '@/features/notifications/components/use-open-notification.ts';
import { DeletionBanner } from '@/features/workspace-deletion/components/deletion-banner.tsx';
import { findMembership, rememberWorkspace } from '@/lib/access.ts';
import { useMe } from '@/lib/me.ts';
import { useRealtime, type LiveNotification } from '@/lib/realtime/use-realtime.ts';

/** A workspace the user is a member of; any other slug is "not found" (existence is not revealed). */
export const Route = createFileRoute('/_app/w/$workspace')({
  beforeLoad: ({ context, params }) => {
    const membership = findMembership(context.me, params.workspace);
    if (!membership) throw notFound();
    return { membership };
  },
  loader: ({ context }) => ({ crumb: context.membership.workspace.name }),
  component: WorkspaceLayout,
  notFoundComponent: WorkspaceNotFound,
});

function WorkspaceLayout() {
  const { workspace } = Route.useParams();
  const context = Route.useRouteContext();
  const me = useMe().data ?? context.me;
  const membership = findMembership(me, workspace) ?? context.membership;
  useEffect(() => rememberWorkspace(workspace), [workspace]);
  // The server refuses this workspace's data until the member has two-factor on; say so instead of failing.
  const refused = membership.workspace.requireTwoFactor && !me.user.twoFactorEnabled;
  // Live updates for every page of the workspace; a toast's "Open" marks its notification read, like the bell does.
  const openNotification = useOpenNotification(workspace);
  useRealtime(workspace, {
    enabled: !refused,
    onOpenNotification: (notification: LiveNotification) =>
      openNotification({ ...notification, readAt: null, link: notification.link ?? `/w/${encodeURIComponent(workspace)}/notifications` }),
  });
  if (refused) {
    return <TwoFactorRequired workspaceName={membership.workspace.name} />;
  }
  return (
    <>
      <DeletionBanner slug={workspace} />
      <Outlet />
    </>
  );
}

function WorkspaceNotFound() {
  return (
    <StatusMessage
      code="404"
      title="Workspace not found"
      data-testid="workspace-not-found"
      actions={
        <RouterButton to="/" mt="sm">
          Go to my workspace
        </RouterButton>
      }
    >
      It does not exist, or you are not a member. Ask one of its admins for an invitation.
    </StatusMessage>
  );
}
