import { Button } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { createFileRoute } from '@tanstack/react-router';
import { PermissionGate, useHasPermission } from '@/components/access/permission-gate.tsx';
import { getLastViewQueryOptions } from '@/components/saved-views/views-api.ts';
import { ForbiddenPage } from '@/components/ui/forbidden-page.tsx';
import { PageHeader } from '@/components/ui/page-header.tsx';
import { PoliciesList } from '@/features/policies/components/policies-list.tsx';
import { PolicyFormModal } from '@/features/policies/components/policy-form-modal.tsx';

export const Route = createFileRoute('/_app/w/$workspace/policies')({
  staticData: { crumb: 'Policies' },
  loader: ({ context, params }) => {
    // The remembered filters decide the first page, so they are fetched first; the list follows once they are in.
    void context.queryClient.prefetchQuery(getLastViewQueryOptions(params.workspace, 'policies'));
  },
  component: () => (
    <PermissionGate permission="policies:read" fallback={<ForbiddenPage />}>
      <PoliciesPage />
    </PermissionGate>
  ),
});

function PoliciesPage() {
  const { workspace } = Route.useParams();
  const canCreate = useHasPermission('policies:create');
  const [creating, create] = useDisclosure(false);
  return (
    <>
      <PageHeader
        title="Policies"
        description="Every customer's policies in one place; filter by renewal to see what is coming up."
        actions={
          canCreate && (
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={create.open} data-testid="policy-new">
              New policy
            </Button>
          )
        }
      />
      <PoliciesList workspace={workspace} />
      {canCreate && <PolicyFormModal workspace={workspace} opened={creating} onClose={create.close} />}
    </>
  );
}
