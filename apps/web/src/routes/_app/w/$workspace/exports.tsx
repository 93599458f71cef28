import { createFileRoute } from '@tanstack/react-router';
import { PermissionGate } from '@/components/access/permission-gate.tsx';
import { getExportJobsQueryOptions } from '@/components/list/export-jobs-api.ts';
import { ForbiddenPage } from '@/components/ui/forbidden-page.tsx';
import { PageHeader } from '@/components/ui/page-header.tsx';
import { ExportsPage } from '@/features/exports/components/exports-page.tsx';

export const Route = createFileRoute('/_app/w/$workspace/exports')({
  staticData: { crumb: 'Exports' },
  loader: ({ context, params }) => {
    void context.queryClient.prefetchInfiniteQuery(getExportJobsQueryOptions(params.workspace));
  },
  component: () => (
    <PermissionGate permission="workspace:read" fallback={<ForbiddenPage />}>
      <ExportsRoute />
    </PermissionGate>
  ),
});

function ExportsRoute() {
  const { workspace } = Route.useParams();
  return (
    <>
      <PageHeader title="Exports" description="Exports prepared in the background and by schedules. Files are kept for a day, then removed." />
      <ExportsPage workspace={workspace} />
    </>
  );
}
