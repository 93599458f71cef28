import { IconUpload } from '@tabler/icons-react';
import { createFileRoute, useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { ticketFilterSchema } from '@grip/contracts/tickets';
import { PermissionGate, useHasPermission } from '@/components/access/permission-gate.tsx';
import { getLastViewQueryOptions } from '@/components/saved-views/views-api.ts';
import { ForbiddenPage } from '@/components/ui/forbidden-page.tsx';
import { RouterButton } from '@/components/ui/link.tsx';
import { PageHeader } from '@/components/ui/page-header.tsx';
import { TicketsList } from '@/features/tickets/components/list/tickets-list.tsx';
import { cleanFilter, isFiltered } from '@/features/tickets/components/list/list-state.ts';
import { NewTicketButton } from '@/features/tickets/components/new-ticket/new-ticket-button.tsx';
import { TicketsTabs } from '@/features/tickets/components/tickets-tabs.tsx';

export const Route = createFileRoute('/_app/w/$workspace/tickets/')({
  // A link may ask for a filter (`?overdue=true&assignee=["me"]`, from a notification or a dashboard, say): the list
  // opens with it instead of the remembered state. Anything malformed is dropped rather than failing the page.
  validateSearch: ticketFilterSchema.catch({}),
  loader: ({ context, params }) => {
    // The list starts from what the user last looked at.
    void context.queryClient.prefetchQuery(getLastViewQueryOptions(params.workspace, 'tickets'));
  },
  component: () => (
    <PermissionGate permission="tickets:read" fallback={<ForbiddenPage />}>
      <TicketsPage />
    </PermissionGate>
  ),
});

function TicketsPage() {
  const { workspace } = Route.useParams();
  const search = Route.useSearch();
  const navigate = useNavigate();
  const canImport = useHasPermission('imports:run');
  // Taken once: the list owns its state from then on, so the address no longer needs to carry it.
  const [seed] = useState(() => (isFiltered(search) ? cleanFilter(search) : null));
  useEffect(() => {
    if (seed) void navigate({ to: '/w/$workspace/tickets', params: { workspace }, search: {}, replace: true });
  }, [seed, navigate, workspace]);

  return (
    <>
      <PageHeader
        title="Tickets"
        description="Every ticket of the workspace: search, filter, save views and change many at once."
        actions={
          <>
            <TicketsTabs workspace={workspace} current="list" />
            {canImport && (
              <RouterButton
                variant="default"
                to="/w/$workspace/imports/new"
                params={{ workspace }}
                search={{ entity: 'tickets' }}
                leftSection={<IconUpload size={16} aria-hidden />}
                data-testid="tickets-import"
              >
                Import
              </RouterButton>
            )}
            <NewTicketButton />
          </>
        }
      />
      <TicketsList
        slug={workspace}
        seed={seed}
        onOpen={(ticket) => void navigate({ to: '/w/$workspace/tickets/$ticketId', params: { workspace, ticketId: ticket.id } })}
        createAction={<NewTicketButton />}
      />
    </>
  );
}
