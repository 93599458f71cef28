import { createRootRouteWithContext } from '@tanstack/react-router';
import type { RouterContext } from '@/app/router.tsx';
import { AppLayout } from '@/app/layout/app-layout.tsx';
import { NotFoundPage } from '@/components/ui/not-found-page.tsx';
import { RouteErrorPage } from '@/components/ui/route-error-page.tsx';

export const Route = createRootRouteWithContext<RouterContext>()({
  staticData: { crumb: 'Home' },
  component: AppLayout,
  // Rendered in the layout's <Outlet />, so unknown paths keep the shell.
  notFoundComponent: NotFoundPage,
  errorComponent: RouteErrorPage,
});
