import { infiniteQueryOptions, queryOptions, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import {
  policyPageSchema,
  policySchema,
  policyStatusSchema,
  type CreatePolicyBody,
  type Policy,
  type UpdatePolicyBody,
} from '@grip/contracts/policies';
import { apiFetch, isApiError } from '@/lib/api.ts';

const PAGE_SIZE = 50;

const workspacePath = (slug: string) => `/api/v1/w/${encodeURIComponent(slug)}`;
const policiesPath = (slug: string) => `${workspacePath(slug)}/policies`;
const policyPath = (slug: string, id: string) => `${policiesPath(slug)}/${encodeURIComponent(id)}`;

/** Every policies query of a workspace (lists and details) starts with this key. */
export const policiesQueryKey = (slug: string) => ['policies', slug] as const;
export const policyQueryKey = (slug: string, id: string) => [...policiesQueryKey(slug), 'detail', id] as const;

// ───────────────────────── lists

/** What a policies list is narrowed to; also the `filter` of the saved "last view". */
export const policyFilterSchema = z.object({
  q: z.string().max(100).optional().catch(undefined),
  status: z.array(policyStatusSchema).optional().catch(undefined),
  carrier: z.string().max(120).optional().catch(undefined),
  renewalWithinDays: z.number().int().min(0).max(3650).optional().catch(undefined),
  customerId: z.uuid().optional().catch(undefined),
});
export type PolicyFilter = z.infer<typeof policyFilterSchema>;

/** The list querystring for a filter (lists comma-separated); empty parts are left out. */
export function policyFilterToQuery(filter: PolicyFilter): Record<string, string> {
  const out: Record<string, string> = {};
  if (filter.q?.trim()) out.q = filter.q.trim();
  if (filter.status?.length) out.status = filter.status.join(',');
  if (filter.carrier?.trim()) out.carrier = filter.carrier.trim();
  if (filter.renewalWithinDays !== undefined) out.renewalWithinDays = String(filter.renewalWithinDays);
  if (filter.customerId) out.customerId = filter.customerId;
  return out;
}

export interface PolicyListParams {
  filter: PolicyFilter;
  /** `renewalDate,-premium`: comma-separated POLICY_SORT_FIELDS, `-` for descending; '' for the server's order. */
  sort: string;
}

export function getPoliciesPage(slug: string, { filter, sort }: PolicyListParams, cursor: string | null, { signal }: { signal?: AbortSignal } = {}) {
  const query = new URLSearchParams(policyFilterToQuery(filter));
  if (sort) query.set('sort', sort);
  query.set('limit', String(PAGE_SIZE));
  if (cursor) query.set('cursor', cursor);
  return apiFetch(`${policiesPath(slug)}?${query.toString()}`, { schema: policyPageSchema, signal });
}

export const getPoliciesQueryOptions = (slug: string, params: PolicyListParams) =>
  infiniteQueryOptions({
    queryKey: [...policiesQueryKey(slug), 'list', policyFilterToQuery(params.filter), params.sort],
    queryFn: ({ pageParam, signal }) => getPoliciesPage(slug, params, pageParam, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    // A new filter or sort keeps showing the previous rows until its first page arrives (no flash of skeleton).
    placeholderData: (previous) => previous,
  });

export function usePolicies(slug: string, params: PolicyListParams) {
  return useInfiniteQuery(getPoliciesQueryOptions(slug, params));
}

export const getPolicyQueryOptions = (slug: string, id: string) =>
  queryOptions({
    queryKey: policyQueryKey(slug, id),
    queryFn: ({ signal }) => apiFetch(policyPath(slug, id), { schema: policySchema, signal }),
  });

export function usePolicy(slug: string, id: string) {
  return useQuery(getPolicyQueryOptions(slug, id));
}

// ───────────────────────── writes

/**
 * Any policy change shows in policy lists and details, and in its customer's timeline. The customers key is named
 * literally (features never import each other); refreshing all of a workspace's customer queries is cheap, since
 * only those on screen refetch.
 */
function usePolicyMutation<T, R>(slug: string, mutationFn: (input: T) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: policiesQueryKey(slug) }),
        queryClient.invalidateQueries({ queryKey: ['customers', slug] }),
      ]),
  });
}

export const useCreatePolicy = (slug: string) =>
  usePolicyMutation(slug, (body: CreatePolicyBody) => apiFetch(policiesPath(slug), { method: 'POST', body, schema: policySchema }));

export const useUpdatePolicy = (slug: string) =>
  usePolicyMutation(slug, ({ id, ...body }: UpdatePolicyBody & { id: string }) =>
    apiFetch(policyPath(slug, id), { method: 'PATCH', body, schema: policySchema }),
  );

const versionConflictDetails = z.object({ current: policySchema });

/**
 * What is saved now when a save was refused for a stale `version` (409 `version_conflict` carries it in
 * `details.current`); null for any other failure, or when that record breaks the contract.
 */
export function conflictingPolicy(error: unknown): Policy | null {
  if (!isApiError(error) || error.code !== 'version_conflict') return null;
  const details = versionConflictDetails.safeParse(error.details);
  return details.success ? details.data.current : null;
}

export const useDeletePolicy = (slug: string) =>
  usePolicyMutation(slug, (id: string) => apiFetch(policyPath(slug, id), { method: 'DELETE', schema: z.unknown() }));

// ───────────────────────── customers to attach a policy to
