import { Button, PasswordInput, Stack, Text, TextInput, ThemeIcon } from '@mantine/core';
import { IconMailCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { RouterAnchor } from '@/components/ui/link.tsx';
import { FormError } from '@/components/ui/form-error.tsx';
import { useZodForm } from '@/lib/form.ts';
import { notifyError, notifySuccess } from '@/lib/notify.ts';
import { useSendVerificationEmail } from '../api/sign-in.ts';
import { signUpSchema, useSignUp } from '../api/sign-up.ts';
import { rememberAfterVerify } from './after-verify.ts';
import { AuthCardHeader } from './auth-card-header.tsx';

interface SignUpFormProps {
  defaultEmail?: string;
  /** Where to continue once the email is verified (an invitation, say). */
  redirect?: string;
}

export function SignUpForm({ defaultEmail, redirect }: SignUpFormProps) {
  const [sentTo, setSentTo] = useState<string | null>(null);
  if (sentTo) return <CheckInbox email={sentTo} redirect={redirect} />;
  return <SignUpFields defaultEmail={defaultEmail} redirect={redirect} onSignedUp={setSentTo} />;
}

function SignUpFields({ defaultEmail, redirect, onSignedUp }: SignUpFormProps & { onSignedUp: (email: string) => void }) {
  const form = useZodForm(signUpSchema, { name: '', email: defaultEmail ?? '', password: '' });
  const signUp = useSignUp();
  const [error, setError] = useState<string | null>(null);

  const submit = form.onSubmit((data) => {
    setError(null);
    signUp.mutate(data, {
      onSuccess: () => {
        rememberAfterVerify(redirect);
        onSignedUp(data.email);
      },
      onError: (err) => setError(form.applyServerError(err, { password_too_common: 'password', user_already_exists_use_another_email: 'email' })),
    });
  });

  return (
    <form onSubmit={submit} noValidate data-testid="sign-up-form">
      <AuthCardHeader title="Create your account">It takes a minute. We will send you a link to confirm your email.</AuthCardHeader>
      <Stack gap="md">
        <FormError data-testid="sign-up-error">{error}</FormError>
        <TextInput label="Name" autoComplete="name" required autoFocus {...form.textProps('name')} />
        <TextInput label="Email" type="email" autoComplete="email" required {...form.textProps('email')} />
        <PasswordInput
          label="Password"
          description="8 to 128 characters. Avoid common passwords."
          autoComplete="new-password"
          required
          {...form.textProps('password')}
        />
        <Button type="submit" fullWidth loading={signUp.isPending} mt="xs">
          Create account
        </Button>
        <Text size="sm" c="dimmed" ta="center">
          Already have an account?{' '}
          <RouterAnchor to="/sign-in" search={{ redirect, email: form.values.email || undefined }} fw={500}>
            Sign in
          </RouterAnchor>
        </Text>
      </Stack>
    </form>
  );
}

function CheckInbox({ email, redirect }: { email: string; redirect?: string }) {
  const resend = useSendVerificationEmail();
  return (
    <Stack gap="md" align="flex-start" data-testid="sign-up-done">
      <ThemeIcon size={44} radius="md" variant="light">
        <IconMailCheck size={24} aria-hidden />
      </ThemeIcon>
      <AuthCardHeader title="Check your inbox">
        We sent a verification link to <b>{email}</b>. Open it to activate your account; it signs you in.
      </AuthCardHeader>
      <Button
        variant="default"
        fullWidth
        loading={resend.isPending}
        onClick={() =>
          resend.mutate(email, {
            onSuccess: () => notifySuccess(`We sent a new link to ${email}.`, 'Email sent'),
            onError: (err) => notifyError(err, 'Could not send the email'),
          })
        }
      >
        Resend the email
      </Button>
      <Text size="sm" c="dimmed">
        Wrong address?{' '}
        <RouterAnchor to="/sign-up" search={{ redirect }} reloadDocument>
          Start again
        </RouterAnchor>{' '}
        · <RouterAnchor to="/sign-in" search={{ redirect, email }}>Sign in</RouterAnchor>
      </Text>
    </Stack>
  );
}
