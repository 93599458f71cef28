import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ticketSettingsSchema, type Sla } from '@grip/contracts/tickets';
import { apiFetch } from '@/lib/api.ts';

const settingsPath = (slug: string) => `/api/v1/w/${encodeURIComponent(slug)}/ticket-settings`;

export const ticketSettingsQueryKey = (slug: string) => ['ticket-settings', slug] as const;

/** The workspace's SLA targets: minutes to resolve a ticket, by priority. */
export const getTicketSettingsQueryOptions = (slug: string) =>
  queryOptions({
    queryKey: ticketSettingsQueryKey(slug),
    queryFn: ({ signal }) => apiFetch(settingsPath(slug), { schema: ticketSettingsSchema, signal }),
    staleTime: 60_000,
  });

export function useTicketSettings(slug: string) {
  return useQuery(getTicketSettingsQueryOptions(slug));
}

export function useUpdateSla(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (slaMinutes: Sla) => apiFetch(settingsPath(slug), { method: 'PUT', body: { slaMinutes }, schema: ticketSettingsSchema }),
    onSuccess: (saved) => queryClient.setQueryData(ticketSettingsQueryKey(slug), saved),
  });
}
