import { Alert, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconCopy } from '@tabler/icons-react';
import type { Customer, Duplicate } from '@grip/contracts/customers';
import { RouterAnchor } from '@/components/ui/link.tsx';
import { useDuplicates, type DuplicateProbe } from '../../api/customer.ts';

const REASON_LABELS: Record<Duplicate['reasons'][number], string> = {
  same_email: 'same email',
  same_phone: 'same phone',
  similar_name: 'similar name',
};

interface DuplicatesAlertProps {
  workspace: string;
  probe: DuplicateProbe;
  /** Offered on each match when set: merge the customer being edited into that one. */
  onMergeInto?: (target: Customer) => void;
}

/** "Possible duplicates" while name, email or phone are typed; checks 400 ms after the typing stops. */
export function DuplicatesAlert({ workspace, probe, onMergeInto }: DuplicatesAlertProps) {
  // Debounced as a string: a new probe object each render would restart the timer forever.
  const [debounced] = useDebouncedValue(JSON.stringify(probe), 400);
  const duplicates = useDuplicates(workspace, JSON.parse(debounced) as DuplicateProbe);
  const items = duplicates.data ?? [];
  // Silent on failure: the check is a courtesy, it must never block saving.
  if (!duplicates.isSuccess || items.length === 0) return null;
  return (
    <Alert color="yellow" variant="light" icon={<IconCopy size={18} aria-hidden />} title="Possible duplicates" data-testid="duplicates-alert">
      <Stack gap={6}>
        {items.slice(0, 5).map(({ customer, reasons }) => (
          <Group key={customer.id} gap="xs" wrap="wrap" justify="space-between" data-testid="duplicate-item">
            <Group gap={6} wrap="wrap" miw={0}>
              <RouterAnchor
                to="/w/$workspace/customers/$customerId"
                params={{ workspace, customerId: customer.id }}
                size="sm"
                fw={600}
                target="_blank"
              >
                {customer.name}
              </RouterAnchor>
              {(customer.email ?? customer.phone) && (
                <Text size="xs" c="dimmed" truncate maw={200}>
                  {customer.email ?? customer.phone}
                </Text>
              )}
              {reasons.map((reason) => (
                <Badge key={reason} size="xs" variant="light" color="yellow">
                  {REASON_LABELS[reason]}
                </Badge>
              ))}
            </Group>
            {onMergeInto && (
              <Button size="compact-xs" variant="light" color="yellow" onClick={() => onMergeInto(customer)} data-testid="merge-into-duplicate">
                Merge into this one
              </Button>
            )}
          </Group>
        ))}
        {items.length > 5 && (
          <Text size="xs" c="dimmed">
            and {items.length - 5} more
          </Text>
        )}
      </Stack>
    </Alert>
  );
}
