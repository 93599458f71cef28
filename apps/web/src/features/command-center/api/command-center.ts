import { queryOptions, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { commandCenterSchema, type CommandCenter } from '@grip/contracts/command-center';
import { pipelineListSchema, ticketSchema, type Stage, type Ticket, type TicketSummary } from '@grip/contracts/tickets';
import { apiFetch, isApiError } from '@/lib/api.ts';
import { applyTicket, findTicket, type Me } from './panels.ts';

const workspacePath = (slug: string) => `/api/v1/w/${encodeURIComponent(slug)}`;
const ticketPath = (slug: string, id: string) => `${workspacePath(slug)}/tickets/${encodeURIComponent(id)}`;

/**
 * The Command Center's one query. Live updates invalidate exactly this key on every ticket and customer event, so
 * it must stay `['command-center', slug]`.
 */
export const commandCenterQueryKey = (slug: string) => ['command-center', slug] as const;

export const getCommandCenterQueryOptions = (slug: string) =>
  queryOptions({
    queryKey: commandCenterQueryKey(slug),
    queryFn: ({ signal }) => apiFetch(`${workspacePath(slug)}/command-center`, { schema: commandCenterSchema, signal }),
    // Kept open all day: coming back to the tab shows what changed meanwhile, even if an event was missed.
    refetchOnWindowFocus: 'always',
  });

export function useCommandCenter(slug: string) {
  return useQuery(getCommandCenterQueryOptions(slug));
}

/** Pipelines with their stages: where "Move to…" can send a ticket. Same key as the tickets feature's, so one cache entry. */
export function usePipelineStages(slug: string, enabled: boolean) {
  return useQuery({
    queryKey: ['pipelines', slug],
    queryFn: ({ signal }) => apiFetch(`${workspacePath(slug)}/pipelines`, { schema: pipelineListSchema, signal }),
    select: (page) => new Map(page.items.map((pipeline) => [pipeline.id, pipeline.stages])),
    staleTime: 60_000,
    enabled,
  });
}

// ───────────────────────── quick actions

export type QuickAction = { kind: 'assign-to-me'; ticket: TicketSummary } | { kind: 'move'; ticket: TicketSummary; to: Stage };

const toSummary = ({ description: _description, createdBy: _createdBy, ...summary }: Ticket): TicketSummary => summary;

/** The ticket as it will be once the action is done, as far as the panels can tell. */
function expectedTicket(action: QuickAction, me: Me): TicketSummary {
  if (action.kind === 'assign-to-me') return { ...action.ticket, assignee: { id: me.id, name: me.name, email: me.email } };
  const { to } = action;
  return { ...action.ticket, stage: { id: to.id, name: to.name, category: to.category } };
}

/** Why an action was refused, in words a user can act on: the title and the line under it. */
export function refusalMessage(error: unknown, ticket: TicketSummary): { title: string; message: string } {
  const which = `#${ticket.number}`;
  if (isApiError(error)) {
    if (error.status === 409) {
      return { title: 'Someone else changed this ticket — reloaded', message: `${which} was changed a moment ago. It now shows as it is; try again if it still needs it.` };
    }
    if (error.status === 403) {
      return { title: `You may not change ${which}`, message: 'Your role does not allow this change (it may only allow tickets assigned to you).' };
    }
    if (error.status === 404) return { title: `${which} is gone`, message: 'It no longer exists, or is no longer visible to you.' };
    return { title: `${which} was not changed`, message: error.message };
  }
  return { title: `${which} was not changed`, message: error instanceof Error ? error.message : 'Something went wrong.' };
}

const quickActionKey = (slug: string) => ['command-center-quick-action', slug] as const;

function refreshTickets(queryClient: QueryClient, slug: string) {
  // Lists, board and detail pages show the change too. The Command Center itself waits for the last queued action
  // (this one still counts while it settles): a refetch now would undo the rows the others moved ahead of the server.
  const lastAction = queryClient.isMutating({ mutationKey: quickActionKey(slug) }) <= 1;
  return Promise.all([
    lastAction && queryClient.invalidateQueries({ queryKey: commandCenterQueryKey(slug) }),
    queryClient.invalidateQueries({ queryKey: ['tickets', slug] }),
  ]);
}

/**
 * "Assign to me" and "Move to…" from the panels: the rows change at once; a refusal (409 someone changed it, 403 not
 * allowed) restores them, reloads and calls `onRefused`. Actions run one after another, each sending the version the
 * previous one produced.
 */
export function useQuickAction(slug: string, me: Me, onRefused: (action: QuickAction, error: unknown) => void) {
  const queryClient = useQueryClient();
  const key = commandCenterQueryKey(slug);
  const place = (ticket: TicketSummary) => queryClient.setQueryData<CommandCenter>(key, (data) => (data ? applyTicket(data, ticket, me.id) : data));
  return useMutation({
    mutationKey: quickActionKey(slug),
    scope: { id: `command-center-actions-${slug}` },
    mutationFn: (action: QuickAction) => {
      // Read now, not when clicked: an earlier action on the same ticket has updated its version meanwhile.
      const version = findTicket(queryClient.getQueryData<CommandCenter>(key), action.ticket.id)?.version ?? action.ticket.version;
      const path = ticketPath(slug, action.ticket.id);
      return action.kind === 'assign-to-me'
        ? apiFetch(`${path}/assign`, { method: 'POST', body: { assigneeId: 'me', version }, schema: ticketSchema })
        : apiFetch(`${path}/transition`, { method: 'POST', body: { stageId: action.to.id, version }, schema: ticketSchema });
    },
    onMutate: async (action) => {
      // A refetch in flight would put the row back where it was.
      await queryClient.cancelQueries({ queryKey: key });
      place(expectedTicket(action, me));
    },
    onSuccess: (saved) => place(toSummary(saved)),
    onError: (error, action) => {
      // Back where it was (not a snapshot of the whole page: other actions may have moved other rows meanwhile).
      place(action.ticket);
      onRefused(action, error);
    },
    onSettled: () => refreshTickets(queryClient, slug),
  });
}
