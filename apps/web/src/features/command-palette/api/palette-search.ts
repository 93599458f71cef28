import { useQuery } from '@tanstack/react-query';
import { customerPageSchema } from '@grip/contracts/customers';
import { ticketPageSchema } from '@grip/contracts/tickets';
import { apiFetch } from '@/lib/api.ts';

/** Results per kind: the palette is for jumping, the lists are for browsing. */
export const PALETTE_RESULTS = 5;

const workspacePath = (slug: string) => `/api/v1/w/${encodeURIComponent(slug)}`;
const searchQuery = (q: string) => new URLSearchParams({ q, limit: String(PALETTE_RESULTS) }).toString();

// Under the records' own roots (['tickets', slug], ['customers', slug]): any change to them refreshes open results too.
export const paletteTicketsQueryKey = (slug: string, q: string) => ['tickets', slug, 'palette', q] as const;
export const paletteCustomersQueryKey = (slug: string, q: string) => ['customers', slug, 'palette', q] as const;

interface SearchOptions {
  /** The role may read them (asking anyway would only collect 403s). */
  enabled: boolean;
}

/** Tickets whose number or title match `q` (`#1042` and `1042` find that ticket). */
export function usePaletteTickets(slug: string, q: string, { enabled }: SearchOptions) {
  return useQuery({
    queryKey: paletteTicketsQueryKey(slug, q),
    queryFn: ({ signal }) => apiFetch(`${workspacePath(slug)}/tickets?${searchQuery(q)}`, { schema: ticketPageSchema, signal }),
    select: (page) => page.items,
    enabled: enabled && q !== '',
    staleTime: 10_000,
  });
}

/** Customers whose name, email or phone match `q`. */
export function usePaletteCustomers(slug: string, q: string, { enabled }: SearchOptions) {
  return useQuery({
    queryKey: paletteCustomersQueryKey(slug, q),
    queryFn: ({ signal }) => apiFetch(`${workspacePath(slug)}/customers?${searchQuery(q)}`, { schema: customerPageSchema, signal }),
    select: (page) => page.items,
    enabled: enabled && q !== '',
    staleTime: 10_000,
  });
}
