import { infiniteQueryOptions, queryOptions, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { memberSchema } from '@grip/contracts/access';
import { pageOf } from '@grip/contracts/common';
import {
  customerPageSchema,
  customerSchema,
  duplicateSchema,
  timelineEntrySchema,
  type CreateCustomerBody,
  type Customer,
  type UpdateCustomerBody,
} from '@grip/contracts/customers';
import { apiFetch, isApiError } from '@/lib/api.ts';

const workspacePath = (slug: string) => `/api/v1/w/${encodeURIComponent(slug)}`;
const customersPath = (slug: string) => `${workspacePath(slug)}/customers`;
const customerPath = (slug: string, id: string) => `${customersPath(slug)}/${encodeURIComponent(id)}`;

/** Every customers query of a workspace (list, count, detail, duplicates, timeline) starts with this key. */
export const customersQueryKey = (slug: string) => ['customers', slug] as const;
export const customerQueryKey = (slug: string, id: string) => [...customersQueryKey(slug), 'detail', id] as const;

export const getCustomerQueryOptions = (slug: string, id: string) =>
  queryOptions({
    queryKey: customerQueryKey(slug, id),
    queryFn: ({ signal }) => apiFetch(customerPath(slug, id), { schema: customerSchema, signal }),
  });

export function useCustomer(slug: string, id: string) {
  return useQuery(getCustomerQueryOptions(slug, id));
}

/** Customers whose name, email or phone contain `q`: the choices of the merge picker. */
export function useCustomerSearch(slug: string, q: string) {
  return useQuery({
    queryKey: [...customersQueryKey(slug), 'search', q],
    queryFn: ({ signal }) =>
      apiFetch(`${customersPath(slug)}?${new URLSearchParams({ ...(q.trim() ? { q: q.trim() } : {}), limit: '20', sort: 'name' }).toString()}`, {
        schema: customerPageSchema,
        signal,
      }),
    select: (page) => page.items,
    placeholderData: (previous) => previous,
  });
}

export interface DuplicateProbe {
  name?: string;
  email?: string;
  phone?: string;
  country?: string;
  excludeId?: string;
}

const duplicatesSchema = z.object({ items: z.array(duplicateSchema) });

/** Likely duplicates of what is being typed; asks only once there is something worth comparing. */
export function useDuplicates(slug: string, probe: DuplicateProbe) {
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(probe)) if (value?.trim()) params[key] = value.trim();
  const enabled = Boolean((params.name?.length ?? 0) >= 3 || params.email || (params.phone?.length ?? 0) >= 5);
  return useQuery({
    queryKey: [...customersQueryKey(slug), 'duplicates', params],
    queryFn: ({ signal }) =>
      apiFetch(`${customersPath(slug)}/duplicates?${new URLSearchParams(params).toString()}`, { schema: duplicatesSchema, signal }),
    select: (data) => data.items,
    enabled,
    staleTime: 10_000,
    placeholderData: (previous) => previous,
  });
}

/** The members who can own a customer. One page of 200 is plenty for a picker. */
export function useOwnerChoices(slug: string) {
  return useQuery({
    queryKey: ['members', slug, 'owner-choices'],
    queryFn: ({ signal }) => apiFetch(`${workspacePath(slug)}/members?limit=200`, { schema: pageOf(memberSchema), signal }),
    select: (page) => page.items,
    staleTime: 60_000,
  });
}

const TIMELINE_PAGE = 30;
const timelinePageSchema = pageOf(timelineEntrySchema);

export const getCustomerTimelineQueryOptions = (slug: string, id: string) =>
  infiniteQueryOptions({
    queryKey: [...customerQueryKey(slug, id), 'timeline'],
    queryFn: ({ pageParam, signal }) => {
      const query = new URLSearchParams({ limit: String(TIMELINE_PAGE) });
      if (pageParam) query.set('cursor', pageParam);
      return apiFetch(`${customerPath(slug, id)}/timeline?${query.toString()}`, { schema: timelinePageSchema, signal });
    },
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });

export function useCustomerTimeline(slug: string, id: string) {
  return useInfiniteQuery(getCustomerTimelineQueryOptions(slug, id));
}

/** Any change to a customer may show in lists, counts, duplicates and its timeline: refresh them all. */
function useCustomerMutation<T, R>(slug: string, mutationFn: (input: T) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSettled: () => queryClient.invalidateQueries({ queryKey: customersQueryKey(slug) }),
  });
}

export const useCreateCustomer = (slug: string) =>
  useCustomerMutation(slug, (body: CreateCustomerBody) =>
    apiFetch(customersPath(slug), { method: 'POST', body, schema: customerSchema }),
  );

export const useUpdateCustomer = (slug: string) =>
  useCustomerMutation(slug, ({ id, ...body }: UpdateCustomerBody & { id: string }) =>
    apiFetch(customerPath(slug, id), { method: 'PATCH', body, schema: customerSchema }),
  );

const versionConflictDetails = z.object({ current: customerSchema });

/**
 * What is saved now when a save was refused for a stale `version` (409 `version_conflict` carries it in
 * `details.current`); null for any other failure, or when that record breaks the contract.
 */
export function conflictingCustomer(error: unknown): Customer | null {
  if (!isApiError(error) || error.code !== 'version_conflict') return null;
  const details = versionConflictDetails.safeParse(error.details);
  return details.success ? details.data.current : null;
}

const emailTakenDetails = z.object({ existingId: z.uuid() });

/** The customer (maybe in the trash) that already has the email of a refused save (409 `email_taken`). */
export function emailTakenBy(error: unknown): string | null {
  if (!isApiError(error) || error.code !== 'email_taken') return null;
  const details = emailTakenDetails.safeParse(error.details);
  return details.success ? details.data.existingId : null;
}

export const useDeleteCustomer = (slug: string) =>
  useCustomerMutation(slug, (id: string) => apiFetch(customerPath(slug, id), { method: 'DELETE', schema: z.unknown() }));

export const useRestoreCustomer = (slug: string) =>
  useCustomerMutation(slug, (id: string) => apiFetch(`${customerPath(slug, id)}/restore`, { method: 'POST', schema: customerSchema }));

export const useMergeCustomers = (slug: string) =>
  useCustomerMutation(slug, (body: { primaryId: string; secondaryId: string }) =>
    apiFetch(`${customersPath(slug)}/merge`, { method: 'POST', body, schema: customerSchema }),
  );
