import { Button, Loader, Stack, Text, TextInput, ThemeIcon } from '@mantine/core';
import { IconCircleCheck, IconMailX } from '@tabler/icons-react';
import { useState } from 'react';
import { z } from 'zod';
import { FormError } from '@/components/ui/form-error.tsx';
import { RouterAnchor } from '@/components/ui/link.tsx';
import { useZodForm } from '@/lib/form.ts';
import { notifySuccess } from '@/lib/notify.ts';
import { useSendVerificationEmail } from '../api/sign-in.ts';
import { useVerifyEmail } from '../api/verify-email.ts';
import { takeAfterVerify } from './after-verify.ts';
import { AuthCardHeader } from './auth-card-header.tsx';

interface VerifyEmailProps {
  token: string | undefined;
  /** An error Better Auth put on the link it redirected to (`?error=…`). */
  linkError?: string;
  onContinue: (path: string) => void;
}

/** Checks the link's token with the server, then offers to continue (signed in), or to send a new link. */
export function VerifyEmail({ token, linkError, onContinue }: VerifyEmailProps) {
  if (!token) {
    return <ResendLink reason={linkError ? 'This verification link is invalid or has expired.' : 'This page needs the link from the verification email.'} />;
  }
  return <VerifyToken token={token} onContinue={onContinue} />;
}

function VerifyToken({ token, onContinue }: { token: string; onContinue: (path: string) => void }) {
  const verification = useVerifyEmail(token);
  // Read once: where the sign-up was heading (an invitation, usually).
  const [next] = useState(() => takeAfterVerify() ?? '/');

  if (verification.isPending) {
    return (
      <Stack align="center" gap="md" py="lg" data-testid="verify-email-pending">
        <Loader />
        <Text c="dimmed">Verifying your email…</Text>
      </Stack>
    );
  }
  if (verification.isError) return <ResendLink reason={verification.error.message} />;
  return (
    <Stack gap="md" align="flex-start" data-testid="verify-email-success">
      <ThemeIcon size={44} radius="md" variant="light" color="teal">
        <IconCircleCheck size={24} aria-hidden />
      </ThemeIcon>
      <AuthCardHeader title="Email verified">Your account is active and you are signed in.</AuthCardHeader>
      <Button fullWidth onClick={() => onContinue(next)} data-testid="verify-email-continue">
        Continue
      </Button>
    </Stack>
  );
}

const resendSchema = z.object({ email: z.email('Enter a valid email address') });

function ResendLink({ reason }: { reason: string }) {
  const form = useZodForm(resendSchema, { email: '' });
  const resend = useSendVerificationEmail();
  const [error, setError] = useState<string | null>(null);
  const submit = form.onSubmit(({ email }) => {
    setError(null);
    resend.mutate(email, {
      onSuccess: () => notifySuccess(`If ${email} has an account waiting for verification, a new link is on its way.`, 'Email sent'),
      onError: (err) => setError(form.applyServerError(err)),
    });
  });
  return (
    <form onSubmit={submit} noValidate data-testid="verify-email-error">
      <Stack gap="md" align="stretch">
        <ThemeIcon size={44} radius="md" variant="light" color="red">
          <IconMailX size={24} aria-hidden />
        </ThemeIcon>
        <AuthCardHeader title="We could not verify your email">{reason}</AuthCardHeader>
        <FormError>{error}</FormError>
        <TextInput label="Send a new link to" type="email" autoComplete="email" placeholder="you@example.com" {...form.textProps('email')} />
        <Button type="submit" loading={resend.isPending} disabled={resend.isSuccess}>
          {resend.isSuccess ? 'Link sent' : 'Send a new link'}
        </Button>
        <Text size="sm" c="dimmed" ta="center">
          <RouterAnchor to="/sign-in">Back to sign in</RouterAnchor>
        </Text>
      </Stack>
    </form>
  );
}
