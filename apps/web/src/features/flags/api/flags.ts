import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { featureFlagSchema } from '@grip/contracts/access';
import { apiFetch } from '@/lib/api.ts';
import { meQueryKey } from '@/lib/me.ts';

const flagsPath = (slug: string) => `/api/v1/w/${encodeURIComponent(slug)}/flags`;
const flagsListSchema = z.object({ items: z.array(featureFlagSchema) });
export type FeatureFlag = z.infer<typeof featureFlagSchema>;

export const flagsQueryKey = (slug: string) => ['flags', slug] as const;

export const getFlagsQueryOptions = (slug: string) =>
  queryOptions({
    queryKey: flagsQueryKey(slug),
    queryFn: ({ signal }) => apiFetch(flagsPath(slug), { schema: flagsListSchema, signal }),
    select: (data) => data.items,
  });

export function useFlags(slug: string) {
  return useQuery(getFlagsQueryOptions(slug));
}

/** `enabled: null` drops the override: the workspace follows the global default again. */
export function useSetFlagOverride(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ key, enabled }: { key: string; enabled: boolean | null }) =>
      apiFetch(`${flagsPath(slug)}/${encodeURIComponent(key)}`, { method: 'PUT', body: { enabled }, schema: z.unknown() }),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: flagsQueryKey(slug) }),
        // FeatureGate reads the flags from /me.
        queryClient.invalidateQueries({ queryKey: meQueryKey }),
      ]),
  });
}
