import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { invitationPreviewSchema } from '@grip/contracts/access';
import { apiFetch } from '@/lib/api.ts';
import { meQueryKey } from '@/lib/me.ts';

const invitationPath = (token: string) => `/api/v1/invitations/${encodeURIComponent(token)}`;

/** Public: what an invitation link is for, readable before signing in. */
export function getInvitationPreview(token: string, { signal }: { signal?: AbortSignal } = {}) {
  return apiFetch(invitationPath(token), { schema: invitationPreviewSchema, signal });
}

export const invitationPreviewQueryOptions = (token: string) =>
  queryOptions({
    queryKey: ['invitation-preview', token],
    queryFn: ({ signal }) => getInvitationPreview(token, { signal }),
  });

export function useInvitationPreview(token: string) {
  return useQuery(invitationPreviewQueryOptions(token));
}

const acceptResultSchema = z.object({ workspace: z.object({ slug: z.string() }) });

export function useAcceptInvitation(token: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch(`${invitationPath(token)}/accept`, { method: 'POST', schema: acceptResultSchema }),
    // The new membership must be in /me before the workspace route checks it.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meQueryKey }),
  });
}
