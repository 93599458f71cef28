import { createFileRoute, useRouter } from '@tanstack/react-router';
import { useEffect } from 'react';
import { PermissionGate } from '@/components/access/permission-gate.tsx';
import { ForbiddenPage } from '@/components/ui/forbidden-page.tsx';
import { getTicketQueryOptions, useTicket } from '@/features/tickets/api/ticket.ts';
import { TicketPage } from '@/features/tickets/components/detail/ticket-page.tsx';

export const Route = createFileRoute('/_app/w/$workspace/tickets/$ticketId')({
  loader: async ({ context, params }) => {
    try {
      const ticket = await context.queryClient.ensureQueryData(getTicketQueryOptions(params.workspace, params.ticketId));
      return { crumb: `#${ticket.number}` };
    } catch {
      // The page itself shows why (not found, no access, offline).
      return { crumb: 'Ticket' };
    }
  },
  component: () => (
    <PermissionGate permission="tickets:read" fallback={<ForbiddenPage />}>
      <TicketPageByParams />
    </PermissionGate>
  ),
});

function TicketPageByParams() {
  const { workspace, ticketId } = Route.useParams();
  useCrumbFollowsTicket(workspace, ticketId);
  // Another ticket is another page: drafts, uploads and open editors of the previous one must not carry over.
  return <TicketPage key={ticketId} workspace={workspace} ticketId={ticketId} />;
}

/** The loader's crumb was "Ticket" if the first load failed: run it again once the ticket is there. */
function useCrumbFollowsTicket(workspace: string, ticketId: string) {
  const number = useTicket(workspace, ticketId).data?.number;
  const { crumb } = Route.useLoaderData();
  const router = useRouter();
  const expected = number === undefined ? undefined : `#${number}`;
  useEffect(() => {
    if (expected && expected !== crumb) void router.invalidate({ filter: (match) => match.routeId === Route.id });
  }, [expected, crumb, router]);
}
