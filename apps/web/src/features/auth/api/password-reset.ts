import { useMutation } from '@tanstack/react-query';
import { z } from 'zod';
import { apiFetch } from '@/lib/api.ts';
import { authOkSchema } from '@/lib/session.ts';

export const newPasswordSchema = z.string().min(8, 'Must be at least 8 characters').max(128, 'Must be at most 128 characters');

export function requestPasswordReset(email: string): Promise<unknown> {
  return apiFetch('/api/auth/request-password-reset', {
    method: 'POST',
    body: { email, redirectTo: '/reset-password' },
    schema: authOkSchema,
  });
}

export function resetPassword(input: { newPassword: string; token: string }): Promise<unknown> {
  return apiFetch('/api/auth/reset-password', { method: 'POST', body: input, schema: authOkSchema });
}

export function useRequestPasswordReset() {
  return useMutation({ mutationFn: requestPasswordReset });
}

export function useResetPassword() {
  return useMutation({ mutationFn: resetPassword });
}
