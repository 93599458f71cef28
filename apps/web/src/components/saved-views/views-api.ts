import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { lastViewSchema, savedViewSchema, type ViewState } from '@grip/contracts/customers';
import { apiFetch } from '@/lib/api.ts';

// Saved views and the remembered "last view" of every list that has them (the server's views module); shared by
// the features' lists, which never import each other.

export type ViewResource = 'customers' | 'policies' | 'tickets';

const viewsPath = (slug: string) => `/api/v1/w/${encodeURIComponent(slug)}/views`;
const viewsListSchema = z.object({ items: z.array(savedViewSchema) });

export const viewsQueryKey = (slug: string, resource: ViewResource) => ['views', slug, resource] as const;
const lastViewQueryKey = (slug: string, resource: ViewResource) => [...viewsQueryKey(slug, resource), 'last'] as const;

/** The user's own views and those shared with the workspace. */
export const getViewsQueryOptions = (slug: string, resource: ViewResource) =>
  queryOptions({
    queryKey: [...viewsQueryKey(slug, resource), 'list'],
    queryFn: ({ signal }) => apiFetch(`${viewsPath(slug)}?${new URLSearchParams({ resource }).toString()}`, { schema: viewsListSchema, signal }),
    select: (data) => data.items,
  });

export function useViews(slug: string, resource: ViewResource) {
  return useQuery(getViewsQueryOptions(slug, resource));
}

/** What the user last looked at; read once when the list opens (saving keeps the cache current). */
export const getLastViewQueryOptions = (slug: string, resource: ViewResource) =>
  queryOptions({
    queryKey: lastViewQueryKey(slug, resource),
    queryFn: ({ signal }) =>
      apiFetch(`${viewsPath(slug)}/last?${new URLSearchParams({ resource }).toString()}`, { schema: lastViewSchema, signal }),
    staleTime: Infinity,
  });

export function useLastView(slug: string, resource: ViewResource) {
  return useQuery(getLastViewQueryOptions(slug, resource));
}

export function useSaveLastView(slug: string, resource: ViewResource) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { viewId: string | null; state: ViewState }) =>
      apiFetch(`${viewsPath(slug)}/last`, { method: 'PUT', body: { resource, ...body }, schema: lastViewSchema }),
    // Remembered at once: coming back to the list before the request ends shows this state, not the previous one.
    onMutate: (body) => queryClient.setQueryData(lastViewQueryKey(slug, resource), body),
  });
}

function useViewsMutation<T, R>(slug: string, resource: ViewResource, mutationFn: (input: T) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSettled: () => queryClient.invalidateQueries({ queryKey: [...viewsQueryKey(slug, resource), 'list'] }),
  });
}

export const useCreateView = (slug: string, resource: ViewResource) =>
  useViewsMutation(slug, resource, (body: { name: string; shared: boolean; state: ViewState }) =>
    apiFetch(viewsPath(slug), { method: 'POST', body: { resource, ...body }, schema: savedViewSchema }),
  );

export const useUpdateView = (slug: string, resource: ViewResource) =>
  useViewsMutation(slug, resource, ({ viewId, ...body }: { viewId: string; name?: string; shared?: boolean; state?: ViewState }) =>
    apiFetch(`${viewsPath(slug)}/${encodeURIComponent(viewId)}`, { method: 'PATCH', body, schema: savedViewSchema }),
  );

export const useDeleteView = (slug: string, resource: ViewResource) =>
  useViewsMutation(slug, resource, (viewId: string) =>
    apiFetch(`${viewsPath(slug)}/${encodeURIComponent(viewId)}`, { method: 'DELETE', schema: z.unknown() }),
  );
