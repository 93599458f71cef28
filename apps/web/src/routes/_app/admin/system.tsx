import { createFileRoute } from '@tanstack/react-router';
import { getReadinessQueryOptions } from '@/features/system/api/get-readiness.ts';
import { SystemStatus } from '@/features/system/components/system-status.tsx';

export const Route = createFileRoute('/_app/admin/system')({
  staticData: { crumb: 'System status' },
  // Start fetching with the route's code; the page shows skeletons, not a blocked navigation.
  loader: ({ context }) => {
    void context.queryClient.prefetchQuery(getReadinessQueryOptions());
  },
  component: SystemStatus,
});
