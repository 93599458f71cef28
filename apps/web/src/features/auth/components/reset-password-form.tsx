import { Button, PasswordInput, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { z } from 'zod';
import { FormError } from '@/components/ui/form-error.tsx';
import { RouterAnchor, RouterButton } from '@/components/ui/link.tsx';
import { useZodForm } from '@/lib/form.ts';
import { newPasswordSchema, useResetPassword } from '../api/password-reset.ts';
import { AuthCardHeader } from './auth-card-header.tsx';

const schema = z
  .object({ newPassword: newPasswordSchema, confirm: z.string() })
  .refine((v) => v.newPassword === v.confirm, { path: ['confirm'], message: 'The passwords do not match' });

interface ResetPasswordFormProps {
  token: string | undefined;
  linkError?: string;
  onDone: () => void;
}

export function ResetPasswordForm({ token, linkError, onDone }: ResetPasswordFormProps) {
  if (!token || linkError) {
    return (
      <Stack gap="md" data-testid="reset-password-invalid">
        <AuthCardHeader title="This link does not work">
          The password reset link is invalid or has expired. Ask for a new one.
        </AuthCardHeader>
        <RouterButton to="/forgot-password" fullWidth>
          Send a new link
        </RouterButton>
      </Stack>
    );
  }
  return <NewPasswordForm token={token} onDone={onDone} />;
}

function NewPasswordForm({ token, onDone }: { token: string; onDone: () => void }) {
  const form = useZodForm(schema, { newPassword: '', confirm: '' });
  const reset = useResetPassword();
  const [error, setError] = useState<string | null>(null);
  const submit = form.onSubmit(({ newPassword }) => {
    setError(null);
    reset.mutate({ newPassword, token }, { onSuccess: onDone, onError: (err) => setError(form.applyServerError(err, { password_too_common: 'newPassword' })) });
  });
  return (
    <form onSubmit={submit} noValidate data-testid="reset-password-form">
      <AuthCardHeader title="Choose a new password">Use 8 to 128 characters; common passwords are refused.</AuthCardHeader>
      <Stack gap="md">
        <FormError>{error}</FormError>
        <PasswordInput label="New password" autoComplete="new-password" required autoFocus {...form.textProps('newPassword')} />
        <PasswordInput label="Repeat the new password" autoComplete="new-password" required {...form.textProps('confirm')} />
        <Button type="submit" fullWidth loading={reset.isPending}>
          Set new password
        </Button>
        <Text size="sm" c="dimmed" ta="center">
          <RouterAnchor to="/sign-in">Back to sign in</RouterAnchor>
        </Text>
      </Stack>
    </form>
  );
}
