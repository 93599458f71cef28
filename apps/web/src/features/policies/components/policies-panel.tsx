import { PanelList } from '@/components/ui/panel-list.tsx';
import { ActionIcon, Badge, Button, Card, Group, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconFileCertificate, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import type { Policy } from '@grip/contracts/policies';
import { useHasPermission } from '@/components/access/permission-gate.tsx';
import { ConfirmModal } from '@/components/ui/confirm-modal.tsx';
import { notifyError, notifySuccess } from '@/lib/notify.ts';
import { useDeletePolicy, usePolicies } from '../api/policies.ts';
import { formatDay, formatPremium, PolicyStatusBadge, RenewalDate, renewsSoon } from './policy-display.tsx';
import { PolicyFormModal } from './policy-form-modal.tsx';

interface PoliciesPanelProps {
  workspace: string;
  customerId: string;
  customerName: string;
}

type Editing = { mode: 'create' } | { mode: 'edit'; policy: Policy } | null;

/** The Policies tab of a customer: their policies, newest first, with add, edit and delete as the role allows. */
export function PoliciesPanel({ workspace, customerId, customerName }: PoliciesPanelProps) {
  const policies = usePolicies(workspace, { filter: { customerId }, sort: '-startDate' });
  const canCreate = useHasPermission('policies:create', undefined, workspace);
  const canUpdate = useHasPermission('policies:update', undefined, workspace);
  const canDelete = useHasPermission('policies:delete', undefined, workspace);
  const isPhone = useMediaQuery('(max-width: 48em)');
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<Policy | null>(null);
  const remove = useDeletePolicy(workspace);

  const rows = policies.data?.pages.flatMap((page) => page.items) ?? [];
  const soon = rows.filter(renewsSoon).length;
  const addButton = canCreate && (
    <Button size="xs" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => setEditing({ mode: 'create' })} data-testid="policy-add">
      Add policy
    </Button>
  );
  const actions = {
    onEdit: canUpdate ? (policy: Policy) => setEditing({ mode: 'edit', policy }) : undefined,
    onDelete: canDelete ? (policy: Policy) => setDeleting(policy) : undefined,
  };

  return (
    <Stack gap="sm" data-testid="policies-panel">
      <Group justify="space-between" gap="xs">
        <Group gap="xs">
          <Title order={2} fz="lg" fw={600}>
            Policies
          </Title>
          {soon > 0 && (
            <Badge color="orange" data-testid="policies-renewing-soon">
              {soon} renewing soon
            </Badge>
          )}
        </Group>
        {addButton}
      </Group>
      <PanelList
        query={policies}
        count={rows.length}
        noun="policies"
        empty={{
          icon: <IconFileCertificate size={28} aria-hidden />,
          title: 'No policies yet',
          description: canCreate ? `Add the first policy ${customerName} holds.` : `${customerName} holds no policies.`,
          testId: 'policies-panel-empty',
        }}
      >
        {isPhone ? <PolicyCards rows={rows} {...actions} /> : <PolicyTable rows={rows} {...actions} />}
      </PanelList>
      <PolicyFormModal
        workspace={workspace}
        opened={editing !== null}
        onClose={() => setEditing(null)}
        policy={editing?.mode === 'edit' ? editing.policy : null}
        customer={{ id: customerId, name: customerName }}
      />
      <ConfirmModal
        opened={deleting !== null}
        title="Delete policy"
        confirmLabel="Delete"
        danger
        loading={remove.isPending}
        onClose={() => setDeleting(null)}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting.id, {
            onSuccess: () => {
              notifySuccess(`Policy ${deleting.number} was deleted.`, 'Policy deleted');
              setDeleting(null);
            },
            onError: (error) => notifyError(error, 'Could not delete the policy'),
          })
        }
      >
        Delete policy <b>{deleting?.number}</b> ({deleting?.product}) of {customerName}? This cannot be undone.
      </ConfirmModal>
    </Stack>
  );
}

interface RowsProps {
  rows: Policy[];
  onEdit: ((policy: Policy) => void) | undefined;
  onDelete: ((policy: Policy) => void) | undefined;
}

function RowActions({ policy, onEdit, onDelete }: { policy: Policy } & Omit<RowsProps, 'rows'>) {
  if (!onEdit && !onDelete) return null;
  return (
    <Group gap={2} wrap="nowrap" justify="flex-end">
      {onEdit && (
        <Tooltip label="Edit">
          <ActionIcon onClick={() => onEdit(policy)} aria-label={`Edit policy ${policy.number}`} data-testid="policy-edit">
            <IconPencil size={16} aria-hidden />
          </ActionIcon>
        </Tooltip>
      )}
      {onDelete && (
        <Tooltip label="Delete">
          <ActionIcon color="red" onClick={() => onDelete(policy)} aria-label={`Delete policy ${policy.number}`} data-testid="policy-delete">
            <IconTrash size={16} aria-hidden />
          </ActionIcon>
        </Tooltip>
      )}
    </Group>
  );
}

const period = (policy: Policy) => `${formatDay(policy.startDate)} – ${policy.endDate ? formatDay(policy.endDate) : 'open-ended'}`;

function PolicyTable({ rows, onEdit, onDelete }: RowsProps) {
  return (
    <Card p={0} data-testid="policies-panel-table">
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Policy</Table.Th>
              <Table.Th>Carrier</Table.Th>
              <Table.Th ta="right">Premium</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Period</Table.Th>
              <Table.Th>Renewal</Table.Th>
              {(onEdit || onDelete) && <Table.Th w={80} aria-label="Actions" />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((policy) => (
              <Table.Tr key={policy.id} data-testid="policy-row" data-number={policy.number}>
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {policy.number}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {policy.product}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{policy.carrier || '—'}</Text>
                </Table.Td>
                <Table.Td ta="right">
                  <Text size="sm" style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
                    {formatPremium(policy.premium, policy.currency)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <PolicyStatusBadge status={policy.status} />
                </Table.Td>
                <Table.Td>
                  <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                    {period(policy)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <RenewalDate policy={policy} />
                </Table.Td>
                {(onEdit || onDelete) && (
                  <Table.Td>
                    <RowActions policy={policy} onEdit={onEdit} onDelete={onDelete} />
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}

/** Phones: one card per policy, the same facts stacked. */
function PolicyCards({ rows, onEdit, onDelete }: RowsProps) {
  return (
    <Stack gap="xs" data-testid="policies-panel-cards">
      {rows.map((policy) => (
        <Card key={policy.id} p="sm" data-testid="policy-row" data-number={policy.number}>
          <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
            <div style={{ minWidth: 0 }}>
              <Group gap="xs" wrap="nowrap">
                <Text size="sm" fw={600} truncate>
                  {policy.number}
                </Text>
                <PolicyStatusBadge status={policy.status} />
              </Group>
              <Text size="xs" c="dimmed" truncate>
                {[policy.product, policy.carrier].filter(Boolean).join(' · ')}
              </Text>
            </div>
            <RowActions policy={policy} onEdit={onEdit} onDelete={onDelete} />
          </Group>
          <Group justify="space-between" mt={6} gap="xs">
            <Text size="sm" fw={500} style={{ fontVariantNumeric: 'tabular-nums' }}>
              {formatPremium(policy.premium, policy.currency)}
            </Text>
            {policy.renewalDate && (
              <Group gap={4} wrap="nowrap">
                <Text size="xs" c="dimmed">
                  Renews
                </Text>
                <RenewalDate policy={policy} />
              </Group>
            )}
          </Group>
          <Text size="xs" c="dimmed" mt={2}>
            {period(policy)}
          </Text>
        </Card>
      ))}
    </Stack>
  );
}
