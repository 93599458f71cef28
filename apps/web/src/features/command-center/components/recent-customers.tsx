import { Badge, Group, Stack, Text } from '@mantine/core';
import { IconUsers } from '@tabler/icons-react';
import type { CommandCenter } from '@grip/contracts/command-center';
import { RouterAnchor } from '@/components/ui/link.tsx';
import { formatDateTime, formatRelative } from '@/lib/format.ts';
import { SectionCard, SectionEmpty } from './section-card.tsx';
import classes from './command-center.module.css';

type RecentCustomer = NonNullable<CommandCenter['recentCustomers']>[number];

// As the customers feature shows a status (features do not import each other).
const STATUS_COLORS: Record<string, string> = { lead: 'blue', active: 'teal', inactive: 'gray', churned: 'red' };
const statusLabel = (status: string) => status.charAt(0).toUpperCase() + status.slice(1);

/** The newest customers, each a link to its page. */
export function RecentCustomers({ slug, customers }: { slug: string; customers: RecentCustomer[] }) {
  return (
    <SectionCard
      title="Recent customers"
      description="The newest first."
      data-testid="cc-recent-customers"
      aside={
        <RouterAnchor to="/w/$workspace/customers" params={{ workspace: slug }} size="sm" style={{ whiteSpace: 'nowrap' }}>
          See all
        </RouterAnchor>
      }
    >
      {customers.length === 0 ? (
        <SectionEmpty icon={<IconUsers size={22} aria-hidden />} text="No customers yet. Add the first with “New customer”." />
      ) : (
        <Stack gap={0}>
          {customers.map((customer) => (
            <Group key={customer.id} gap="sm" wrap="nowrap" className={classes.row} data-testid="cc-customer-row">
              <Stack gap={0} miw={0} style={{ flex: 1 }}>
                <RouterAnchor
                  to="/w/$workspace/customers/$customerId"
                  params={{ workspace: slug, customerId: customer.id }}
                  size="sm"
                  fw={500}
                  c="bright"
                  truncate="end"
                >
                  {customer.name}
                </RouterAnchor>
                <Text size="xs" c="dimmed" truncate="end">
                  {customer.email ?? 'No email'}
                </Text>
              </Stack>
              <Stack gap={2} align="flex-end" style={{ flexShrink: 0 }}>
                <Badge size="sm" variant="light" color={STATUS_COLORS[customer.status] ?? 'gray'}>
                  {statusLabel(customer.status)}
                </Badge>
                <Text size="xs" c="dimmed" title={formatDateTime(customer.createdAt)} style={{ whiteSpace: 'nowrap' }}>
                  {formatRelative(customer.createdAt)}
                </Text>
              </Stack>
            </Group>
          ))}
        </Stack>
      )}
    </SectionCard>
  );
}
