import { infiniteQueryOptions, queryOptions, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { exportJobPageSchema, exportJobSchema, isExportJobActive, type CreateExportJobBody, type ExportJob } from '@grip/contracts/exports';
import { apiFetch } from '@/lib/api.ts';

// Export jobs (large exports written in the background): started from a list's export dialog, followed there, and
// listed on the Exports page. Shared by the dialog and that page, which never import each other.

const POLL_MS = 1000;
const exportsPath = (slug: string) => `/api/v1/w/${encodeURIComponent(slug)}/exports`;
const exportPath = (slug: string, id: string) => `${exportsPath(slug)}/${encodeURIComponent(id)}`;

/** Where the file of a finished export downloads from (the server names the file). */
export const exportDownloadHref = (slug: string, id: string) => `${exportPath(slug, id)}/download`;

/** Every export-jobs query of a workspace starts with this key. */
export const exportJobsQueryKey = (slug: string) => ['export-jobs', slug] as const;

export function useStartExportJob(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateExportJobBody) => apiFetch(exportsPath(slug), { method: 'POST', body, schema: exportJobSchema }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: exportJobsQueryKey(slug) }),
  });
}

/** One export, polled every second while it is queued or running. */
export function useExportJob(slug: string, started: ExportJob | null) {
  const queryClient = useQueryClient();
  return useQuery({
    ...queryOptions({
      queryKey: [...exportJobsQueryKey(slug), 'detail', started?.id ?? ''],
      queryFn: async ({ signal }) => {
        const job = await apiFetch(exportPath(slug, started?.id ?? ''), { schema: exportJobSchema, signal });
        if (!isExportJobActive(job)) void queryClient.invalidateQueries({ queryKey: [...exportJobsQueryKey(slug), 'list'] });
        return job;
      },
      refetchInterval: (query) => (isExportJobActive(query.state.data) ? POLL_MS : false),
    }),
    enabled: started !== null,
    initialData: started ?? undefined,
  });
}

export function useCancelExportJob(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch(`${exportPath(slug, id)}/cancel`, { method: 'POST', schema: exportJobSchema }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: exportJobsQueryKey(slug) }),
  });
}

/** Recent exports, newest first; polled while any of them is still working. */
export const getExportJobsQueryOptions = (slug: string) =>
  infiniteQueryOptions({
    queryKey: [...exportJobsQueryKey(slug), 'list'],
    queryFn: ({ pageParam, signal }) =>
      apiFetch(`${exportsPath(slug)}?limit=50${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`, { schema: exportJobPageSchema, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    refetchInterval: (query) => (query.state.data?.pages.some((p) => p.items.some(isExportJobActive)) ? POLL_MS * 2 : false),
  });

export function useExportJobs(slug: string) {
  return useInfiniteQuery(getExportJobsQueryOptions(slug));
}

/** "12,400 of 50,000 rows (24%)" and the percentage, for a progress bar. */
export function exportProgress(job: Pick<ExportJob, 'rowsDone' | 'rowsTotal' | 'status'>): { percent: number; label: string } {
  const total = job.rowsTotal;
  if (job.status === 'done') return { percent: 100, label: `${job.rowsDone.toLocaleString('en-US')} ${job.rowsDone === 1 ? 'row' : 'rows'}` };
  if (total === null) return { percent: 0, label: job.status === 'queued' ? 'Waiting to start…' : 'Counting rows…' };
  const percent = total === 0 ? 100 : Math.min(100, Math.floor((job.rowsDone / total) * 100));
  return { percent, label: `${job.rowsDone.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} rows (${percent}%)` };
}
