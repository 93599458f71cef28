import { infiniteQueryOptions, keepPreviousData, queryOptions, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { countSchema, customerFilterToQuery, customerPageSchema, type CustomerFilter } from '@grip/contracts/customers';
import { apiFetch } from '@/lib/api.ts';
import { customersQueryKey } from './customer.ts';

const PAGE_SIZE = 50;
const customersPath = (slug: string) => `/api/v1/w/${encodeURIComponent(slug)}/customers`;

/** One page of the list: the filter flattened into the querystring, `sort` as `name,-createdAt`, keyset `cursor`. */
export function getCustomersPage(
  slug: string,
  { filter, sort }: { filter: CustomerFilter; sort: string },
  cursor: string | null,
  { signal }: { signal?: AbortSignal } = {},
) {
  const query = new URLSearchParams(customerFilterToQuery(filter));
  if (sort) query.set('sort', sort);
  query.set('limit', String(PAGE_SIZE));
  if (cursor) query.set('cursor', cursor);
  return apiFetch(`${customersPath(slug)}?${query.toString()}`, { schema: customerPageSchema, signal });
}

// Under customersQueryKey, so every customer mutation (create, edit, delete, merge, bulk) refreshes the list.
export const customersListQueryKey = (slug: string, filter: CustomerFilter, sort: string) =>
  [...customersQueryKey(slug), 'list', { filter, sort }] as const;

export const getCustomersListQueryOptions = (slug: string, filter: CustomerFilter, sort: string) =>
  infiniteQueryOptions({
    queryKey: customersListQueryKey(slug, filter, sort),
    queryFn: ({ pageParam, signal }) => getCustomersPage(slug, { filter, sort }, pageParam, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    // While a new search or filter loads, the old rows stay (dimmed) instead of a skeleton flashing at each key.
    placeholderData: keepPreviousData,
  });

export function useCustomersList(slug: string, filter: CustomerFilter, sort: string) {
  return useInfiniteQuery(getCustomersListQueryOptions(slug, filter, sort));
}

export const getCustomersCountQueryOptions = (slug: string, filter: CustomerFilter) =>
  queryOptions({
    queryKey: [...customersQueryKey(slug), 'count', filter],
    queryFn: ({ signal }) =>
      apiFetch(`${customersPath(slug)}/count?${new URLSearchParams(customerFilterToQuery(filter)).toString()}`, { schema: countSchema, signal }),
    placeholderData: keepPreviousData,
  });

/** How many customers match; `capped` means "at least `count`" (the server stops counting there). */
export function useCustomersCount(slug: string, filter: CustomerFilter) {
  return useQuery(getCustomersCountQueryOptions(slug, filter));
}
