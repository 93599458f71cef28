import { Grid, Skeleton, Stack, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import type { Ticket } from '@grip/contracts/tickets';
import { useHasPermission } from '@/components/access/permission-gate.tsx';
import { NotFoundPage } from '@/components/ui/not-found-page.tsx';
import { QueryError } from '@/components/ui/query-error.tsx';
import { isApiError } from '@/lib/api.ts';
import { useMe } from '@/lib/me.ts';
import { useTicket } from '../../api/ticket.ts';
import { MessageComposer } from './message-composer.tsx';
import { TicketDescription } from './ticket-description.tsx';
import { TicketFields } from './ticket-fields.tsx';
import { TicketHeader } from './ticket-header.tsx';
import { TicketHistory } from './ticket-history.tsx';
import { TicketThread } from './ticket-thread.tsx';
import { useTicketSave } from './use-ticket-save.tsx';

/** One ticket: header, description, thread and composer; beside them (under them on a phone) its fields and history. */
export function TicketPage({ workspace, ticketId }: { workspace: string; ticketId: string }) {
  const ticket = useTicket(workspace, ticketId);
  if (ticket.isPending) return <TicketPageSkeleton />;
  if (ticket.isError) {
    if (isApiError(ticket.error) && ticket.error.status === 404) return <NotFoundPage />;
    return <QueryError title="The ticket could not be loaded" error={ticket.error} onRetry={() => void ticket.refetch()} retrying={ticket.isFetching} />;
  }
  return <TicketView workspace={workspace} ticket={ticket.data} />;
}

/** `own` grants reach only tickets assigned to the user; `all` reaches every ticket. */
function useTicketAccess(workspace: string, ticket: Ticket) {
  const meId = useMe().data?.user.id;
  const mine = ticket.assignee !== null && ticket.assignee.id === meId;
  const updateAll = useHasPermission('tickets:update', 'all', workspace);
  const updateOwn = useHasPermission('tickets:update', 'own', workspace);
  const assignAll = useHasPermission('tickets:assign', 'all', workspace);
  const assignOwn = useHasPermission('tickets:assign', 'own', workspace);
  return {
    canUpdate: updateAll || (updateOwn && mine),
    assignScope: assignAll ? ('all' as const) : assignOwn ? ('own' as const) : null,
  };
}

function TicketView({ workspace, ticket }: { workspace: string; ticket: Ticket }) {
  const { canUpdate, assignScope } = useTicketAccess(workspace, ticket);
  const { save, saving, dialog } = useTicketSave(workspace, ticket);

  return (
    <>
      <TicketHeader workspace={workspace} ticket={ticket} canUpdate={canUpdate} save={save} />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <TicketDescription workspace={workspace} ticket={ticket} canUpdate={canUpdate} save={save} saving={saving} />
          <Section title="Conversation">
            <TicketThread workspace={workspace} ticketId={ticket.id} />
            {canUpdate && <MessageComposer workspace={workspace} ticketId={ticket.id} />}
          </Section>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="md">
            <TicketFields workspace={workspace} ticket={ticket} canUpdate={canUpdate} assignScope={assignScope} save={save} />
            <TicketHistory workspace={workspace} ticketId={ticket.id} />
          </Stack>
        </Grid.Col>
      </Grid>
      {dialog}
    </>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack gap="sm" component="section" aria-label={title}>
      <Title order={2} fz="sm" fw={600} tt="uppercase" c="dimmed">
        {title}
      </Title>
      {children}
    </Stack>
  );
}

function TicketPageSkeleton() {
  return (
    <Stack gap="md" aria-busy aria-label="Loading ticket" data-testid="ticket-loading">
      <Skeleton height={16} width={120} />
      <Skeleton height={30} width="50%" />
      <Grid gap="lg" mt="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="sm">
            <Skeleton height={90} />
            <Skeleton height={120} />
            <Skeleton height={120} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Skeleton height={320} />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
