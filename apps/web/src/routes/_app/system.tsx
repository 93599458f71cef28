import { createFileRoute, redirect } from '@tanstack/react-router';

/** The status page moved into the admin console; old links keep working. */
export const Route = createFileRoute('/_app/system')({
  beforeLoad: () => {
    throw redirect({ to: '/admin/system', replace: true });
  },
});
