import { Button, Group, Modal, ScrollArea, Stack, Table, Text } from '@mantine/core';
import type { CustomField, Customer, UpdateCustomerBody } from '@grip/contracts/customers';
import { useOwnerChoices } from '../../api/customer.ts';
import { customerFacts } from './customer-form-values.ts';

interface ConflictDialogProps {
  workspace: string;
  /** What the edit started from. */
  original: Customer;
  /** What is saved now (someone else's save). */
  current: Customer;
  /** What this user changed. */
  changes: Omit<UpdateCustomerBody, 'version'>;
  fields: CustomField[];
  overwriting: boolean;
  onReload: () => void;
  onOverwrite: () => void;
  onClose: () => void;
}

/**
 * A save hit a newer version. Shows the fields that differ — changed by them, by me, or both — with what is saved now
 * ("theirs") and what an overwrite would save ("mine": theirs plus my changes).
 */
export function ConflictDialog({ workspace, original, current, changes, fields, overwriting, onReload, onOverwrite, onClose }: ConflictDialogProps) {
  const owners = useOwnerChoices(workspace);
  const ownerOf = (id: string | null | undefined) => {
    if (!id) return null;
    const member = owners.data?.find((m) => m.userId === id);
    return { id, name: member?.name ?? 'Another member', email: member?.email ?? '' };
  };
  const { ownerId, custom, ...rest } = changes;
  const mine: Customer = {
    ...current,
    ...(rest as Partial<Customer>),
    owner: ownerId === undefined ? current.owner : ownerOf(ownerId),
    custom: { ...current.custom, ...custom },
  };
  const before = new Map(customerFacts(original, fields).map((f) => [f.key, f.value]));
  const mineFacts = new Map(customerFacts(mine, fields).map((f) => [f.key, f.value]));
  const rows = customerFacts(current, fields).filter(
    (fact) => fact.value !== before.get(fact.key) || fact.value !== mineFacts.get(fact.key),
  );

  return (
    <Modal opened onClose={onClose} title="Someone changed this customer while you were editing" size="lg" data-testid="conflict-dialog">
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          Your changes were not saved. Keep what is saved now and drop your edits, or save yours over it (their changes to other fields are kept).
        </Text>
        <ScrollArea type="auto">
          <Table striped withTableBorder miw={420} data-testid="conflict-diff">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Field</Table.Th>
                <Table.Th>Theirs (saved)</Table.Th>
                <Table.Th>Mine</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((fact) => (
                <Table.Tr key={fact.key}>
                  <Table.Td fw={500}>{fact.label}</Table.Td>
                  <Table.Td>{fact.value}</Table.Td>
                  <Table.Td c={mineFacts.get(fact.key) !== fact.value ? 'orange' : undefined}>{mineFacts.get(fact.key)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onReload} data-testid="conflict-reload">
            Reload theirs
          </Button>
          <Button color="orange" onClick={onOverwrite} loading={overwriting} data-testid="conflict-overwrite">
            Overwrite with mine
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
