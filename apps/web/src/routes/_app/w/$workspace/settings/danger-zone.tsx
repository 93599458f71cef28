import { createFileRoute } from '@tanstack/react-router';
import { PermissionGate } from '@/components/access/permission-gate.tsx';
import { ForbiddenPage } from '@/components/ui/forbidden-page.tsx';
import { PageHeader } from '@/components/ui/page-header.tsx';
import { getWorkspaceDeletionQueryOptions } from '@/features/workspace-deletion/api/workspace-deletion.ts';
import { DangerZone } from '@/features/workspace-deletion/components/danger-zone.tsx';
import { findMembership } from '@/lib/access.ts';
import { useMe } from '@/lib/me.ts';

export const Route = createFileRoute('/_app/w/$workspace/settings/danger-zone')({
  staticData: { crumb: 'Danger zone' },
  loader: ({ context, params }) => {
    void context.queryClient.prefetchQuery(getWorkspaceDeletionQueryOptions(params.workspace));
  },
  component: DangerZonePage,
});

function DangerZonePage() {
  const { workspace } = Route.useParams();
  const { membership } = Route.useRouteContext();
  // The name as it is now (a rename shows in /me at once; the route context was taken on entry).
  const name = findMembership(useMe().data, workspace)?.workspace.name ?? membership.workspace.name;
  return (
    <PermissionGate permission="workspace:delete" fallback={<ForbiddenPage />}>
      <PageHeader title="Danger zone" description="Delete this workspace, with a final archive of everything in it first." />
      <DangerZone slug={workspace} workspaceName={name} />
    </PermissionGate>
  );
}
