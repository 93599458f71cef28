import { Alert, Badge, Button, Card, Group, Modal, Radio, Select, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import { IconArrowMerge } from '@tabler/icons-react';
import { useState } from 'react';
import type { CustomField, Customer } from '@grip/contracts/customers';
import { FormError } from '@/components/ui/form-error.tsx';
import { notifySuccess } from '@/lib/notify.ts';
import { useCustomerSearch, useMergeCustomers } from '../../api/customer.ts';
import { useCustomFields } from '../../api/fields.ts';
import { customerFacts } from '../form/customer-form-values.ts';

interface MergeCustomersModalProps {
  workspace: string;
  customer: Customer;
  opened: boolean;
  onClose: () => void;
  /** Preselected other customer (from a duplicate warning); then it is also proposed as the one that stays. */
  initialOther?: Customer | null;
  onMerged: (primary: Customer) => void;
}

/** Two records of the same customer become one: pick the other, choose which stays, confirm. */
export function MergeCustomersModal({ workspace, customer, opened, onClose, initialOther, onMerged }: MergeCustomersModalProps) {
  const phone = useMediaQuery('(max-width: 36em)');
  return (
    <Modal opened={opened} onClose={onClose} title="Merge customers" size="xl" fullScreen={phone} data-testid="merge-modal">
      {opened && <MergeBody workspace={workspace} customer={customer} initialOther={initialOther ?? null} onClose={onClose} onMerged={onMerged} />}
    </Modal>
  );
}

function MergeBody({ workspace, customer, initialOther, onClose, onMerged }: Omit<MergeCustomersModalProps, 'opened'>) {
  const [other, setOther] = useState<Customer | null>(initialOther ?? null);
  const [primaryId, setPrimaryId] = useState(initialOther?.id ?? customer.id);
  const [search, setSearch] = useState('');
  const [debouncedSearch] = useDebouncedValue(search, 300);
  const results = useCustomerSearch(workspace, debouncedSearch);
  const fields = useCustomFields(workspace);
  const merge = useMergeCustomers(workspace);
  const [error, setError] = useState<string | null>(null);

  const choices = [...(other ? [other] : []), ...(results.data ?? []).filter((c) => c.id !== customer.id && c.id !== other?.id)];
  const options = choices.map((c) => ({ value: c.id, label: c.email ? `${c.name} · ${c.email}` : c.name }));

  const primary = primaryId === customer.id ? customer : other;
  const secondary = primaryId === customer.id ? other : customer;

  const confirm = () => {
    if (!primary || !secondary) return;
    setError(null);
    merge.mutate(
      { primaryId: primary.id, secondaryId: secondary.id },
      {
        onSuccess: (merged) => {
          notifySuccess(`${secondary.name} was merged into ${merged.name}.`, 'Customers merged');
          onMerged(merged);
        },
        onError: (err) => setError(err.message),
      },
    );
  };

  return (
    <Stack gap="md">
      <FormError>{error}</FormError>
      <Select
        label="Merge with"
        placeholder="Search customers by name, email or phone"
        searchable
        searchValue={search}
        onSearchChange={setSearch}
        // The server searches; show its answers as they are.
        filter={({ options: all }) => all}
        data={options}
        value={other?.id ?? null}
        onChange={(id) => {
          const picked = choices.find((c) => c.id === id) ?? null;
          setOther(picked);
          if (!picked) setPrimaryId(customer.id);
        }}
        nothingFoundMessage={results.isFetching ? 'Searching…' : 'No customer matches'}
        clearable
        comboboxProps={{ withinPortal: true }}
        data-testid="merge-search"
      />
      {other ? (
        <>
          <Radio.Group value={primaryId} onChange={setPrimaryId} label="Which record stays?" description="The other one's policies, notes and empty fields move into it; then it goes to the trash.">
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" mt="xs">
              {[customer, other].map((c) => (
                <MergeCard key={c.id} customer={c} fields={fields.data ?? []} primary={primaryId === c.id} current={c.id === customer.id} />
              ))}
            </SimpleGrid>
          </Radio.Group>
          <Alert color="yellow" variant="light" icon={<IconArrowMerge size={18} aria-hidden />}>
            <Text size="sm">
              <b>{secondary?.name}</b> will be merged into <b>{primary?.name}</b>. This cannot be undone from here; the merged record can be restored
              from the trash for 30 days, without what moved.
            </Text>
          </Alert>
        </>
      ) : (
        <Text size="sm" c="dimmed">
          Pick the customer that is the same person or company as {customer.name}.
        </Text>
      )}
      <Group justify="flex-end" gap="xs">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button color="orange" disabled={!other} loading={merge.isPending} onClick={confirm} data-testid="merge-confirm">
          Merge
        </Button>
      </Group>
    </Stack>
  );
}

function MergeCard({ customer, fields, primary, current }: { customer: Customer; fields: CustomField[]; primary: boolean; current: boolean }) {
  return (
    <Card withBorder padding="sm" style={primary ? { borderColor: 'var(--mantine-primary-color-filled)' } : undefined} data-testid="merge-card">
      <Group justify="space-between" wrap="nowrap" mb="xs">
        <Radio value={customer.id} label={<Text fw={600}>{customer.name}</Text>} data-testid={`merge-primary-${customer.id}`} />
        <Group gap={4} wrap="nowrap">
          {current && (
            <Badge size="xs" variant="default">
              this one
            </Badge>
          )}
          <Badge size="xs" color={primary ? 'teal' : 'gray'} variant="light">
            {primary ? 'stays' : 'merged in'}
          </Badge>
        </Group>
      </Group>
      <Table withRowBorders={false} verticalSpacing={2} fz="xs">
        <Table.Tbody>
          {customerFacts(customer, fields)
            .filter((f) => f.key !== 'name')
            .map((fact) => (
              <Table.Tr key={fact.key}>
                <Table.Td c="dimmed" w="35%" style={{ verticalAlign: 'top' }}>
                  {fact.label}
                </Table.Td>
                <Table.Td style={{ overflowWrap: 'anywhere' }}>{fact.value}</Table.Td>
              </Table.Tr>
            ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}
