import { createFileRoute } from '@tanstack/react-router';
import { WorkspaceOverview } from '@/features/workspaces/components/workspace-overview.tsx';
import { findMembership } from '@/lib/access.ts';
import { useMe } from '@/lib/me.ts';

export const Route = createFileRoute('/_app/w/$workspace/')({
  component: WorkspaceHome,
});

function WorkspaceHome() {
  const { workspace } = Route.useParams();
  // From /me (live), not the route context (a snapshot from navigation time).
  const context = Route.useRouteContext();
  const membership = findMembership(useMe().data, workspace) ?? context.membership;
  return <WorkspaceOverview membership={membership} />;
}
