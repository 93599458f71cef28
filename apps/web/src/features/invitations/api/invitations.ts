import { infiniteQueryOptions, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import type { bulkInviteBody, inviteBody } from '@grip/contracts/access';
import { bulkInviteResultSchema, invitationSchema } from '@grip/contracts/access';
import { pageOf } from '@grip/contracts/common';
import { apiFetch } from '@/lib/api.ts';

const PAGE_SIZE = 50;
const invitationsPageSchema = pageOf(invitationSchema);
const invitationsPath = (slug: string) => `/api/v1/w/${encodeURIComponent(slug)}/invitations`;

export type InviteInput = z.output<typeof inviteBody>;
export type BulkInviteInput = z.output<typeof bulkInviteBody>;
export type BulkInviteResult = z.output<typeof bulkInviteResultSchema>;

export function getInvitations(slug: string, cursor: string | null, { signal }: { signal?: AbortSignal } = {}) {
  const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (cursor) query.set('cursor', cursor);
  return apiFetch(`${invitationsPath(slug)}?${query.toString()}`, { schema: invitationsPageSchema, signal });
}

export const invitationsQueryKey = (slug: string) => ['invitations', slug] as const;

export const getInvitationsQueryOptions = (slug: string) =>
  infiniteQueryOptions({
    queryKey: invitationsQueryKey(slug),
    queryFn: ({ pageParam, signal }) => getInvitations(slug, pageParam, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });

export function useInvitations(slug: string) {
  return useInfiniteQuery(getInvitationsQueryOptions(slug));
}

function useInvitationsMutation<T, R>(slug: string, mutationFn: (input: T) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: invitationsQueryKey(slug) }),
  });
}

export const useInvite = (slug: string) =>
  useInvitationsMutation(slug, (input: InviteInput) =>
    apiFetch(invitationsPath(slug), { method: 'POST', body: input, schema: invitationSchema }),
  );

export const useBulkInvite = (slug: string) =>
  useInvitationsMutation(slug, (input: BulkInviteInput) =>
    apiFetch(`${invitationsPath(slug)}/bulk`, { method: 'POST', body: input, schema: bulkInviteResultSchema }),
  );

export const useResendInvitation = (slug: string) =>
  useInvitationsMutation(slug, (id: string) =>
    apiFetch(`${invitationsPath(slug)}/${id}/resend`, { method: 'POST', schema: z.unknown() }),
  );

export const useRevokeInvitation = (slug: string) =>
  useInvitationsMutation(slug, (id: string) => apiFetch(`${invitationsPath(slug)}/${id}`, { method: 'DELETE', schema: z.unknown() }));
