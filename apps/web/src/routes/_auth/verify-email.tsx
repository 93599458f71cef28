import { createFileRoute, useRouter } from '@tanstack/react-router';
import { z } from 'zod';
import { VerifyEmail } from '@/features/auth/components/verify-email.tsx';
import { safeRedirect } from '@/lib/safe-redirect.ts';

export const Route = createFileRoute('/_auth/verify-email')({
  staticData: { crumb: 'Verify email' },
  validateSearch: z.object({
    token: z.coerce.string().optional().catch(undefined),
    error: z.string().optional().catch(undefined),
  }),
  component: VerifyEmailPage,
});

function VerifyEmailPage() {
  const { token, error } = Route.useSearch();
  const router = useRouter();
  return <VerifyEmail token={token} linkError={error} onContinue={(path) => void router.navigate({ href: safeRedirect(path) })} />;
}
