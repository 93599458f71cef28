import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { workspaceDeletionSchema, type WorkspaceDeletion } from '@grip/contracts/workspace-deletion';
import { apiFetch } from '@/lib/api.ts';

const deletionPath = (slug: string) => `/api/v1/w/${encodeURIComponent(slug)}/deletion`;
/** The authenticated download of the final archive (a plain link: the browser saves the zip). */
export const archiveDownloadUrl = (slug: string) => `${deletionPath(slug)}/archive`;

export const workspaceDeletionQueryKey = (slug: string) => ['workspaces', slug, 'deletion'] as const;

/** The workspace's deletion, or null when none was ever requested. */
export async function getWorkspaceDeletion(slug: string, { signal }: { signal?: AbortSignal } = {}): Promise<WorkspaceDeletion | null> {
  return apiFetch(deletionPath(slug), { schema: workspaceDeletionSchema.nullable(), signal });
}

/** While the archive is being prepared the state is polled, so the page moves on by itself when it is ready. */
const POLL_MS = 2000;

export const getWorkspaceDeletionQueryOptions = (slug: string) =>
  queryOptions({
    queryKey: workspaceDeletionQueryKey(slug),
    queryFn: ({ signal }) => getWorkspaceDeletion(slug, { signal }),
    staleTime: 30_000,
    refetchInterval: (query) => (query.state.data?.status === 'preparing' && !query.state.data.error ? POLL_MS : false),
  });

export function useWorkspaceDeletion(slug: string, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({ ...getWorkspaceDeletionQueryOptions(slug), enabled });
}

function useDeletionMutation<V>(slug: string, call: (vars: V) => Promise<WorkspaceDeletion>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: (deletion) => queryClient.setQueryData(workspaceDeletionQueryKey(slug), deletion),
    onSettled: () => queryClient.invalidateQueries({ queryKey: workspaceDeletionQueryKey(slug) }),
  });
}

export const useRequestDeletion = (slug: string) =>
  useDeletionMutation(slug, () => apiFetch(deletionPath(slug), { method: 'POST', schema: workspaceDeletionSchema }));

export const useConfirmDeletion = (slug: string) =>
  useDeletionMutation(slug, (name: string) => apiFetch(`${deletionPath(slug)}/confirm`, { method: 'POST', body: { name }, schema: workspaceDeletionSchema }));

export const useCancelDeletion = (slug: string) =>
  useDeletionMutation(slug, () => apiFetch(deletionPath(slug), { method: 'DELETE', schema: workspaceDeletionSchema }));
