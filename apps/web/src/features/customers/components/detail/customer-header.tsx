import { ActionIcon, Alert, Anchor, Badge, Button, Group, Menu, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconArrowMerge, IconBuilding, IconDots, IconMail, IconPencil, IconPhone, IconRestore, IconTrash, IconUser } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import type { Customer } from '@grip/contracts/customers';
import { useHasPermission } from '@/components/access/permission-gate.tsx';
import { ConfirmModal } from '@/components/ui/confirm-modal.tsx';
import { RouterAnchor } from '@/components/ui/link.tsx';
import { formatDateTime } from '@/lib/format.ts';
import { notifyError, notifySuccess } from '@/lib/notify.ts';
import { useDeleteCustomer, useRestoreCustomer } from '../../api/customer.ts';
import { EditCustomerModal } from '../form/edit-customer-modal.tsx';
import { STATUS_COLORS, STATUS_LABELS } from '../form/customer-form-values.ts';
import { MergeCustomersModal } from './merge-customers-modal.tsx';

interface CustomerHeaderProps {
  workspace: string;
  customer: Customer;
  /** After "Move to trash": the page leaves for the list. */
  onDeleted: () => void;
  /** After a merge: the page goes to the record that stayed. */
  onMerged: (primary: Customer) => void;
}

function Fact({ icon, children }: { icon: ReactNode; children: ReactNode }) {
  return (
    <Group gap={6} wrap="nowrap" miw={0}>
      {icon}
      <Text size="sm" truncate component="div">
        {children}
      </Text>
    </Group>
  );
}

/** Name, key facts and the actions on a customer; a banner when it is in the trash or was merged away. */
export function CustomerHeader({ workspace, customer, onDeleted, onMerged }: CustomerHeaderProps) {
  const canUpdate = useHasPermission('customers:update');
  const canMerge = useHasPermission('customers:merge');
  const canDelete = useHasPermission('customers:delete');
  const [editing, edit] = useDisclosure(false);
  const [merging, setMerging] = useState<{ other: Customer | null } | null>(null);
  const [trashing, trash] = useDisclosure(false);
  const remove = useDeleteCustomer(workspace);
  const restore = useRestoreCustomer(workspace);
  const inTrash = customer.deletedAt !== null;
  const iconProps = { size: 16, stroke: 1.6, 'aria-hidden': true, style: { flexShrink: 0, color: 'var(--mantine-color-dimmed)' } };

  return (
    <Stack gap="md" mb="lg">
      {inTrash && (
        <Alert color="red" variant="light" icon={<IconTrash size={18} aria-hidden />} title="This customer is in the trash" data-testid="trash-banner">
          <Stack gap="xs" align="flex-start">
            <Text size="sm">
              {customer.mergedIntoId ? (
                <>
                  It was merged into{' '}
                  <RouterAnchor to="/w/$workspace/customers/$customerId" params={{ workspace, customerId: customer.mergedIntoId }}>
                    another customer
                  </RouterAnchor>{' '}
                  on {formatDateTime(customer.deletedAt ?? customer.updatedAt)}.
                </>
              ) : (
                <>Moved to the trash on {formatDateTime(customer.deletedAt ?? customer.updatedAt)}; it is deleted for good 30 days later.</>
              )}
            </Text>
            {canDelete && (
              <Button
                size="xs"
                color="red"
                variant="light"
                leftSection={<IconRestore size={14} aria-hidden />}
                loading={restore.isPending}
                onClick={() =>
                  restore.mutate(customer.id, {
                    onSuccess: (restored) => notifySuccess(`${restored.name} is back.`, 'Customer restored'),
                    onError: (err) => notifyError(err, 'The customer could not be restored'),
                  })
                }
                data-testid="restore-customer"
              >
                Restore
              </Button>
            )}
          </Stack>
        </Alert>
      )}

      <Group justify="space-between" align="flex-start" gap="md">
        <Stack gap={6} miw={0} style={{ flex: 1 }}>
          <Group gap="xs" wrap="wrap">
            <Title order={1} fz={26} fw={650} lts={-0.3} c="bright" style={{ overflowWrap: 'anywhere' }} data-testid="customer-name-title">
              {customer.name}
            </Title>
            <Badge color={STATUS_COLORS[customer.status]} variant="light" data-testid="customer-status-badge">
              {STATUS_LABELS[customer.status]}
            </Badge>
            <Badge color="gray" variant="outline" leftSection={customer.kind === 'company' ? <IconBuilding size={12} aria-hidden /> : <IconUser size={12} aria-hidden />}>
              {customer.kind === 'company' ? 'Company' : 'Person'}
            </Badge>
          </Group>
          <Group gap="lg" wrap="wrap" style={{ rowGap: 4 }}>
            {customer.email && (
              <Fact icon={<IconMail {...iconProps} />}>
                <Anchor href={`mailto:${customer.email}`}>{customer.email}</Anchor>
              </Fact>
            )}
            {customer.phone && (
              <Fact icon={<IconPhone {...iconProps} />}>
                <Anchor href={`tel:${customer.phone}`}>{customer.phone}</Anchor>
              </Fact>
            )}
            {customer.kind === 'person' && customer.company && <Fact icon={<IconBuilding {...iconProps} />}>{customer.company}</Fact>}
            <Fact icon={<IconUser {...iconProps} />}>
              <Text span size="sm" c="dimmed">
                Owner:
              </Text>{' '}
              {customer.owner?.name ?? 'nobody'}
            </Fact>
          </Group>
          {customer.tags.length > 0 && (
            <Group gap={4}>
              {customer.tags.map((tag) => (
                <Badge key={tag} variant="light" color="gray" size="sm" tt="none">
                  {tag}
                </Badge>
              ))}
            </Group>
          )}
        </Stack>

        {!inTrash && (canUpdate || canMerge || canDelete) && (
          <Group gap="xs" wrap="nowrap">
            {canUpdate && (
              <Button leftSection={<IconPencil size={16} aria-hidden />} onClick={edit.open} data-testid="edit-customer">
                Edit
              </Button>
            )}
            {(canMerge || canDelete) && (
              <Menu position="bottom-end" withinPortal>
                <Menu.Target>
                  <ActionIcon variant="default" size="lg" aria-label="More actions" data-testid="customer-actions">
                    <IconDots size={18} aria-hidden />
                  </ActionIcon>
                </Menu.Target>
                <Menu.Dropdown>
                  {canMerge && (
                    <Menu.Item leftSection={<IconArrowMerge size={14} aria-hidden />} onClick={() => setMerging({ other: null })} data-testid="merge-customer">
                      Merge…
                    </Menu.Item>
                  )}
                  {canDelete && (
                    <Menu.Item color="red" leftSection={<IconTrash size={14} aria-hidden />} onClick={trash.open} data-testid="trash-customer">
                      Move to trash
                    </Menu.Item>
                  )}
                </Menu.Dropdown>
              </Menu>
            )}
          </Group>
        )}
      </Group>

      {canUpdate && (
        <EditCustomerModal
          workspace={workspace}
          customer={customer}
          opened={editing}
          onClose={edit.close}
          onMergeInto={
            canMerge
              ? (target) => {
                  edit.close();
                  setMerging({ other: target });
                }
              : undefined
          }
        />
      )}
      {canMerge && (
        <MergeCustomersModal
          workspace={workspace}
          customer={customer}
          opened={merging !== null}
          initialOther={merging?.other}
          onClose={() => setMerging(null)}
          onMerged={(primary) => {
            setMerging(null);
            onMerged(primary);
          }}
        />
      )}
      <ConfirmModal
        opened={trashing}
        title={`Move ${customer.name} to the trash?`}
        confirmLabel="Move to trash"
        danger
        loading={remove.isPending}
        onClose={trash.close}
        onConfirm={() =>
          remove.mutate(customer.id, {
            onSuccess: () => {
              trash.close();
              notifySuccess(`${customer.name} is in the trash for 30 days.`, 'Moved to trash');
              onDeleted();
            },
            onError: (err) => notifyError(err, 'The customer could not be moved to the trash'),
          })
        }
      >
        The customer disappears from lists and searches. You can restore it from the trash within 30 days.
      </ConfirmModal>
    </Stack>
  );
}
