import { createFileRoute, redirect } from '@tanstack/react-router';
import { z } from 'zod';
import { SignUpForm } from '@/features/auth/components/sign-up-form.tsx';
import { getMeQueryOptions } from '@/lib/me.ts';
import { safeRedirect } from '@/lib/safe-redirect.ts';

export const Route = createFileRoute('/_auth/sign-up')({
  staticData: { crumb: 'Create account' },
  validateSearch: z.object({
    redirect: z.string().optional().catch(undefined),
    email: z.string().optional().catch(undefined),
  }),
  beforeLoad: async ({ context, search }) => {
    const me = await context.queryClient.ensureQueryData(getMeQueryOptions());
    if (me) throw redirect({ href: safeRedirect(search.redirect) });
  },
  component: SignUpPage,
});

function SignUpPage() {
  const { redirect: target, email } = Route.useSearch();
  return <SignUpForm defaultEmail={email} redirect={target ? safeRedirect(target) : undefined} />;
}
