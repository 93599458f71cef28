import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError } from '@/lib/api.ts';
import { meQueryKey } from '@/lib/me.ts';

const MAX_RETRIES = 2;

/** Retry only what may heal by itself (network, 5xx); a 4xx answer is final. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (failureCount >= MAX_RETRIES) return false;
  return isApiError(error) && error.isTransient;
}

export function createQueryClient(): QueryClient {
  // A 401 anywhere means the session is gone (expired, revoked, signed out in another tab). Asking /me again
  // turns that into `null`, and the signed-in layout sends the user to sign in, with the way back.
  const onError = (error: unknown) => {
    if (isApiError(error) && error.status === 401) void queryClient.invalidateQueries({ queryKey: meQueryKey });
  };
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: { retry: shouldRetry, staleTime: 30_000, refetchOnWindowFocus: true },
      mutations: { retry: false },
    },
  });
  return queryClient;
}
