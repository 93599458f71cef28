import { createFileRoute } from '@tanstack/react-router';
import { PageHeader } from '@/components/ui/page-header.tsx';
import { AdminUsers } from '@/features/admin/components/admin-users.tsx';

export const Route = createFileRoute('/_app/admin/users')({
  staticData: { crumb: 'Users' },
  component: UsersPage,
});

function UsersPage() {
  const { me } = Route.useRouteContext();
  return (
    <>
      <PageHeader title="Users" description="Every account on this installation. Disabled users are signed out and cannot sign in." />
      <AdminUsers currentUserId={me.user.id} />
    </>
  );
}
