import { Skeleton, Stack, Tabs } from '@mantine/core';
import { IconFileCertificate, IconHistory, IconInfoCircle, IconNotes, IconTicket, type Icon } from '@tabler/icons-react';
import { createFileRoute, useNavigate, useRouter } from '@tanstack/react-router';
import { useEffect, type ReactNode } from 'react';
import { z } from 'zod';
import type { Permission } from '@grip/contracts/access';
import type { Customer } from '@grip/contracts/customers';
import { PermissionGate, useHasPermission } from '@/components/access/permission-gate.tsx';
import { ForbiddenPage } from '@/components/ui/forbidden-page.tsx';
import { NotFoundPage } from '@/components/ui/not-found-page.tsx';
import { QueryError } from '@/components/ui/query-error.tsx';
import { getCustomerQueryOptions, useCustomer } from '@/features/customers/api/customer.ts';
import { CustomerHeader } from '@/features/customers/components/detail/customer-header.tsx';
import { CustomerOverview } from '@/features/customers/components/detail/customer-overview.tsx';
import { CustomerTimeline } from '@/features/customers/components/detail/customer-timeline.tsx';
import { NotesPanel } from '@/features/notes/components/notes-panel.tsx';
import { PoliciesPanel } from '@/features/policies/components/policies-panel.tsx';
import { CustomerTickets } from '@/features/tickets/components/customer-tickets.tsx';
import { isApiError } from '@/lib/api.ts';

export const Route = createFileRoute('/_app/w/$workspace/customers/$customerId')({
  // The open tab lives in the URL: a link can point at a customer's notes.
  validateSearch: z.object({ tab: z.string().max(40).optional().catch(undefined) }),
  loader: async ({ context, params }) => {
    try {
      const customer = await context.queryClient.ensureQueryData(getCustomerQueryOptions(params.workspace, params.customerId));
      return { crumb: customer.name };
    } catch {
      // The page itself shows why (not found, no access, offline).
      return { crumb: 'Customer' };
    }
  },
  component: () => (
    <PermissionGate permission="customers:read" fallback={<ForbiddenPage />}>
      <CustomerPageByParams />
    </PermissionGate>
  ),
});

function CustomerPageByParams() {
  const { workspace, customerId } = Route.useParams();
  // A new customer is a new page: dialogs and edits of the previous one must not carry over.
  return <CustomerPage key={customerId} workspace={workspace} customerId={customerId} />;
}

interface CustomerTab {
  value: string;
  label: string;
  icon: Icon;
  /** Hidden without it. */
  permission?: Permission;
  panel: (props: { workspace: string; customer: Customer }) => ReactNode;
}

// Later capabilities (quotes) add their tab here.
const TABS: CustomerTab[] = [
  { value: 'overview', label: 'Overview', icon: IconInfoCircle, panel: (p) => <CustomerOverview {...p} /> },
  {
    value: 'policies',
    label: 'Policies',
    icon: IconFileCertificate,
    permission: 'policies:read',
    panel: ({ workspace, customer }) => <PoliciesPanel workspace={workspace} customerId={customer.id} customerName={customer.name} />,
  },
  {
    value: 'tickets',
    label: 'Tickets',
    icon: IconTicket,
    permission: 'tickets:read',
    panel: ({ workspace, customer }) => <CustomerTickets workspace={workspace} customerId={customer.id} customerName={customer.name} />,
  },
  {
    value: 'notes',
    label: 'Notes',
    icon: IconNotes,
    permission: 'notes:read',
    panel: ({ workspace, customer }) => <NotesPanel workspace={workspace} customerId={customer.id} />,
  },
  {
    value: 'activity',
    label: 'Activity',
    icon: IconHistory,
    panel: ({ workspace, customer }) => <CustomerTimeline workspace={workspace} customerId={customer.id} />,
  },
];

function CustomerPage({ workspace, customerId }: { workspace: string; customerId: string }) {
  const customer = useCustomer(workspace, customerId);
  const { crumb } = Route.useLoaderData();
  const router = useRouter();
  const name = customer.data?.name;
  // The crumb comes from the loader: run it again after a rename, so the breadcrumb and title follow.
  useEffect(() => {
    if (name && name !== crumb) void router.invalidate({ filter: (match) => match.routeId === Route.id });
  }, [name, crumb, router]);
  const { tab } = Route.useSearch();
  const navigate = useNavigate({ from: Route.fullPath });
  const canReadPolicies = useHasPermission('policies:read');
  const canReadNotes = useHasPermission('notes:read');
  const canReadTickets = useHasPermission('tickets:read');
  const granted: Partial<Record<Permission, boolean>> = { 'policies:read': canReadPolicies, 'notes:read': canReadNotes, 'tickets:read': canReadTickets };
  const tabs = TABS.filter((t) => !t.permission || granted[t.permission]);
  const active = tabs.find((t) => t.value === tab)?.value ?? 'overview';

  if (customer.isPending) {
    return (
      <Stack gap="md" aria-busy data-testid="customer-loading">
        <Skeleton height={32} width="40%" />
        <Skeleton height={18} width="60%" />
        <Skeleton height={36} mt="md" />
        <Skeleton height={200} />
      </Stack>
    );
  }
  if (customer.isError) {
    if (isApiError(customer.error) && customer.error.status === 404) return <NotFoundPage />;
    return <QueryError title="The customer could not be loaded" error={customer.error} onRetry={() => void customer.refetch()} retrying={customer.isFetching} />;
  }
  const data = customer.data;

  return (
    <>
      <CustomerHeader
        workspace={workspace}
        customer={data}
        onDeleted={() => void navigate({ to: '/w/$workspace/customers', params: { workspace } })}
        onMerged={(primary) =>
          void navigate({ to: '/w/$workspace/customers/$customerId', params: { workspace, customerId: primary.id }, search: {} })
        }
      />
      <Tabs
        value={active}
        onChange={(value) => void navigate({ search: { tab: value === 'overview' || !value ? undefined : value }, replace: true })}
        keepMounted={false}
      >
        <Tabs.List mb="md" style={{ flexWrap: 'nowrap', overflowX: 'auto', overflowY: 'hidden' }} data-testid="customer-tabs">
          {tabs.map(({ value, label, icon: TabIcon }) => (
            <Tabs.Tab key={value} value={value} leftSection={<TabIcon size={16} aria-hidden />} style={{ flexShrink: 0 }} data-testid={`tab-${value}`}>
              {label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {tabs.map(({ value, panel }) => (
          <Tabs.Panel key={value} value={value}>
            {panel({ workspace, customer: data })}
          </Tabs.Panel>
        ))}
      </Tabs>
    </>
  );
}
