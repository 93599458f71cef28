import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import type { createRoleBody, Role, updateRoleBody } from '@grip/contracts/access';
import { BUILTIN_ROLE_KEYS, roleSchema } from '@grip/contracts/access';
import { apiFetch } from '@/lib/api.ts';
import { meQueryKey } from '@/lib/me.ts';

const rolesPath = (slug: string) => `/api/v1/w/${encodeURIComponent(slug)}/roles`;
const rolesListSchema = z.object({ items: z.array(roleSchema) });
const permissionsListSchema = z.object({ items: z.array(z.object({ key: z.string(), label: z.string() })) });

export type CreateRoleInput = z.input<typeof createRoleBody>;
export type UpdateRoleInput = z.input<typeof updateRoleBody>;

const builtinRank = (role: Role) => {
  const index = (BUILTIN_ROLE_KEYS as readonly string[]).indexOf(role.key);
  return index === -1 ? BUILTIN_ROLE_KEYS.length : index;
};

/** Built-in roles from most to least powerful, then custom roles by name: the order of columns and choices. */
export const sortRoles = (roles: Role[]) => [...roles].sort((a, b) => builtinRank(a) - builtinRank(b) || a.name.localeCompare(b.name));

export const rolesQueryKey = (slug: string) => ['roles', slug] as const;

export const getRolesQueryOptions = (slug: string) =>
  queryOptions({
    queryKey: rolesQueryKey(slug),
    queryFn: ({ signal }) => apiFetch(rolesPath(slug), { schema: rolesListSchema, signal }),
    select: (data) => sortRoles(data.items),
  });

export function useRoles(slug: string) {
  return useQuery(getRolesQueryOptions(slug));
}

/** The permission catalog: the rows of the matrix. The same for every workspace; it changes only with releases. */
export const getPermissionsQueryOptions = () =>
  queryOptions({
    queryKey: ['permissions'],
    queryFn: ({ signal }) => apiFetch('/api/v1/permissions', { schema: permissionsListSchema, signal }),
    select: (data) => data.items,
    staleTime: Infinity,
  });

export function usePermissionCatalog() {
  return useQuery(getPermissionsQueryOptions());
}

/** Any role change may change what the user may do: /me is refreshed with the roles. */
function useRolesMutation<T, R>(slug: string, mutationFn: (input: T) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: rolesQueryKey(slug) }),
        queryClient.invalidateQueries({ queryKey: meQueryKey }),
      ]),
  });
}

export const useCreateRole = (slug: string) =>
  useRolesMutation(slug, (input: CreateRoleInput) => apiFetch(rolesPath(slug), { method: 'POST', body: input, schema: roleSchema }));

export const useUpdateRole = (slug: string) =>
  useRolesMutation(slug, ({ roleId, ...input }: UpdateRoleInput & { roleId: string }) =>
    apiFetch(`${rolesPath(slug)}/${roleId}`, { method: 'PATCH', body: input, schema: roleSchema }),
  );

export const useDeleteRole = (slug: string) =>
  useRolesMutation(slug, (roleId: string) => apiFetch(`${rolesPath(slug)}/${roleId}`, { method: 'DELETE', schema: z.unknown() }));

/** Several roles' permissions saved one after another; stops at the first failure. */
export const useSaveRolePermissions = (slug: string) =>
  useRolesMutation(slug, async (changes: { roleId: string; permissions: UpdateRoleInput['permissions'] }[]) => {
    for (const { roleId, permissions } of changes) {
      await apiFetch(`${rolesPath(slug)}/${roleId}`, { method: 'PATCH', body: { permissions }, schema: roleSchema });
    }
  });
