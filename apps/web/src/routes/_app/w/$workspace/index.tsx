import { Button } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconUserPlus } from '@tabler/icons-react';
import { createFileRoute, useNavigate } from '@tanstack/react-router';
import { useHasPermission } from '@/components/access/permission-gate.tsx';
import { getCommandCenterQueryOptions } from '@/features/command-center/api/command-center.ts';
import { CommandCenter } from '@/features/command-center/components/command-center.tsx';
import { CreateCustomerModal } from '@/features/customers/components/form/create-customer-modal.tsx';
import { NewTicketButton } from '@/features/tickets/components/new-ticket/new-ticket-button.tsx';
import { WorkspaceAvatar } from '@/features/workspaces/components/workspace-avatar.tsx';
import { findMembership } from '@/lib/access.ts';
import { useMe } from '@/lib/me.ts';

export const Route = createFileRoute('/_app/w/$workspace/')({
  loader: ({ context, params }) => {
    // Started with the route's code, not after the first render.
    void context.queryClient.prefetchQuery(getCommandCenterQueryOptions(params.workspace));
  },
  component: WorkspaceHome,
});

/** The workspace home: the Command Center, with the quick actions of the tickets and customers features. */
function WorkspaceHome() {
  const { workspace } = Route.useParams();
  // From /me (live), not the route context (a snapshot from navigation time).
  const context = Route.useRouteContext();
  const membership = findMembership(useMe().data, workspace) ?? context.membership;
  const navigate = useNavigate();
  const canCreateCustomer = useHasPermission('customers:create', undefined, workspace);
  const [creatingCustomer, customerModal] = useDisclosure(false);

  return (
    <>
      <CommandCenter
        slug={workspace}
        membership={membership}
        avatar={<WorkspaceAvatar name={membership.workspace.name} size={52} />}
        actions={
          <>
            <NewTicketButton />
            {canCreateCustomer && (
              <Button variant="default" leftSection={<IconUserPlus size={16} aria-hidden />} onClick={customerModal.open} data-testid="cc-new-customer">
                New customer
              </Button>
            )}
          </>
        }
      />
      {canCreateCustomer && (
        <CreateCustomerModal
          workspace={workspace}
          opened={creatingCustomer}
          onClose={customerModal.close}
          onCreated={(customer) => void navigate({ to: '/w/$workspace/customers/$customerId', params: { workspace, customerId: customer.id } })}
        />
      )}
    </>
  );
}
