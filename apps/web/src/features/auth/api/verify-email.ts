import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { z } from 'zod';
import { apiFetch } from '@/lib/api.ts';

const verifyResultSchema = z.object({ status: z.boolean() });

export function verifyEmail(token: string, { signal }: { signal?: AbortSignal } = {}) {
  const query = new URLSearchParams({ token });
  return apiFetch(`/api/auth/verify-email?${query.toString()}`, { schema: verifyResultSchema, signal });
}

/** A query (not a mutation) so a double mount or a re-render never verifies twice; the answer never goes stale. */
export const verifyEmailQueryOptions = (token: string) =>
  queryOptions({
    queryKey: ['auth', 'verify-email', token],
    queryFn: ({ signal }) => verifyEmail(token, { signal }),
    staleTime: Infinity,
    gcTime: Infinity,
    retry: false,
    refetchOnWindowFocus: false,
  });

export function useVerifyEmail(token: string) {
  const queryClient = useQueryClient();
  const query = useQuery(verifyEmailQueryOptions(token));
  const verified = query.isSuccess;
  // Verifying signs the user in: who "me" is has changed, and nothing cached for a previous user may be shown.
  // The verification itself stays cached, or it would run again with a spent token.
  useEffect(() => {
    if (verified) queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'auth' });
  }, [verified, queryClient]);
  return query;
}
