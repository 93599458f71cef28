import { ActionIcon, Badge, Button, Card, Group, Skeleton, Stack, Text, Tooltip } from '@mantine/core';
import { IconAdjustmentsAlt, IconArrowDown, IconArrowUp, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import type { CustomField } from '@grip/contracts/customers';
import { ConfirmModal } from '@/components/ui/confirm-modal.tsx';
import { QueryError } from '@/components/ui/query-error.tsx';
import { notifyError, notifySuccess } from '@/lib/notify.ts';
import { useCustomFields, useDeleteCustomField, useMoveCustomField } from '../../api/fields.ts';
import { CustomFieldModal, FIELD_TYPE_LABELS } from './custom-field-modal.tsx';

interface CustomFieldsListProps {
  workspace: string;
  /** Opens the "add a field" dialog (the page's header button shares it). */
  creating: boolean;
  onCreatingChange: (creating: boolean) => void;
}

/** The workspace's custom fields in form order: edit, reorder, delete. */
export function CustomFieldsList({ workspace, creating, onCreatingChange }: CustomFieldsListProps) {
  const fields = useCustomFields(workspace);
  const move = useMoveCustomField(workspace);
  const remove = useDeleteCustomField(workspace);
  const [editing, setEditing] = useState<CustomField | null>(null);
  const [deleting, setDeleting] = useState<CustomField | null>(null);

  if (fields.isPending) {
    return (
      <Stack gap="sm" aria-busy data-testid="custom-fields-loading">
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} height={64} radius="md" />
        ))}
      </Stack>
    );
  }
  if (fields.isError) {
    return <QueryError title="Custom fields could not be loaded" error={fields.error} onRetry={() => void fields.refetch()} retrying={fields.isFetching} />;
  }

  const list = fields.data;
  const moveField = (field: CustomField, direction: -1 | 1) =>
    move.mutate({ fields: list, fieldId: field.id, direction }, { onError: (err) => notifyError(err, 'The field could not be moved') });

  return (
    <>
      {list.length === 0 ? (
        <Card withBorder padding="xl" data-testid="custom-fields-empty">
          <Stack align="center" gap="xs" ta="center">
            <IconAdjustmentsAlt size={36} stroke={1.4} color="var(--mantine-color-dimmed)" aria-hidden />
            <Text fw={600}>No custom fields yet</Text>
            <Text size="sm" c="dimmed" maw={420}>
              Add the facts your team tracks about customers, such as a tier, a renewal date or a preferred contact channel. They appear in the
              customer form, lists and filters.
            </Text>
            <Button mt="xs" leftSection={<IconPlus size={16} aria-hidden />} onClick={() => onCreatingChange(true)}>
              Add a field
            </Button>
          </Stack>
        </Card>
      ) : (
        <Stack gap="xs" data-testid="custom-fields-list">
          {list.map((field, index) => (
            <Card key={field.id} withBorder padding="sm" data-testid="custom-field-row">
              <Group justify="space-between" wrap="wrap" gap="sm">
                <Stack gap={4} miw={0} style={{ flex: '1 1 240px' }}>
                  <Group gap="xs" wrap="wrap">
                    <Text fw={600} data-testid="custom-field-row-label">
                      {field.label}
                    </Text>
                    <Text size="xs" c="dimmed" ff="monospace">
                      {field.key}
                    </Text>
                  </Group>
                  <Group gap={6} wrap="wrap">
                    <Badge size="sm" variant="light" color="gray" tt="none">
                      {FIELD_TYPE_LABELS[field.type]}
                    </Badge>
                    {field.required && (
                      <Badge size="sm" variant="light" color="orange" tt="none">
                        Required
                      </Badge>
                    )}
                    {field.options.length > 0 && (
                      <Text size="xs" c="dimmed" lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
                        {field.options.join(' · ')}
                      </Text>
                    )}
                  </Group>
                </Stack>
                <Group gap={4} wrap="nowrap">
                  <Tooltip label="Move up">
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      aria-label={`Move ${field.label} up`}
                      disabled={index === 0 || move.isPending}
                      onClick={() => moveField(field, -1)}
                      data-testid="custom-field-up"
                    >
                      <IconArrowUp size={16} aria-hidden />
                    </ActionIcon>
                  </Tooltip>
                  <Tooltip label="Move down">
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      aria-label={`Move ${field.label} down`}
                      disabled={index === list.length - 1 || move.isPending}
                      onClick={() => moveField(field, 1)}
                      data-testid="custom-field-down"
                    >
                      <IconArrowDown size={16} aria-hidden />
                    </ActionIcon>
                  </Tooltip>
                  <Tooltip label="Edit">
                    <ActionIcon variant="subtle" color="gray" aria-label={`Edit ${field.label}`} onClick={() => setEditing(field)} data-testid="custom-field-edit">
                      <IconPencil size={16} aria-hidden />
                    </ActionIcon>
                  </Tooltip>
                  <Tooltip label="Delete">
                    <ActionIcon variant="subtle" color="red" aria-label={`Delete ${field.label}`} onClick={() => setDeleting(field)} data-testid="custom-field-delete">
                      <IconTrash size={16} aria-hidden />
                    </ActionIcon>
                  </Tooltip>
                </Group>
              </Group>
            </Card>
          ))}
        </Stack>
      )}
      <CustomFieldModal
        workspace={workspace}
        field={creating ? null : editing}
        opened={creating || editing !== null}
        onClose={() => {
          onCreatingChange(false);
          setEditing(null);
        }}
      />
      <ConfirmModal
        opened={deleting !== null}
        title={`Delete “${deleting?.label ?? ''}”?`}
        confirmLabel="Delete field"
        danger
        loading={remove.isPending}
        onClose={() => setDeleting(null)}
        onConfirm={() => {
          if (!deleting) return;
          remove.mutate(deleting.id, {
            onSuccess: () => {
              notifySuccess(`“${deleting.label}” was deleted.`);
              setDeleting(null);
            },
            onError: (err) => notifyError(err, 'The field could not be deleted'),
          });
        }}
      >
        The field disappears from every customer, together with its values, and from saved views that filter or sort by it.
      </ConfirmModal>
    </>
  );
}
