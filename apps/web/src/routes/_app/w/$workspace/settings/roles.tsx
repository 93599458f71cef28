import { Button } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { createFileRoute } from '@tanstack/react-router';
import { PermissionGate, useHasPermission } from '@/components/access/permission-gate.tsx';
import { ForbiddenPage } from '@/components/ui/forbidden-page.tsx';
import { PageHeader } from '@/components/ui/page-header.tsx';
import { getPermissionsQueryOptions, getRolesQueryOptions } from '@/features/roles/api/roles.ts';
import { CreateRoleModal } from '@/features/roles/components/role-modals.tsx';
import { RolesMatrix } from '@/features/roles/components/roles-matrix.tsx';

export const Route = createFileRoute('/_app/w/$workspace/settings/roles')({
  staticData: { crumb: 'Roles' },
  loader: ({ context, params }) => {
    void context.queryClient.prefetchQuery(getRolesQueryOptions(params.workspace));
    void context.queryClient.prefetchQuery(getPermissionsQueryOptions());
  },
  component: () => (
    <PermissionGate permission="roles:read" fallback={<ForbiddenPage />}>
      <RolesPage />
    </PermissionGate>
  ),
});

function RolesPage() {
  const { workspace } = Route.useParams();
  const canManage = useHasPermission('roles:manage');
  const [creating, create] = useDisclosure(false);
  return (
    <>
      <PageHeader
        title="Roles and permissions"
        description={
          canManage
            ? 'What each role may do. “Own” limits a permission to records the member owns or is assigned; “All” covers every record.'
            : 'What each role may do. Ask a workspace admin to change them.'
        }
        actions={
          canManage && (
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={create.open} data-testid="create-role-button">
              Create role
            </Button>
          )
        }
      />
      <RolesMatrix slug={workspace} canManage={canManage} />
      {canManage && <CreateRoleModal slug={workspace} opened={creating} onClose={create.close} />}
    </>
  );
}
