import { infiniteQueryOptions, queryOptions, useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { pageOf } from '@grip/contracts/common';
import {
  IMPORT_RUNNING,
  importDetailSchema,
  importJobSchema,
  importPreviewSchema,
  importTemplateSchema,
  undoImportResultSchema,
  type ImportDetail,
  type ImportEntity,
  type ImportJob,
  type UpdateImportBody,
} from '@grip/contracts/imports';
import { ApiError, apiFetch, parseJsonText, toApiError } from '@/lib/api.ts';

const workspacePath = (slug: string) => `/api/v1/w/${encodeURIComponent(slug)}`;
const importsPath = (slug: string) => `${workspacePath(slug)}/imports`;
const importPath = (slug: string, id: string) => `${importsPath(slug)}/${encodeURIComponent(id)}`;
const templatesPath = (slug: string) => `${workspacePath(slug)}/import-templates`;

/** Every imports query of a workspace (history, one import, its preview, templates) starts with this key. */
export const importsQueryKey = (slug: string) => ['imports', slug] as const;
export const importsListQueryKey = (slug: string, entity: ImportEntity | undefined) => [...importsQueryKey(slug), 'list', { entity }] as const;
export const importQueryKey = (slug: string, id: string) => [...importsQueryKey(slug), 'detail', id] as const;
export const importPreviewQueryKey = (slug: string, id: string) => [...importQueryKey(slug, id), 'preview'] as const;
export const importTemplatesQueryKey = (slug: string, entity: ImportEntity) => [...importsQueryKey(slug), 'templates', entity] as const;

/**
 * The records an import writes are cached by their own features under `[entity, slug]` (customers, policies,
 * tickets: see lib/realtime/realtime-cache.ts). Features do not import each other, so the prefix is named here.
 */
const recordsQueryKey = (slug: string, entity: ImportEntity) => [entity, slug] as const;

export const isImportRunning = (job: Pick<ImportJob, 'status'> | undefined) => job !== undefined && IMPORT_RUNNING.includes(job.status);

/** How often a running import is asked for its progress. */
const POLL_MS = 1000;

// ───────────────────────── one import

export const getImportQueryOptions = (slug: string, id: string, queryClient: QueryClient) =>
  queryOptions({
    queryKey: importQueryKey(slug, id),
    queryFn: async ({ signal }) => {
      const before = queryClient.getQueryData<ImportDetail>(importQueryKey(slug, id));
      const detail = await apiFetch(importPath(slug, id), { schema: importDetailSchema, signal });
      // A run just ended: the records it wrote, and the history, are out of date.
      if (isImportRunning(before) && !isImportRunning(detail)) void refreshAfterRun(queryClient, slug, detail.entity);
      return detail;
    },
    refetchInterval: (query) => (isImportRunning(query.state.data) ? POLL_MS : false),
  });

/** One import with what the wizard needs (headers, sample, fields, templates), polled every second while it runs. */
export function useImport(slug: string, id: string) {
  const queryClient = useQueryClient();
  return useQuery(getImportQueryOptions(slug, id, queryClient));
}

function refreshAfterRun(queryClient: QueryClient, slug: string, entity: ImportEntity) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: recordsQueryKey(slug, entity) }),
    queryClient.invalidateQueries({ queryKey: [...importsQueryKey(slug), 'list'] }),
  ]);
}

/** The job part of an answer (start, cancel) laid over the cached detail, which keeps headers, sample and fields. */
function mergeJob(queryClient: QueryClient, slug: string, job: ImportJob) {
  queryClient.setQueryData<ImportDetail>(importQueryKey(slug, job.id), (old) => (old ? { ...old, ...job } : old));
}

// ───────────────────────── upload

export interface UploadOptions {
  /** Bytes sent so far and the total, as the browser reports them. */
  onProgress?: (sent: number, total: number) => void;
  signal?: AbortSignal;
}

/**
 * Sends a file (up to 1 GB) to start an import. XMLHttpRequest rather than fetch: it reports upload progress, and the
 * browser streams the File from disk, so it is never read into memory here.
 */
export function uploadImportFile(slug: string, entity: ImportEntity, file: File, { onProgress, signal }: UploadOptions = {}): Promise<ImportDetail> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new DOMException('The upload was cancelled.', 'AbortError'));
      return;
    }
    const request = new XMLHttpRequest();
    request.open('POST', `${importsPath(slug)}?${new URLSearchParams({ entity }).toString()}`);
    request.setRequestHeader('accept', 'application/json');
    request.withCredentials = true;
    request.upload.onprogress = (event) => {
      onProgress?.(event.loaded, event.lengthComputable ? event.total : file.size);
    };
    request.onerror = () => reject(new ApiError(0, 'network_error', 'Cannot reach the server. Check your connection and try again.'));
    request.onabort = () => reject(new DOMException('The upload was cancelled.', 'AbortError'));
    request.onload = () => {
      const body = parseJsonText(request.responseText);
      if (request.status < 200 || request.status >= 300) {
        reject(toApiError(request.status, request.statusText, body));
        return;
      }
      const parsed = importDetailSchema.safeParse(body);
      if (parsed.success) resolve(parsed.data);
      else reject(new ApiError(request.status, 'invalid_response', 'Unexpected response from the upload'));
    };
    signal?.addEventListener('abort', () => request.abort(), { once: true });
    const form = new FormData();
    form.append('file', file, file.name);
    request.send(form);
  });
}

/** Puts a just-uploaded import in the cache, so its wizard opens without asking again. */
export function useRememberUploaded(slug: string) {
  const queryClient = useQueryClient();
  return (detail: ImportDetail) => {
    queryClient.setQueryData(importQueryKey(slug, detail.id), detail);
    void queryClient.invalidateQueries({ queryKey: [...importsQueryKey(slug), 'list'] });
  };
}

// ───────────────────────── mapping and options

/**
 * Saves a change of the mapping or options. Changes are sent one after another (a mutation scope), shown at once
 * (optimistic), and the server's answer is kept only when no later change is on its way, so a slow answer never
 * undoes what the user has picked since.
 */
export function useUpdateImport(slug: string, id: string) {
  const queryClient = useQueryClient();
  const key = importQueryKey(slug, id);
  const mutationKey = [...key, 'update'];
  return useMutation({
    mutationKey,
    scope: { id: `import-${id}` },
    mutationFn: (body: UpdateImportBody) => apiFetch(importPath(slug, id), { method: 'PATCH', body, schema: importDetailSchema }),
    onMutate: async (body) => {
      await queryClient.cancelQueries({ queryKey: key, exact: true });
      const previous = queryClient.getQueryData<ImportDetail>(key);
      // Encoding and delimiter change what the columns are: those wait for the server's answer.
      const rereads = body.encoding !== undefined || body.delimiter !== undefined;
      if (previous && !rereads) queryClient.setQueryData<ImportDetail>(key, { ...previous, ...body });
      return { previous };
    },
    onSuccess: (detail) => {
      if (queryClient.isMutating({ mutationKey }) <= 1) queryClient.setQueryData(key, detail);
    },
    onError: (_error, _body, context) => {
      if (context?.previous) queryClient.setQueryData(key, context.previous);
    },
    onSettled: () => queryClient.removeQueries({ queryKey: importPreviewQueryKey(slug, id) }),
  });
}

// ───────────────────────── preview, runs

export const getImportPreviewQueryOptions = (slug: string, id: string) =>
  queryOptions({
    queryKey: importPreviewQueryKey(slug, id),
    queryFn: ({ signal }) => apiFetch(`${importPath(slug, id)}/preview`, { schema: importPreviewSchema, signal }),
  });

/** The first 50 rows checked by the real engine with the saved mapping; `enabled` waits for pending saves. */
export function useImportPreview(slug: string, id: string, enabled: boolean) {
  return useQuery({ ...getImportPreviewQueryOptions(slug, id), enabled });
}

/** Starts the import, or a dry run of it; the detail then polls its progress. */
export function useStartImport(slug: string, id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { dryRun: boolean }) => apiFetch(`${importPath(slug, id)}/start`, { method: 'POST', body, schema: importJobSchema }),
    onSuccess: (job) => {
      mergeJob(queryClient, slug, job);
      void queryClient.invalidateQueries({ queryKey: [...importsQueryKey(slug), 'list'] });
    },
  });
}

export function useCancelImport(slug: string, id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch(`${importPath(slug, id)}/cancel`, { method: 'POST', schema: importJobSchema }),
    onSuccess: (job) => {
      mergeJob(queryClient, slug, job);
      void refreshAfterRun(queryClient, slug, job.entity);
    },
  });
}

/** Takes an import back: created records go (customers to the trash), updated ones are restored unless changed since. */
export function useUndoImport(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id }: { id: string; entity: ImportEntity }) => apiFetch(`${importPath(slug, id)}/undo`, { method: 'POST', schema: undoImportResultSchema }),
    onSuccess: (_result, { id, entity }) =>
      Promise.all([queryClient.invalidateQueries({ queryKey: importQueryKey(slug, id) }), refreshAfterRun(queryClient, slug, entity)]),
  });
}

/** The rows that failed, with their columns and reasons, as CSV (the server names the file). */
export const importErrorsUrl = (slug: string, id: string) => `${importPath(slug, id)}/errors.csv`;

// ───────────────────────── history

const PAGE_SIZE = 20;
const importPageSchema = pageOf(importJobSchema);

export const getImportsListQueryOptions = (slug: string, entity: ImportEntity | undefined) =>
  infiniteQueryOptions({
    queryKey: importsListQueryKey(slug, entity),
    queryFn: ({ pageParam, signal }) => {
      const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
      if (entity) query.set('entity', entity);
      if (pageParam) query.set('cursor', pageParam);
      return apiFetch(`${importsPath(slug)}?${query.toString()}`, { schema: importPageSchema, signal });
    },
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    // A running import in the list moves on its own.
    refetchInterval: (query) => (query.state.data?.pages.some((page) => page.items.some(isImportRunning)) ? 2 * POLL_MS : false),
  });

/** Past imports, newest first, a page at a time. */
export function useImportsList(slug: string, entity: ImportEntity | undefined) {
  return useInfiniteQuery(getImportsListQueryOptions(slug, entity));
}

// ───────────────────────── templates

const templatesSchema = z.object({ items: z.array(importTemplateSchema) });

export interface CreateTemplateInput {
  entity: ImportEntity;
  name: string;
  /** Header as it appears in the file → field key. */
  mapping: Record<string, string>;
  duplicateMode: ImportJob['duplicateMode'];
  matchKey: string;
}

export function useImportTemplates(slug: string, entity: ImportEntity) {
  return useQuery({
    queryKey: importTemplatesQueryKey(slug, entity),
    queryFn: ({ signal }) => apiFetch(`${templatesPath(slug)}?${new URLSearchParams({ entity }).toString()}`, { schema: templatesSchema, signal }),
    select: (data) => data.items,
  });
}

/** Templates change what an import's detail offers (its `templates`): both are refreshed. */
function refreshTemplates(queryClient: QueryClient, slug: string) {
  return queryClient.invalidateQueries({
    predicate: (query) => {
      const [root, querySlug, kind] = query.queryKey;
      return root === 'imports' && querySlug === slug && (kind === 'templates' || kind === 'detail');
    },
  });
}

export function useCreateImportTemplate(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateTemplateInput) => apiFetch(templatesPath(slug), { method: 'POST', body, schema: importTemplateSchema }),
    onSuccess: () => refreshTemplates(queryClient, slug),
  });
}

export function useDeleteImportTemplate(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch(`${templatesPath(slug)}/${encodeURIComponent(id)}`, { method: 'DELETE', schema: z.unknown() }),
    onSuccess: () => refreshTemplates(queryClient, slug),
  });
}
