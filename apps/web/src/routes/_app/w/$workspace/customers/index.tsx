import { Button } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus, IconUpload } from '@tabler/icons-react';
import { createFileRoute, useNavigate } from '@tanstack/react-router';
import { PermissionGate, useHasPermission } from '@/components/access/permission-gate.tsx';
import { ForbiddenPage } from '@/components/ui/forbidden-page.tsx';
import { RouterButton } from '@/components/ui/link.tsx';
import { PageHeader } from '@/components/ui/page-header.tsx';
import { getCustomFieldsQueryOptions } from '@/features/customers/api/fields.ts';
import { getLastViewQueryOptions } from '@/components/saved-views/views-api.ts';
import { CreateCustomerModal } from '@/features/customers/components/form/create-customer-modal.tsx';
import { CustomersList } from '@/features/customers/components/list/customers-list.tsx';

export const Route = createFileRoute('/_app/w/$workspace/customers/')({
  loader: ({ context, params }) => {
    // The list starts from what the user last looked at, and its columns include the custom fields.
    void context.queryClient.prefetchQuery(getLastViewQueryOptions(params.workspace, 'customers'));
    void context.queryClient.prefetchQuery(getCustomFieldsQueryOptions(params.workspace));
  },
  component: () => (
    <PermissionGate permission="customers:read" fallback={<ForbiddenPage />}>
      <CustomersPage />
    </PermissionGate>
  ),
});

function CustomersPage() {
  const { workspace } = Route.useParams();
  const navigate = useNavigate();
  const canCreate = useHasPermission('customers:create');
  const canImport = useHasPermission('imports:run');
  const [creating, create] = useDisclosure(false);
  const open = (customerId: string) => void navigate({ to: '/w/$workspace/customers/$customerId', params: { workspace, customerId } });

  return (
    <>
      <PageHeader
        title="Customers"
        description="Everyone you do business with: search, filter, save views and change many at once."
        actions={
          <>
            {canImport && (
              <RouterButton
                variant="default"
                to="/w/$workspace/imports/new"
                params={{ workspace }}
                search={{ entity: 'customers' }}
                leftSection={<IconUpload size={16} aria-hidden />}
                data-testid="customers-import"
              >
                Import
              </RouterButton>
            )}
            {canCreate && (
              <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={create.open} data-testid="customers-new">
                New customer
              </Button>
            )}
          </>
        }
      />
      <CustomersList slug={workspace} onOpen={(customer) => open(customer.id)} onCreate={canCreate ? create.open : undefined} />
      {canCreate && <CreateCustomerModal workspace={workspace} opened={creating} onClose={create.close} onCreated={(customer) => open(customer.id)} />}
    </>
  );
}
