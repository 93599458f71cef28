import { Anchor, Button, Checkbox, Group, PasswordInput, PinInput, Stack, Text, TextInput } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { useState } from 'react';
import { z } from 'zod';
import { RouterAnchor } from '@/components/ui/link.tsx';
import { FormError } from '@/components/ui/form-error.tsx';
import { isApiError } from '@/lib/api.ts';
import { useZodForm } from '@/lib/form.ts';
import { notifyError, notifySuccess } from '@/lib/notify.ts';
import { useSendVerificationEmail, useSignIn, useVerifySecondFactor } from '../api/sign-in.ts';
import { AuthCardHeader } from './auth-card-header.tsx';

const credentialsSchema = z.object({
  email: z.email('Enter a valid email address'),
  password: z.string().min(1, 'Enter your password').max(128, 'Must be at most 128 characters'),
  rememberMe: z.boolean(),
});

interface SignInFormProps {
  defaultEmail?: string;
  /** Where the user was going; kept on the links to sign-up and back. */
  redirect?: string;
  onSignedIn: () => void;
}

/** Email and password, then (for accounts with two-factor authentication) a code from the app or a backup code. */
export function SignInForm({ defaultEmail, redirect, onSignedIn }: SignInFormProps) {
  const [step, setStep] = useState<'credentials' | 'two-factor'>('credentials');
  if (step === 'two-factor') return <SecondFactorForm onBack={() => setStep('credentials')} onSignedIn={onSignedIn} />;
  return <CredentialsForm defaultEmail={defaultEmail} redirect={redirect} onSignedIn={onSignedIn} onTwoFactor={() => setStep('two-factor')} />;
}

function CredentialsForm({
  defaultEmail,
  redirect,
  onSignedIn,
  onTwoFactor,
}: SignInFormProps & { onTwoFactor: () => void }) {
  const form = useZodForm(credentialsSchema, { email: defaultEmail ?? '', password: '', rememberMe: true });
  const signIn = useSignIn();
  const [error, setError] = useState<{ message: string; unverified: boolean } | null>(null);

  const submit = form.onSubmit((data) => {
    setError(null);
    signIn.mutate(data, {
      onSuccess: (result) => (result.status === 'two-factor' ? onTwoFactor() : onSignedIn()),
      onError: (err) => {
        const message = form.applyServerError(err);
        if (message) setError({ message, unverified: isApiError(err) && err.code === 'email_not_verified' });
      },
    });
  });

  return (
    <form onSubmit={submit} noValidate data-testid="sign-in-form">
      <AuthCardHeader title="Sign in to Grip">Welcome back. Enter your email and password.</AuthCardHeader>
      <Stack gap="md">
        {error && (
          <FormError data-testid="sign-in-error">
            <Stack gap="xs" align="flex-start">
              <span>{error.message}</span>
              {error.unverified && <ResendVerification email={form.values.email} />}
            </Stack>
          </FormError>
        )}
        <TextInput label="Email" type="email" autoComplete="email" required autoFocus={!defaultEmail} {...form.textProps('email')} />
        <PasswordInput
          label="Password"
          autoComplete="current-password"
          required
          autoFocus={Boolean(defaultEmail)}
          {...form.textProps('password')}
        />
        <Group justify="space-between" gap="xs">
          <Checkbox label="Remember me" {...form.checkedProps('rememberMe')} />
          <RouterAnchor to="/forgot-password" search={{ email: form.values.email || undefined }} size="sm">
            Forgot password?
          </RouterAnchor>
        </Group>
        <Button type="submit" fullWidth loading={signIn.isPending} mt="xs">
          Sign in
        </Button>
        <Text size="sm" c="dimmed" ta="center">
          New to Grip?{' '}
          <RouterAnchor to="/sign-up" search={{ redirect, email: form.values.email || undefined }} fw={500}>
            Create an account
          </RouterAnchor>
        </Text>
      </Stack>
    </form>
  );
}

function ResendVerification({ email }: { email: string }) {
  const resend = useSendVerificationEmail();
  return (
    <Button
      size="xs"
      variant="light"
      color="red"
      loading={resend.isPending}
      disabled={resend.isSuccess}
      data-testid="resend-verification"
      onClick={() =>
        resend.mutate(email, {
          onSuccess: () => notifySuccess(`We sent a new verification link to ${email}.`, 'Check your inbox'),
          onError: (err) => notifyError(err, 'Could not send the email'),
        })
      }
    >
      {resend.isSuccess ? 'Verification email sent' : 'Resend verification email'}
    </Button>
  );
}

const totpSchema = z.object({ code: z.string().regex(/^\d{6}$/, 'Enter the 6-digit code'), trustDevice: z.boolean() });
const backupSchema = z.object({ code: z.string().trim().min(4, 'Enter one of your backup codes').max(64) });

function SecondFactorForm({ onBack, onSignedIn }: { onBack: () => void; onSignedIn: () => void }) {
  const [useBackup, setUseBackup] = useState(false);
  return (
    <Stack gap="md" data-testid="two-factor-step">
      <AuthCardHeader title="Two-factor authentication">
        {useBackup
          ? 'Enter one of the backup codes you saved when you turned on two-factor authentication.'
          : 'Enter the 6-digit code from your authenticator app.'}
      </AuthCardHeader>
      {useBackup ? <BackupCodeForm onSignedIn={onSignedIn} /> : <TotpForm onSignedIn={onSignedIn} />}
      <Group justify="space-between" gap="xs">
        <Anchor component="button" type="button" size="sm" onClick={onBack}>
          <Group gap={4} component="span">
            <IconArrowLeft size={14} aria-hidden /> Back
          </Group>
        </Anchor>
        <Anchor component="button" type="button" size="sm" onClick={() => setUseBackup((v) => !v)} data-testid="toggle-backup-code">
          {useBackup ? 'Use the authenticator app' : 'Use a backup code'}
        </Anchor>
      </Group>
    </Stack>
  );
}

function TotpForm({ onSignedIn }: { onSignedIn: () => void }) {
  const form = useZodForm(totpSchema, { code: '', trustDevice: false });
  const verify = useVerifySecondFactor();
  const [error, setError] = useState<string | null>(null);
  const submit = form.onSubmit((data) => {
    setError(null);
    verify.mutate({ kind: 'totp', ...data }, { onSuccess: onSignedIn, onError: (err) => setError(form.applyServerError(err)) });
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormError data-testid="two-factor-error">{error}</FormError>
        <Stack gap={6}>
          <Text size="sm" fw={500} component="label" htmlFor="totp-code">
            Authentication code
          </Text>
          <PinInput
            id="totp-code"
            length={6}
            type="number"
            oneTimeCode
            autoFocus
            value={form.values.code}
            onChange={(value) => form.setValue('code', value)}
            error={Boolean(form.errors.code)}
            ariaLabel="Authentication code"
            data-testid="totp-code"
          />
          {form.errors.code && (
            <Text size="xs" c="red">
              {form.errors.code}
            </Text>
          )}
        </Stack>
        <Checkbox
          label="Trust this device"
          description="Skip the code when signing in from this browser for a while."
          {...form.checkedProps('trustDevice')}
        />
        <Button type="submit" fullWidth loading={verify.isPending}>
          Verify
        </Button>
      </Stack>
    </form>
  );
}

function BackupCodeForm({ onSignedIn }: { onSignedIn: () => void }) {
  const form = useZodForm(backupSchema, { code: '' });
  const verify = useVerifySecondFactor();
  const [error, setError] = useState<string | null>(null);
  const submit = form.onSubmit((data) => {
    setError(null);
    verify.mutate({ kind: 'backup', code: data.code }, { onSuccess: onSignedIn, onError: (err) => setError(form.applyServerError(err)) });
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormError data-testid="two-factor-error">{error}</FormError>
        <TextInput label="Backup code" autoComplete="one-time-code" autoFocus data-testid="backup-code" {...form.textProps('code')} />
        <Button type="submit" fullWidth loading={verify.isPending}>
          Verify
        </Button>
      </Stack>
    </form>
  );
}
