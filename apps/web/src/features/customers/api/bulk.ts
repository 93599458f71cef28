import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { bulkJobSchema, type BulkBody, type BulkJob } from '@grip/contracts/customers';
import { apiFetch } from '@/lib/api.ts';
import { customersQueryKey } from './customer.ts';

const workspacePath = (slug: string) => `/api/v1/w/${encodeURIComponent(slug)}`;
const POLL_MS = 500;

export const isBulkJobActive = (job: BulkJob | undefined) => job?.status === 'queued' || job?.status === 'running';

/** Starts a bulk change on ids or on everything matching a filter; small ones come back already done. */
export function useStartBulk(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: BulkBody) => apiFetch(`${workspacePath(slug)}/customers/bulk`, { method: 'POST', body, schema: bulkJobSchema }),
    onSuccess: (job) => {
      if (!isBulkJobActive(job)) void queryClient.invalidateQueries({ queryKey: customersQueryKey(slug) });
    },
  });
}

export const bulkJobQueryKey = (slug: string, jobId: string) => ['bulk-jobs', slug, jobId] as const;

/** A bulk job, polled every 500 ms until it is done or failed; the customers' queries refresh when it ends. */
export function useBulkJob(slug: string, started: BulkJob | null) {
  const queryClient = useQueryClient();
  return useQuery({
    ...queryOptions({
      queryKey: bulkJobQueryKey(slug, started?.id ?? ''),
      queryFn: async ({ signal }) => {
        const job = await apiFetch(`${workspacePath(slug)}/bulk-jobs/${encodeURIComponent(started?.id ?? '')}`, { schema: bulkJobSchema, signal });
        if (!isBulkJobActive(job)) await queryClient.invalidateQueries({ queryKey: customersQueryKey(slug) });
        return job;
      },
      refetchInterval: (query) => (isBulkJobActive(query.state.data) ? POLL_MS : false),
    }),
    enabled: started !== null && isBulkJobActive(started),
    initialData: started ?? undefined,
  });
}

export const bulkErrorsUrl = (slug: string, jobId: string) => `${workspacePath(slug)}/bulk-jobs/${encodeURIComponent(jobId)}/errors.csv`;
