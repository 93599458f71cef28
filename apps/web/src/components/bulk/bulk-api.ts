import { queryOptions, useMutation, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import type { z } from 'zod';
import type { BulkJob } from '@grip/contracts/customers';
import { apiFetch } from '@/lib/api.ts';

// Bulk changes of any kind of record (customers, tickets): started by one POST, then followed as a job. Each
// feature names its endpoints; the features' lists share these hooks and the bulk bar, which never import each other.

const POLL_MS = 500;

/** What the bulk parts need of a job, whatever its actions. */
export type BulkJobLike = Omit<BulkJob, 'action'> & { action: unknown };

/** How one kind of record starts and follows bulk changes. */
export interface BulkEndpoints<Body, Job extends BulkJobLike> {
  /** Starts a change (the POST of its `…/bulk` endpoint). */
  start: (body: Body) => Promise<Job>;
  /** The jobs: each at `${jobsPath}/:id`, its failures at `${jobsPath}/:id/errors.csv`. */
  jobsPath: string;
  jobSchema: z.ZodType<Job>;
  /** Every query of the records a change touches: refreshed when one ends. */
  recordsKey: QueryKey;
}

/** What following a job needs of its endpoints. */
export type BulkJobEndpoints<Job extends BulkJobLike> = Omit<BulkEndpoints<never, Job>, 'start'>;

export const isBulkJobActive = (job: BulkJobLike | undefined) => job?.status === 'queued' || job?.status === 'running';

/** Starts a bulk change on ids or on everything matching a filter; small ones come back already done. */
export function useStartBulk<Body, Job extends BulkJobLike>(endpoints: BulkEndpoints<Body, Job>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: endpoints.start,
    onSuccess: (job) => {
      if (!isBulkJobActive(job)) void queryClient.invalidateQueries({ queryKey: endpoints.recordsKey });
    },
  });
}

const jobPath = (endpoints: { jobsPath: string }, jobId: string) => `${endpoints.jobsPath}/${encodeURIComponent(jobId)}`;

/** A bulk job, polled every 500 ms until it is done or failed; the records' queries refresh when it ends. */
export function useBulkJob<Job extends BulkJobLike>(endpoints: BulkJobEndpoints<Job>, started: Job | null) {
  const queryClient = useQueryClient();
  return useQuery({
    ...queryOptions({
      queryKey: ['bulk-jobs', endpoints.jobsPath, started?.id ?? ''],
      queryFn: async ({ signal }) => {
        const job = await apiFetch(jobPath(endpoints, started?.id ?? ''), { schema: endpoints.jobSchema, signal });
        if (!isBulkJobActive(job)) await queryClient.invalidateQueries({ queryKey: endpoints.recordsKey });
        return job;
      },
      refetchInterval: (query) => (isBulkJobActive(query.state.data) ? POLL_MS : false),
    }),
    enabled: started !== null && isBulkJobActive(started),
    initialData: started ?? undefined,
  });
}

/** The failures of a job as CSV (the server answers with `Content-Disposition: attachment`). */
export const bulkErrorsUrl = (endpoints: { jobsPath: string }, jobId: string) => `${jobPath(endpoints, jobId)}/errors.csv`;
