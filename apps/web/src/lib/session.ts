import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { redirect } from '@tanstack/react-router';
import { z } from 'zod';
import { apiFetch } from './api.ts';
import { getMeQueryOptions, meQueryKey } from './me.ts';
import { safeRedirect } from './safe-redirect.ts';

/** Better Auth answers most actions with a small status object; nothing in it is needed beyond success. */
export const authOkSchema = z.unknown();

export function signOut(): Promise<unknown> {
  return apiFetch('/api/auth/sign-out', { method: 'POST', body: {}, schema: authOkSchema });
}

/** Signs out and forgets every cached answer of the previous user; the caller decides where to go next. */
export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signOut,
    onSuccess: () => {
      queryClient.removeQueries();
      queryClient.setQueryData(meQueryKey, null);
    },
  });
}

/** `?redirect=` (where to go after signing in) and `?email=` (prefill), shared by the sign-in and sign-up pages. */
export const guestSearchSchema = z.object({
  redirect: z.string().optional().catch(undefined),
  email: z.string().optional().catch(undefined),
});

/** beforeLoad of pages only for signed-out people: someone signed in goes straight to where they were headed. */
export async function redirectIfSignedIn({ context, search }: { context: { queryClient: QueryClient }; search: { redirect?: string } }) {
  const me = await context.queryClient.ensureQueryData(getMeQueryOptions());
  if (me) throw redirect({ href: safeRedirect(search.redirect) });
}
