import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { apiFetch } from '@/lib/api.ts';
import { authOkSchema } from '@/lib/session.ts';

export interface SignInInput {
  email: string;
  password: string;
  rememberMe: boolean;
}

/** Either a session was opened, or the account has two-factor authentication and a code is needed next. */
const signInResultSchema = z.object({ twoFactorRedirect: z.boolean().optional() });
export type SignInResult = { status: 'signed-in' } | { status: 'two-factor' };

export async function signIn(input: SignInInput): Promise<SignInResult> {
  const result = await apiFetch('/api/auth/sign-in/email', { method: 'POST', body: input, schema: signInResultSchema });
  return result.twoFactorRedirect ? { status: 'two-factor' } : { status: 'signed-in' };
}

export type SecondFactor = { kind: 'totp'; code: string; trustDevice: boolean } | { kind: 'backup'; code: string };

export function verifySecondFactor(input: SecondFactor): Promise<unknown> {
  return input.kind === 'totp'
    ? apiFetch('/api/auth/two-factor/verify-totp', {
        method: 'POST',
        body: { code: input.code, trustDevice: input.trustDevice },
        schema: authOkSchema,
      })
    : apiFetch('/api/auth/two-factor/verify-backup-code', { method: 'POST', body: { code: input.code }, schema: authOkSchema });
}

/** A new session belongs to a (maybe different) user: nothing cached from before may be shown. */
function useStartSession() {
  const queryClient = useQueryClient();
  return () => queryClient.removeQueries();
}

export function useSignIn() {
  const startSession = useStartSession();
  return useMutation({
    mutationFn: signIn,
    onSuccess: (result) => {
      if (result.status === 'signed-in') startSession();
    },
  });
}

export function useVerifySecondFactor() {
  const startSession = useStartSession();
  return useMutation({ mutationFn: verifySecondFactor, onSuccess: startSession });
}

export function sendVerificationEmail(email: string): Promise<unknown> {
  return apiFetch('/api/auth/send-verification-email', {
    method: 'POST',
    body: { email, callbackURL: '/verify-email' },
    schema: authOkSchema,
  });
}

export function useSendVerificationEmail() {
  return useMutation({ mutationFn: sendVerificationEmail });
}
