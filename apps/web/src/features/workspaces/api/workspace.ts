import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { createWorkspaceBody, updateWorkspaceBody } from '@grip/contracts/access';
import { myWorkspaceSchema, type MyWorkspace } from '@grip/contracts/access';
import { apiFetch } from '@/lib/api.ts';
import { meQueryKey } from '@/lib/me.ts';

export type CreateWorkspaceInput = z.output<typeof createWorkspaceBody>;
export type UpdateWorkspaceInput = z.output<typeof updateWorkspaceBody>;

const workspacePath = (slug: string) => `/api/v1/w/${encodeURIComponent(slug)}`;

export function getWorkspace(slug: string, { signal }: { signal?: AbortSignal } = {}): Promise<MyWorkspace> {
  return apiFetch(workspacePath(slug), { schema: myWorkspaceSchema, signal });
}

export const workspaceQueryKey = (slug: string) => ['workspaces', slug] as const;

export const getWorkspaceQueryOptions = (slug: string) =>
  queryOptions({ queryKey: workspaceQueryKey(slug), queryFn: ({ signal }) => getWorkspace(slug, { signal }) });

export function useWorkspace(slug: string) {
  return useQuery(getWorkspaceQueryOptions(slug));
}

export function createWorkspace(input: CreateWorkspaceInput): Promise<MyWorkspace> {
  return apiFetch('/api/v1/workspaces', { method: 'POST', body: input, schema: myWorkspaceSchema });
}

export function updateWorkspace(slug: string, input: UpdateWorkspaceInput): Promise<MyWorkspace> {
  return apiFetch(workspacePath(slug), { method: 'PATCH', body: input, schema: myWorkspaceSchema });
}

/** A new workspace is a new membership: /me changes. */
export function useCreateWorkspace() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createWorkspace,
    onSuccess: async (workspace) => {
      queryClient.setQueryData(workspaceQueryKey(workspace.slug), workspace);
      await queryClient.invalidateQueries({ queryKey: meQueryKey });
    },
  });
}

export function useUpdateWorkspace(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: UpdateWorkspaceInput) => updateWorkspace(slug, input),
    onSuccess: async (workspace) => {
      queryClient.setQueryData(workspaceQueryKey(workspace.slug), workspace);
      await queryClient.invalidateQueries({ queryKey: meQueryKey });
    },
  });
}
