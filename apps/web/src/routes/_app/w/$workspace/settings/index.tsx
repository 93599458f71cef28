import { createFileRoute, useNavigate } from '@tanstack/react-router';
import { PermissionGate } from '@/components/access/permission-gate.tsx';
import { ForbiddenPage } from '@/components/ui/forbidden-page.tsx';
import { PageHeader } from '@/components/ui/page-header.tsx';
import { getWorkspaceQueryOptions } from '@/features/workspaces/api/workspace.ts';
import { WorkspaceGeneralSettings } from '@/features/workspaces/components/workspace-general-settings.tsx';

export const Route = createFileRoute('/_app/w/$workspace/settings/')({
  staticData: { crumb: 'General' },
  loader: ({ context, params }) => {
    void context.queryClient.prefetchQuery(getWorkspaceQueryOptions(params.workspace));
  },
  component: GeneralSettingsPage,
});

function GeneralSettingsPage() {
  const { workspace } = Route.useParams();
  const navigate = useNavigate();
  return (
    <PermissionGate permission="workspace:read" fallback={<ForbiddenPage />}>
      <PageHeader title="Workspace settings" description="The workspace’s name, address and security rules." />
      <WorkspaceGeneralSettings
        slug={workspace}
        onSlugChanged={(slug) => void navigate({ to: '/w/$workspace/settings', params: { workspace: slug }, replace: true })}
      />
    </PermissionGate>
  );
}
