import { createFileRoute, Outlet } from '@tanstack/react-router';
import { ForbiddenPage } from '@/components/ui/forbidden-page.tsx';
import { useMe } from '@/lib/me.ts';

/** The operator's console: platform admins only; everyone else gets the 403 page at the same address. */
export const Route = createFileRoute('/_app/admin')({
  staticData: { crumb: 'Admin' },
  component: AdminLayout,
});

function AdminLayout() {
  const context = Route.useRouteContext();
  const me = useMe().data ?? context.me;
  if (me.platformRole !== 'admin') {
    return <ForbiddenPage message="The admin console is for the operators of this Grip installation." />;
  }
  return <Outlet />;
}
