import { createFileRoute } from '@tanstack/react-router';
import { z } from 'zod';
import { ForgotPasswordForm } from '@/features/auth/components/forgot-password-form.tsx';

export const Route = createFileRoute('/_auth/forgot-password')({
  staticData: { crumb: 'Reset password' },
  validateSearch: z.object({ email: z.string().optional().catch(undefined) }),
  component: ForgotPasswordPage,
});

function ForgotPasswordPage() {
  const { email } = Route.useSearch();
  return <ForgotPasswordForm defaultEmail={email} />;
}
