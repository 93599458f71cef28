import { Button, Stack, Text, TextInput, ThemeIcon } from '@mantine/core';
import { IconMailForward } from '@tabler/icons-react';
import { useState } from 'react';
import { z } from 'zod';
import { FormError } from '@/components/ui/form-error.tsx';
import { RouterAnchor } from '@/components/ui/link.tsx';
import { useZodForm } from '@/lib/form.ts';
import { useRequestPasswordReset } from '../api/password-reset.ts';
import { AuthCardHeader } from './auth-card-header.tsx';

const schema = z.object({ email: z.email('Enter a valid email address') });

export function ForgotPasswordForm({ defaultEmail }: { defaultEmail?: string }) {
  const form = useZodForm(schema, { email: defaultEmail ?? '' });
  const request = useRequestPasswordReset();
  const [error, setError] = useState<string | null>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);

  const submit = form.onSubmit(({ email }) => {
    setError(null);
    request.mutate(email, { onSuccess: () => setSentTo(email), onError: (err) => setError(form.applyServerError(err)) });
  });

  if (sentTo) {
    return (
      <Stack gap="md" align="flex-start" data-testid="forgot-password-sent">
        <ThemeIcon size={44} radius="md" variant="light">
          <IconMailForward size={24} aria-hidden />
        </ThemeIcon>
        <AuthCardHeader title="Check your inbox">
          If an account exists for <b>{sentTo}</b>, we sent a link to reset its password. The link expires soon, so use
          it today.
        </AuthCardHeader>
        <RouterAnchor to="/sign-in" search={{ email: sentTo }} size="sm">
          Back to sign in
        </RouterAnchor>
      </Stack>
    );
  }

  return (
    <form onSubmit={submit} noValidate data-testid="forgot-password-form">
      <AuthCardHeader title="Reset your password">Enter your account’s email and we will send you a reset link.</AuthCardHeader>
      <Stack gap="md">
        <FormError>{error}</FormError>
        <TextInput label="Email" type="email" autoComplete="email" required autoFocus {...form.textProps('email')} />
        <Button type="submit" fullWidth loading={request.isPending}>
          Send reset link
        </Button>
        <Text size="sm" c="dimmed" ta="center">
          Remembered it? <RouterAnchor to="/sign-in">Sign in</RouterAnchor>
        </Text>
      </Stack>
    </form>
  );
}
