import { createFileRoute, redirect, useRouter } from '@tanstack/react-router';
import { z } from 'zod';
import { SignInForm } from '@/features/auth/components/sign-in-form.tsx';
import { getMeQueryOptions } from '@/lib/me.ts';
import { safeRedirect } from '@/lib/safe-redirect.ts';

export const Route = createFileRoute('/_auth/sign-in')({
  staticData: { crumb: 'Sign in' },
  validateSearch: z.object({
    redirect: z.string().optional().catch(undefined),
    email: z.string().optional().catch(undefined),
  }),
  beforeLoad: async ({ context, search }) => {
    const me = await context.queryClient.ensureQueryData(getMeQueryOptions());
    if (me) throw redirect({ href: safeRedirect(search.redirect) });
  },
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
