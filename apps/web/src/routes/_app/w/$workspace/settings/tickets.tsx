import { Alert, Stack } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { createFileRoute } from '@tanstack/react-router';
import { PermissionGate, useHasPermission } from '@/components/access/permission-gate.tsx';
import { ForbiddenPage } from '@/components/ui/forbidden-page.tsx';
import { PageHeader } from '@/components/ui/page-header.tsx';
import { getPipelinesQueryOptions } from '@/features/ticket-settings/api/pipelines.ts';
import { getTicketSettingsQueryOptions } from '@/features/ticket-settings/api/ticket-settings.ts';
import { PipelinesSettings } from '@/features/ticket-settings/components/pipelines-settings.tsx';
import { SlaSettings } from '@/features/ticket-settings/components/sla-settings.tsx';

export const Route = createFileRoute('/_app/w/$workspace/settings/tickets')({
  staticData: { crumb: 'Pipelines & SLA' },
  loader: ({ context, params }) => {
    void context.queryClient.prefetchQuery(getPipelinesQueryOptions(params.workspace));
    void context.queryClient.prefetchQuery(getTicketSettingsQueryOptions(params.workspace));
  },
  // Anyone who sees tickets may read how they are set up; changing it takes tickets:configure.
  component: () => (
    <PermissionGate permission="tickets:read" fallback={<ForbiddenPage />}>
      <TicketSettingsPage />
    </PermissionGate>
  ),
});

function TicketSettingsPage() {
  const { workspace } = Route.useParams();
  const editable = useHasPermission('tickets:configure');
  return (
    <>
      <PageHeader title="Pipelines & SLA" description="The stages tickets move through, and how long each priority has before it is due." />
      <Stack gap="lg">
        {!editable && (
          <Alert color="gray" variant="light" icon={<IconLock size={18} aria-hidden />} data-testid="ticket-settings-read-only">
            You can see these settings; changing them needs the “Set up pipelines, stages and SLA targets” permission.
          </Alert>
        )}
        <PipelinesSettings workspace={workspace} editable={editable} />
        <SlaSettings workspace={workspace} editable={editable} />
      </Stack>
    </>
  );
}
