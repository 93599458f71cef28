import { createFileRoute } from '@tanstack/react-router';
import { PageHeader } from '@/components/ui/page-header.tsx';
import { adminWorkspacesQueryOptions } from '@/features/admin/api/admin.ts';
import { AdminWorkspaces } from '@/features/admin/components/admin-workspaces.tsx';

export const Route = createFileRoute('/_app/admin/workspaces')({
  staticData: { crumb: 'Workspaces' },
  loader: ({ context }) => {
    if (context.me.platformRole === 'admin') void context.queryClient.prefetchInfiniteQuery(adminWorkspacesQueryOptions());
  },
  component: () => (
    <>
      <PageHeader title="Workspaces" description="Every business hosted on this installation." />
      <AdminWorkspaces />
    </>
  ),
});
