import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { apiFetch } from '@/lib/api.ts';
import { meQueryKey } from '@/lib/me.ts';
import { authOkSchema } from '@/lib/session.ts';

const enableResultSchema = z.object({ totpURI: z.string(), backupCodes: z.array(z.string()) });
export type TwoFactorSetup = z.infer<typeof enableResultSchema>;
const backupCodesSchema = z.object({ backupCodes: z.array(z.string()) });

/** Step 1: creates the secret and backup codes; two-factor is on only once a code is verified (step 2). */
export function startTwoFactor(password: string): Promise<TwoFactorSetup> {
  return apiFetch('/api/auth/two-factor/enable', { method: 'POST', body: { password }, schema: enableResultSchema });
}

export function confirmTwoFactor(code: string): Promise<unknown> {
  return apiFetch('/api/auth/two-factor/verify-totp', { method: 'POST', body: { code }, schema: authOkSchema });
}

export function disableTwoFactor(password: string): Promise<unknown> {
  return apiFetch('/api/auth/two-factor/disable', { method: 'POST', body: { password }, schema: authOkSchema });
}

export async function regenerateBackupCodes(password: string): Promise<string[]> {
  const result = await apiFetch('/api/auth/two-factor/generate-backup-codes', {
    method: 'POST',
    body: { password },
    schema: backupCodesSchema,
  });
  return result.backupCodes;
}

export const useStartTwoFactor = () => useMutation({ mutationFn: startTwoFactor });
export const useRegenerateBackupCodes = () => useMutation({ mutationFn: regenerateBackupCodes });

/** Turning two-factor on or off changes /me (`twoFactorEnabled`). */
function useMeChangingMutation<T>(mutationFn: (input: T) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn, onSuccess: () => queryClient.invalidateQueries({ queryKey: meQueryKey }) });
}

export const useConfirmTwoFactor = () => useMeChangingMutation(confirmTwoFactor);
export const useDisableTwoFactor = () => useMeChangingMutation(disableTwoFactor);
