import { createFileRoute, useNavigate } from '@tanstack/react-router';
import { z } from 'zod';
import { ResetPasswordForm } from '@/features/auth/components/reset-password-form.tsx';
import { notifySuccess } from '@/lib/notify.ts';

export const Route = createFileRoute('/_auth/reset-password')({
  staticData: { crumb: 'Choose a new password' },
  validateSearch: z.object({
    token: z.coerce.string().optional().catch(undefined),
    error: z.string().optional().catch(undefined),
  }),
  component: ResetPasswordPage,
});

function ResetPasswordPage() {
  const { token, error } = Route.useSearch();
  const navigate = useNavigate();
  return (
    <ResetPasswordForm
      token={token}
      linkError={error}
      onDone={() => {
        notifySuccess('Sign in with your new password.', 'Password changed');
        void navigate({ to: '/sign-in', replace: true });
      }}
    />
  );
}
