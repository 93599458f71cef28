import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { apiFetch } from '@/lib/api.ts';
import { authOkSchema } from '@/lib/session.ts';

const sessionSchema = z.object({
  id: z.string(),
  token: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  expiresAt: z.string(),
  ipAddress: z.string().nullish(),
  userAgent: z.string().nullish(),
});
export type Session = z.infer<typeof sessionSchema>;

const currentSessionSchema = z.object({ session: z.object({ id: z.string() }) }).nullable();

export const sessionsQueryKey = ['account', 'sessions'] as const;

/** Every open session of the user, plus which of them is this browser's. */
export async function getSessions({ signal }: { signal?: AbortSignal } = {}) {
  const [sessions, current] = await Promise.all([
    apiFetch('/api/auth/list-sessions', { schema: z.array(sessionSchema), signal }),
    apiFetch('/api/auth/get-session', { schema: currentSessionSchema, signal }),
  ]);
  const currentId = current?.session.id ?? null;
  const sorted = [...sessions].sort(
    (a, b) => Number(b.id === currentId) - Number(a.id === currentId) || b.updatedAt.localeCompare(a.updatedAt),
  );
  return { sessions: sorted, currentId };
}

export const getSessionsQueryOptions = () =>
  queryOptions({ queryKey: sessionsQueryKey, queryFn: ({ signal }) => getSessions({ signal }) });

export function useSessions() {
  return useQuery(getSessionsQueryOptions());
}

function useSessionsMutation<T>(mutationFn: (input: T) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn, onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionsQueryKey }) });
}

export const useRevokeSession = () =>
  useSessionsMutation((token: string) =>
    apiFetch('/api/auth/revoke-session', { method: 'POST', body: { token }, schema: authOkSchema }),
  );

export const useRevokeOtherSessions = () =>
  useSessionsMutation(() => apiFetch('/api/auth/revoke-other-sessions', { method: 'POST', body: {}, schema: authOkSchema }));

/** Ends every session, this one included: the caller sends the user to sign in. */
export function useRevokeAllSessions() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch('/api/auth/revoke-sessions', { method: 'POST', body: {}, schema: authOkSchema }),
    onSuccess: () => queryClient.removeQueries(),
  });
}
