import { Button } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { createFileRoute } from '@tanstack/react-router';
import { useState } from 'react';
import { PermissionGate } from '@/components/access/permission-gate.tsx';
import { ForbiddenPage } from '@/components/ui/forbidden-page.tsx';
import { PageHeader } from '@/components/ui/page-header.tsx';
import { getScheduledExportsQueryOptions } from '@/features/exports/api/scheduled-exports.ts';
import { ScheduledExportsPage } from '@/features/exports/components/scheduled-exports-page.tsx';

export const Route = createFileRoute('/_app/w/$workspace/settings/scheduled-exports')({
  staticData: { crumb: 'Scheduled exports' },
  loader: ({ context, params }) => {
    void context.queryClient.prefetchInfiniteQuery(getScheduledExportsQueryOptions(params.workspace));
  },
  component: () => (
    <PermissionGate permission="exports:schedule" fallback={<ForbiddenPage />}>
      <ScheduledExportsRoute />
    </PermissionGate>
  ),
});

function ScheduledExportsRoute() {
  const { workspace } = Route.useParams();
  const [creating, setCreating] = useState(false);
  return (
    <>
      <PageHeader
        title="Scheduled exports"
        description="Lists mailed to people every day, week or month, in the time zone you choose."
        actions={
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)} data-testid="schedule-new">
            New schedule
          </Button>
        }
      />
      <ScheduledExportsPage workspace={workspace} creating={creating} onCreatingChange={setCreating} />
    </>
  );
}
