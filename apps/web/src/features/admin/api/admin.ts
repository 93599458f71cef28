import { infiniteQueryOptions, queryOptions, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { pageOf } from '@grip/contracts/common';
import { apiFetch } from '@/lib/api.ts';
import { meQueryKey } from '@/lib/me.ts';

// The admin console's answers. Only this console reads them, so their shapes live here, not in the contracts.
const adminUserSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.string().nullish(),
  banned: z.boolean().nullish(),
  emailVerified: z.boolean(),
  createdAt: z.string(),
});
export type AdminUser = z.infer<typeof adminUserSchema>;

const adminWorkspaceSchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  memberCount: z.number(),
  disabledAt: z.string().nullable(),
  createdAt: z.string(),
});
export type AdminWorkspace = z.infer<typeof adminWorkspaceSchema>;

const globalFlagSchema = z.object({ key: z.string(), description: z.string(), defaultEnabled: z.boolean() });
export type GlobalFlag = z.infer<typeof globalFlagSchema>;

const mailSchema = z.object({ id: z.string(), to: z.array(z.string()), subject: z.string(), text: z.string(), createdAt: z.string() });
export type OutboxMail = z.infer<typeof mailSchema>;

const PAGE_SIZE = 50;

/** A keyset-paginated admin list with optional filters. */
function pagedQuery<T extends z.ZodType>(key: readonly unknown[], path: string, item: T, filters: Record<string, string | undefined>) {
  const schema = pageOf(item);
  return infiniteQueryOptions({
    queryKey: [...key, filters],
    queryFn: ({ pageParam, signal }) => {
      const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
      for (const [name, value] of Object.entries(filters)) if (value) query.set(name, value);
      if (pageParam) query.set('cursor', pageParam);
      return apiFetch(`${path}?${query.toString()}`, { schema, signal });
    },
    initialPageParam: null as string | null,
    getNextPageParam: (page: z.output<typeof schema>) => page.nextCursor,
  });
}

export const adminUsersQueryOptions = (search: string) =>
  pagedQuery(['admin', 'users'], '/api/v1/admin/users', adminUserSchema, { search: search || undefined });
export const useAdminUsers = (search: string) => useInfiniteQuery(adminUsersQueryOptions(search));

export const adminWorkspacesQueryOptions = () => pagedQuery(['admin', 'workspaces'], '/api/v1/admin/workspaces', adminWorkspaceSchema, {});
export const useAdminWorkspaces = () => useInfiniteQuery(adminWorkspacesQueryOptions());

export const outboxQueryOptions = (to: string) => pagedQuery(['admin', 'mail'], '/api/v1/admin/mail', mailSchema, { to: to || undefined });
export const useOutbox = (to: string) => useInfiniteQuery(outboxQueryOptions(to));

export function useSetUserDisabled() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, disabled }: { userId: string; disabled: boolean }) =>
      apiFetch(`/api/v1/admin/users/${userId}/${disabled ? 'disable' : 'enable'}`, { method: 'POST', schema: z.unknown() }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['admin', 'users'] }),
  });
}

export function useSetWorkspaceDisabled() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ workspaceId, disabled }: { workspaceId: string; disabled: boolean }) =>
      apiFetch(`/api/v1/admin/workspaces/${workspaceId}/${disabled ? 'disable' : 'enable'}`, { method: 'POST', schema: z.unknown() }),
    onSettled: () => Promise.all([queryClient.invalidateQueries({ queryKey: ['admin', 'workspaces'] }), queryClient.invalidateQueries({ queryKey: meQueryKey })]),
  });
}

const enteredSchema = z.object({ workspace: z.object({ slug: z.string(), name: z.string() }) });

/** The operator enters a workspace (as its admin), with a reason the workspace's audit log keeps. */
export function useEnterWorkspace() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ workspaceId, reason }: { workspaceId: string; reason: string }) =>
      apiFetch(`/api/v1/admin/workspaces/${workspaceId}/enter`, { method: 'POST', body: { reason }, schema: enteredSchema }),
    onSettled: () => Promise.all([queryClient.invalidateQueries({ queryKey: ['admin', 'workspaces'] }), queryClient.invalidateQueries({ queryKey: meQueryKey })]),
  });
}

export function useLeaveWorkspace() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ workspaceId }: { workspaceId: string }) => apiFetch(`/api/v1/admin/workspaces/${workspaceId}/leave`, { method: 'POST', schema: z.unknown() }),
    onSettled: () => Promise.all([queryClient.invalidateQueries({ queryKey: ['admin', 'workspaces'] }), queryClient.invalidateQueries({ queryKey: meQueryKey })]),
  });
}

export const globalFlagsQueryOptions = () =>
  queryOptions({
    queryKey: ['admin', 'flags'],
    queryFn: ({ signal }) => apiFetch('/api/v1/admin/flags', { schema: z.object({ items: z.array(globalFlagSchema) }), signal }),
    select: (data) => data.items,
  });
export const useGlobalFlags = () => useQuery(globalFlagsQueryOptions());

export function useSetGlobalFlag() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ key, defaultEnabled }: { key: string; defaultEnabled: boolean }) =>
      apiFetch(`/api/v1/admin/flags/${encodeURIComponent(key)}`, { method: 'PUT', body: { defaultEnabled }, schema: z.unknown() }),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ['admin', 'flags'] }),
        // Defaults feed every workspace's flags, in /me and in the workspace flag lists.
        queryClient.invalidateQueries({ queryKey: meQueryKey }),
        queryClient.invalidateQueries({ queryKey: ['flags'] }),
      ]),
  });
}
