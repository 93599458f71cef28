import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '@/lib/api.ts';
import { authOkSchema } from '@/lib/session.ts';
import { sessionsQueryKey } from './sessions.ts';

export interface ChangePasswordInput {
  currentPassword: string;
  newPassword: string;
  revokeOtherSessions: boolean;
}

export function changePassword(input: ChangePasswordInput): Promise<unknown> {
  return apiFetch('/api/auth/change-password', { method: 'POST', body: input, schema: authOkSchema });
}

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: changePassword,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionsQueryKey }),
  });
}
