import { createFileRoute } from '@tanstack/react-router';
import { SignUpForm } from '@/features/auth/components/sign-up-form.tsx';
import { safeRedirect } from '@/lib/safe-redirect.ts';
import { guestSearchSchema, redirectIfSignedIn } from '@/lib/session.ts';

export const Route = createFileRoute('/_auth/sign-up')({
  staticData: { crumb: 'Create account' },
  validateSearch: guestSearchSchema,
  beforeLoad: redirectIfSignedIn,
  component: SignUpPage,
});

function SignUpPage() {
  const { redirect: target, email } = Route.useSearch();
  return <SignUpForm defaultEmail={email} redirect={target ? safeRedirect(target) : undefined} />;
}
