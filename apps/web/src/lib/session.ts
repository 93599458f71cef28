import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { apiFetch } from './api.ts';
import { meQueryKey } from './me.ts';

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
