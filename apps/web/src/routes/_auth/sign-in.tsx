import { createFileRoute, useRouter } from '@tanstack/react-router';
import { SignInForm } from '@/features/auth/components/sign-in-form.tsx';
import { safeRedirect } from '@/lib/safe-redirect.ts';
import { guestSearchSchema, redirectIfSignedIn } from '@/lib/session.ts';

export const Route = createFileRoute('/_auth/sign-in')({
  staticData: { crumb: 'Sign in' },
  validateSearch: guestSearchSchema,
  beforeLoad: redirectIfSignedIn,
  component: SignInPage,
});

function SignInPage() {
  const { redirect: target, email } = Route.useSearch();
  const router = useRouter();
  return (
    <SignInForm
      defaultEmail={email}
      redirect={target}
      onSignedIn={() => void router.navigate({ href: safeRedirect(target), replace: true })}
    />
  );
}
