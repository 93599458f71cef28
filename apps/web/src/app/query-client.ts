import { QueryClient } from '@tanstack/react-query';
import { isApiError } from '@/lib/api.ts';

const MAX_RETRIES = 2;

/** Retry only what may heal by itself (network, 5xx); a 4xx answer is final. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (failureCount >= MAX_RETRIES) return false;
  return isApiError(error) && error.isTransient;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: shouldRetry, staleTime: 30_000, refetchOnWindowFocus: true },
      mutations: { retry: false },
    },
  });
}
