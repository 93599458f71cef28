import { createFileRoute, redirect } from '@tanstack/react-router';
import { AppLayout } from '@/app/layout/app-layout.tsx';
import { getMeQueryOptions } from '@/lib/me.ts';

/** Everything inside the staff shell needs a session; without one, sign in and come back. */
export const Route = createFileRoute('/_app')({
  beforeLoad: async ({ context, location }) => {
    const me = await context.queryClient.ensureQueryData(getMeQueryOptions());
    if (!me) throw redirect({ to: '/sign-in', search: { redirect: location.href } });
    return { me };
  },
  component: AppLayout,
});
