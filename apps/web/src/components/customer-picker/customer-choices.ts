import { useQuery } from '@tanstack/react-query';
import { customerPageSchema } from '@grip/contracts/customers';
import { apiFetch } from '@/lib/api.ts';

/**
 * Customers matching `q` (name, email or phone; all when empty), 20 in name order, for pickers and filters.
 * Under the customers root key, so any customer change refreshes it.
 */
export function useCustomerChoices(slug: string, q: string, enabled = true) {
  const query = q.trim();
  return useQuery({
    queryKey: ['customers', slug, 'search', query],
    queryFn: ({ signal }) =>
      apiFetch(`/api/v1/w/${encodeURIComponent(slug)}/customers?${new URLSearchParams({ ...(query ? { q: query } : {}), limit: '20', sort: 'name' }).toString()}`, {
        schema: customerPageSchema,
        signal,
      }),
    select: (page) => page.items,
    placeholderData: (previous) => previous,
    staleTime: 10_000,
    enabled,
  });
}
