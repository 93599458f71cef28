import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { apiFetch } from '@/lib/api.ts';
import { meQueryKey } from '@/lib/me.ts';
import { authOkSchema } from '@/lib/session.ts';

export const profileSchema = z.object({
  name: z.string().trim().min(1, 'Enter your name').max(100, 'Must be at most 100 characters'),
});

export function updateProfile(input: z.output<typeof profileSchema>): Promise<unknown> {
  return apiFetch('/api/auth/update-user', { method: 'POST', body: input, schema: authOkSchema });
}

export function useUpdateProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateProfile,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meQueryKey }),
  });
}
