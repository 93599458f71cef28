import { Grid } from '@mantine/core';
import { createFileRoute } from '@tanstack/react-router';
import { PageHeader } from '@/components/ui/page-header.tsx';
import { AdminShortcuts } from '@/features/admin/components/admin-shortcuts.tsx';
import { getReadinessQueryOptions } from '@/features/system/api/get-readiness.ts';
import { StatusSummary } from '@/features/system/components/status-summary.tsx';

export const Route = createFileRoute('/_app/admin/')({
  loader: ({ context }) => {
    void context.queryClient.prefetchQuery(getReadinessQueryOptions());
  },
  component: AdminHome,
});

function AdminHome() {
  return (
    <>
      <PageHeader title="Admin console" description="Run this Grip installation: its users, workspaces, defaults and mail." />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <AdminShortcuts />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <StatusSummary />
        </Grid.Col>
      </Grid>
    </>
  );
}
