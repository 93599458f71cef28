import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ticketSchema } from '@grip/contracts/tickets';
import { apiFetch } from '@/lib/api.ts';
import { notifyError, notifySuccess } from '@/lib/notify.ts';

const ticketPath = (slug: string, id: string) => `/api/v1/w/${encodeURIComponent(slug)}/tickets/${encodeURIComponent(id)}`;
// The tickets feature's keys (['tickets', slug] and its 'detail' entry); features do not import each other.
const ticketsKey = (slug: string) => ['tickets', slug] as const;
const ticketDetailKey = (slug: string, id: string) => ['tickets', slug, 'detail', id] as const;

/**
 * Assigns a ticket to the caller (POST /tickets/:id/assign `{ assigneeId: 'me' }`): its page shows it at once, and a
 * toast says how it went. The outcome is reported here, not by `mutate`'s own callbacks: the palette has closed by then.
 */
export function useAssignToMe(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ticketId: string) => apiFetch(`${ticketPath(slug, ticketId)}/assign`, { method: 'POST', body: { assigneeId: 'me' }, schema: ticketSchema }),
    onSuccess: (ticket) => {
      queryClient.setQueryData(ticketDetailKey(slug, ticket.id), ticket);
      notifySuccess(`#${ticket.number} ${ticket.title}`, 'Assigned to you');
    },
    onError: (error) => notifyError(error, 'Could not assign the ticket'),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ticketsKey(slug) }),
  });
}

/** The ticket as cached (by its page), when it is: enough to name it in the palette. */
export function useCachedTicket(slug: string | undefined, ticketId: string | undefined) {
  const queryClient = useQueryClient();
  if (!slug || !ticketId) return undefined;
  const parsed = ticketSchema.safeParse(queryClient.getQueryData(ticketDetailKey(slug, ticketId)));
  return parsed.success ? parsed.data : undefined;
}
