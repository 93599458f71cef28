import { queryOptions, useQuery } from '@tanstack/react-query';
import { readySchema, type Ready } from '@grip/contracts/system';
import { apiFetch } from '@/lib/api.ts';

/** /health/ready answers 503 with the same body when something is down: that is data, not an error. */
export function getReadiness({ signal }: { signal?: AbortSignal } = {}): Promise<Ready> {
  return apiFetch('/health/ready', { schema: readySchema, okStatuses: [503], signal });
}

export const readinessQueryKey = ['system', 'readiness'] as const;

export const getReadinessQueryOptions = () =>
  queryOptions({
    queryKey: readinessQueryKey,
    queryFn: ({ signal }) => getReadiness({ signal }),
    staleTime: 5_000,
  });

export function useReadiness({ refetchInterval }: { refetchInterval?: number } = {}) {
  return useQuery({ ...getReadinessQueryOptions(), refetchInterval });
}
