import { createFileRoute } from '@tanstack/react-router';
import { PermissionGate, useHasPermission } from '@/components/access/permission-gate.tsx';
import { ForbiddenPage } from '@/components/ui/forbidden-page.tsx';
import { PageHeader } from '@/components/ui/page-header.tsx';
import { getFlagsQueryOptions } from '@/features/flags/api/flags.ts';
import { WorkspaceFlags } from '@/features/flags/components/workspace-flags.tsx';

export const Route = createFileRoute('/_app/w/$workspace/settings/flags')({
  staticData: { crumb: 'Feature flags' },
  loader: ({ context, params }) => {
    void context.queryClient.prefetchQuery(getFlagsQueryOptions(params.workspace));
  },
  component: () => (
    <PermissionGate permission="flags:read" fallback={<ForbiddenPage />}>
      <FlagsPage />
    </PermissionGate>
  ),
});

function FlagsPage() {
  const { workspace } = Route.useParams();
  const canManage = useHasPermission('flags:manage');
  return (
    <>
      <PageHeader
        title="Feature flags"
        description="Turn optional features on or off for this workspace, or follow the installation’s default."
      />
      <WorkspaceFlags slug={workspace} canManage={canManage} />
    </>
  );
}
