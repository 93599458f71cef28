import { infiniteQueryOptions, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { memberSchema } from '@grip/contracts/access';
import { pageOf } from '@grip/contracts/common';
import { apiFetch } from '@/lib/api.ts';
import { meQueryKey } from '@/lib/me.ts';

const PAGE_SIZE = 50;
const membersPageSchema = pageOf(memberSchema);
const membersPath = (slug: string) => `/api/v1/w/${encodeURIComponent(slug)}/members`;

export function getMembers(slug: string, cursor: string | null, { signal }: { signal?: AbortSignal } = {}) {
  const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (cursor) query.set('cursor', cursor);
  return apiFetch(`${membersPath(slug)}?${query.toString()}`, { schema: membersPageSchema, signal });
}

export const membersQueryKey = (slug: string) => ['members', slug] as const;

export const getMembersQueryOptions = (slug: string) =>
  infiniteQueryOptions({
    queryKey: membersQueryKey(slug),
    queryFn: ({ pageParam, signal }) => getMembers(slug, pageParam, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });

export function useMembers(slug: string) {
  return useInfiniteQuery(getMembersQueryOptions(slug));
}

/** A role change may be the user's own: /me (permissions) is refreshed too. */
function useMembersMutation<T>(slug: string, mutationFn: (input: T) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: membersQueryKey(slug) }),
        queryClient.invalidateQueries({ queryKey: meQueryKey }),
        // Roles show how many members they have.
        queryClient.invalidateQueries({ queryKey: ['roles', slug] }),
      ]),
  });
}

export const useUpdateMemberRole = (slug: string) =>
  useMembersMutation(slug, ({ memberId, roleId }: { memberId: string; roleId: string }) =>
    apiFetch(`${membersPath(slug)}/${memberId}`, { method: 'PATCH', body: { roleId }, schema: memberSchema }),
  );

export const useRemoveMember = (slug: string) =>
  useMembersMutation(slug, (memberId: string) =>
    apiFetch(`${membersPath(slug)}/${memberId}`, { method: 'DELETE', schema: z.unknown() }),
  );
