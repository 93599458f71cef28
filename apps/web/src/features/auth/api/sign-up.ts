import { useMutation } from '@tanstack/react-query';
import { z } from 'zod';
import { portalSignUpBody } from '@grip/contracts/identity';
import { apiFetch } from '@/lib/api.ts';
import { authOkSchema } from '@/lib/session.ts';

/** Same rules as the server's sign-up (name, email, 8–128 character password). */
export const signUpSchema = portalSignUpBody.extend({
  name: z.string().trim().min(1, 'Enter your name').max(100, 'Must be at most 100 characters'),
  email: z.email('Enter a valid email address').max(254),
  password: z.string().min(8, 'Must be at least 8 characters').max(128, 'Must be at most 128 characters'),
});
export type SignUpInput = z.output<typeof signUpSchema>;

export function signUp(input: SignUpInput): Promise<unknown> {
  return apiFetch('/api/auth/sign-up/email', { method: 'POST', body: input, schema: authOkSchema });
}

export function useSignUp() {
  return useMutation({ mutationFn: signUp });
}
