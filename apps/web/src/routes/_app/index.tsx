import { createFileRoute, redirect } from '@tanstack/react-router';
import { defaultMembership } from '@/lib/access.ts';

/** Home is the last workspace used (or the first), or creating one when there is none. */
export const Route = createFileRoute('/_app/')({
  beforeLoad: ({ context }) => {
    const membership = defaultMembership(context.me);
    if (!membership) throw redirect({ to: '/workspaces/new', replace: true });
    throw redirect({ to: '/w/$workspace', params: { workspace: membership.workspace.slug }, replace: true });
  },
});
