import { Button, Checkbox, Group, PasswordInput, SimpleGrid, Stack } from '@mantine/core';
import { useState } from 'react';
import { z } from 'zod';
import { FormError } from '@/components/ui/form-error.tsx';
import { useZodForm } from '@/lib/form.ts';
import { notifySuccess } from '@/lib/notify.ts';
import { useChangePassword } from '../api/password.ts';
import { SectionCard } from './section-card.tsx';

const schema = z
  .object({
    currentPassword: z.string().min(1, 'Enter your current password').max(128),
    newPassword: z.string().min(8, 'Must be at least 8 characters').max(128, 'Must be at most 128 characters'),
    confirm: z.string(),
    revokeOtherSessions: z.boolean(),
  })
  .refine((v) => v.newPassword === v.confirm, { path: ['confirm'], message: 'The passwords do not match' });

const empty = { currentPassword: '', newPassword: '', confirm: '', revokeOtherSessions: true };

export function PasswordCard() {
  const form = useZodForm(schema, empty);
  const change = useChangePassword();
  const [error, setError] = useState<string | null>(null);
  const submit = form.onSubmit(({ confirm: _confirm, ...input }) => {
    setError(null);
    change.mutate(input, {
      onSuccess: () => {
        form.reset();
        notifySuccess(
          input.revokeOtherSessions ? 'Your other sessions were signed out.' : 'Use it next time you sign in.',
          'Password changed',
        );
      },
      onError: (err) => setError(form.applyServerError(err, { password_too_common: 'newPassword', invalid_password: 'currentPassword' })),
    });
  });
  return (
    <SectionCard title="Password" description="Use 8 to 128 characters; common passwords are refused." data-testid="account-password">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <FormError>{error}</FormError>
          <PasswordInput label="Current password" autoComplete="current-password" required {...form.textProps('currentPassword')} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <PasswordInput label="New password" autoComplete="new-password" required {...form.textProps('newPassword')} />
            <PasswordInput label="Repeat the new password" autoComplete="new-password" required {...form.textProps('confirm')} />
          </SimpleGrid>
          <Checkbox label="Sign out my other sessions" {...form.checkedProps('revokeOtherSessions')} />
          <Group justify="flex-end">
            <Button type="submit" loading={change.isPending}>
              Change password
            </Button>
          </Group>
        </Stack>
      </form>
    </SectionCard>
  );
}
