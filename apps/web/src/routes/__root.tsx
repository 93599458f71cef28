import { createRootRouteWithContext, Outlet } from '@tanstack/react-router';
import type { RouterContext } from '@/app/router.tsx';
import { AppLayout } from '@/app/layout/app-layout.tsx';
import { AuthLayout } from '@/app/layout/auth-layout.tsx';
import { NotFoundPage } from '@/components/ui/not-found-page.tsx';
import { PageSkeleton } from '@/components/ui/page-skeleton.tsx';
import { RouteErrorPage } from '@/components/ui/route-error-page.tsx';
import { useMe } from '@/lib/me.ts';

// Two layouts hang below the root: `_app` (the signed-in shell) and `_auth` (centred cards for signed-out pages).
export const Route = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: RootNotFound,
  errorComponent: RouteErrorPage,
});

/** A path no route knows: the 404 inside the shell when signed in, inside the public card otherwise. */
function RootNotFound() {
  const me = useMe();
  if (me.isPending) return <PageSkeleton />;
  if (!me.data) {
    return (
      <AuthLayout>
        <NotFoundPage />
      </AuthLayout>
    );
  }
  return (
    <AppLayout>
      <NotFoundPage />
    </AppLayout>
  );
}
