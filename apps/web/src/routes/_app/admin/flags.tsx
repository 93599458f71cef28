import { createFileRoute } from '@tanstack/react-router';
import { PageHeader } from '@/components/ui/page-header.tsx';
import { globalFlagsQueryOptions } from '@/features/admin/api/admin.ts';
import { GlobalFlags } from '@/features/admin/components/global-flags.tsx';

export const Route = createFileRoute('/_app/admin/flags')({
  staticData: { crumb: 'Global flags' },
  loader: ({ context }) => {
    if (context.me.platformRole === 'admin') void context.queryClient.prefetchQuery(globalFlagsQueryOptions());
  },
  component: () => (
    <>
      <PageHeader title="Global feature flags" description="Defaults for every workspace. A workspace’s own setting wins over these." />
      <GlobalFlags />
    </>
  ),
});
