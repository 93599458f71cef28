import { queryOptions, useQuery } from '@tanstack/react-query';
import { meSchema, type Me } from '@grip/contracts/identity';
import { apiFetch, isApiError } from './api.ts';

/** Who is signed in: the source of truth for the session, platform role, memberships, permissions and flags. */
export async function getMe({ signal }: { signal?: AbortSignal } = {}): Promise<Me | null> {
  try {
    return await apiFetch('/api/v1/me', { schema: meSchema, signal });
  } catch (error) {
    // Signed out is a state, not a failure.
    if (isApiError(error) && error.status === 401) return null;
    throw error;
  }
}

export const meQueryKey = ['me'] as const;

export const getMeQueryOptions = () =>
  queryOptions({
    queryKey: meQueryKey,
    queryFn: ({ signal }) => getMe({ signal }),
  });

/** `data` is the signed-in user, `null` when signed out, `undefined` while loading. */
export function useMe() {
  return useQuery(getMeQueryOptions());
}

export type { Me };
export type Membership = Me['memberships'][number];
