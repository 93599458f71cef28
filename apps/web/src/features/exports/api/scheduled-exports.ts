import { infiniteQueryOptions, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import {
  scheduledExportPageSchema,
  scheduledExportRunPageSchema,
  scheduledExportRunSchema,
  scheduledExportSchema,
  type CreateScheduledExportBody,
  type ScheduledExport,
  type UpdateScheduledExportBody,
} from '@grip/contracts/exports';
import { apiFetch, isApiError } from '@/lib/api.ts';

const schedulesPath = (slug: string) => `/api/v1/w/${encodeURIComponent(slug)}/scheduled-exports`;
const schedulePath = (slug: string, id: string) => `${schedulesPath(slug)}/${encodeURIComponent(id)}`;

/** Every scheduled-exports query of a workspace (lists and runs) starts with this key. */
export const scheduledExportsQueryKey = (slug: string) => ['scheduled-exports', slug] as const;

const withCursor = (path: string, cursor: string | null) => `${path}?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;

export const getScheduledExportsQueryOptions = (slug: string) =>
  infiniteQueryOptions({
    queryKey: [...scheduledExportsQueryKey(slug), 'list'],
    queryFn: ({ pageParam, signal }) => apiFetch(withCursor(schedulesPath(slug), pageParam), { schema: scheduledExportPageSchema, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    // A run in progress (say after Run now) shows its outcome when it ends.
    refetchInterval: (query) => (query.state.data?.pages.some((p) => p.items.some((s) => s.lastRun?.status === 'running')) ? 2000 : false),
  });

export function useScheduledExports(slug: string) {
  return useInfiniteQuery(getScheduledExportsQueryOptions(slug));
}

/** A schedule's runs, newest first; polled while one is still running. */
export function useScheduledExportRuns(slug: string, id: string | null) {
  return useInfiniteQuery({
    queryKey: [...scheduledExportsQueryKey(slug), 'runs', id ?? ''],
    queryFn: ({ pageParam, signal }) => apiFetch(withCursor(`${schedulePath(slug, id ?? '')}/runs`, pageParam), { schema: scheduledExportRunPageSchema, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    enabled: id !== null,
    refetchInterval: (query) => (query.state.data?.pages.some((p) => p.items.some((r) => r.status === 'running')) ? 1500 : false),
  });
}

function useScheduleMutation<T, R>(slug: string, mutationFn: (input: T) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn, onSettled: () => queryClient.invalidateQueries({ queryKey: scheduledExportsQueryKey(slug) }) });
}

export const useCreateScheduledExport = (slug: string) =>
  useScheduleMutation(slug, (body: CreateScheduledExportBody) => apiFetch(schedulesPath(slug), { method: 'POST', body, schema: scheduledExportSchema }));

export const useUpdateScheduledExport = (slug: string) =>
  useScheduleMutation(slug, ({ id, ...body }: UpdateScheduledExportBody & { id: string }) => apiFetch(schedulePath(slug, id), { method: 'PATCH', body, schema: scheduledExportSchema }));

export const useSetScheduledExportPaused = (slug: string) =>
  useScheduleMutation(slug, ({ id, paused }: { id: string; paused: boolean }) =>
    apiFetch(`${schedulePath(slug, id)}/${paused ? 'pause' : 'resume'}`, { method: 'POST', schema: scheduledExportSchema }),
  );

export const useDeleteScheduledExport = (slug: string) =>
  useScheduleMutation(slug, (id: string) => apiFetch(schedulePath(slug, id), { method: 'DELETE', schema: z.unknown() }));

export const useRunScheduledExportNow = (slug: string) =>
  useScheduleMutation(slug, (id: string) => apiFetch(`${schedulePath(slug, id)}/run`, { method: 'POST', schema: scheduledExportRunSchema }));

const conflictDetails = z.object({ current: scheduledExportSchema });

/** The schedule as saved now, when a save was refused for a stale version (409 version_conflict); else null. */
export function conflictingSchedule(error: unknown): ScheduledExport | null {
  if (!isApiError(error) || error.code !== 'version_conflict') return null;
  const details = conflictDetails.safeParse(error.details);
  return details.success ? details.data.current : null;
}
