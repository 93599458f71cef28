import { Badge, Button, Group, Text, Tooltip } from '@mantine/core';
import { IconRestore } from '@tabler/icons-react';
import type { CustomField, Customer } from '@grip/contracts/customers';
import type { DataTableColumn } from '@/components/data-table/data-table.tsx';
import { formatDate, formatDateTime, formatRelative } from '@/lib/format.ts';
import { displayCustomValue, STATUS_COLORS, STATUS_LABELS } from '../form/customer-form-values.ts';

const MAX_TAGS_SHOWN = 3;
/** Custom fields shown until the user picks columns: a few, so a workspace with many fields still fits a screen. */
const DEFAULT_CUSTOM_COLUMNS = 3;

export const customColumnId = (field: CustomField) => `custom.${field.key}`;

function Tags({ tags }: { tags: string[] }) {
  if (tags.length === 0) return null;
  const rest = tags.length - MAX_TAGS_SHOWN;
  return (
    <Group gap={4} wrap="nowrap">
      {tags.slice(0, MAX_TAGS_SHOWN).map((tag) => (
        <Badge key={tag} size="sm" variant="default" maw={120}>
          {tag}
        </Badge>
      ))}
      {rest > 0 && (
        <Tooltip label={tags.slice(MAX_TAGS_SHOWN).join(', ')}>
          <Badge size="sm" variant="transparent" color="gray">
            +{rest}
          </Badge>
        </Tooltip>
      )}
    </Group>
  );
}

const When = ({ iso, relative }: { iso: string; relative?: boolean }) => (
  <Text span size="sm" c="dimmed" title={formatDateTime(iso)}>
    {relative ? formatRelative(iso) : formatDate(iso)}
  </Text>
);

interface ColumnsOptions {
  fields: CustomField[];
  /** The trash: when each was deleted, and a restore button for those allowed. */
  trash: boolean;
  onRestore?: (customer: Customer) => void;
  restoringId?: string | null;
}

/** The customers list's columns: the record's own, then one per custom field (each sortable as `custom.<key>`). */
export function customerColumns({ fields, trash, onRestore, restoringId }: ColumnsOptions): DataTableColumn<Customer>[] {
  const columns: DataTableColumn<Customer>[] = [
    { id: 'name', header: 'Name', cell: (c) => c.name, sortable: true, hideable: false, card: 'title' },
    { id: 'email', header: 'Email', cell: (c) => c.email ?? '', sortable: true, card: 'subtitle' },
    { id: 'phone', header: 'Phone', cell: (c) => c.phone ?? '', sortable: true, width: 160 },
    { id: 'company', header: 'Company', cell: (c) => c.company ?? '', sortable: true, width: 180 },
    {
      id: 'status',
      header: 'Status',
      cell: (c) => <Badge color={STATUS_COLORS[c.status]}>{STATUS_LABELS[c.status]}</Badge>,
      sortable: true,
      width: 110,
    },
    { id: 'tags', header: 'Tags', cell: (c) => (c.tags.length > 0 ? <Tags tags={c.tags} /> : null), width: 220 },
    { id: 'owner', header: 'Owner', cell: (c) => c.owner?.name || c.owner?.email || '', sortable: true, width: 160 },
    { id: 'createdAt', header: 'Created', cell: (c) => <When iso={c.createdAt} />, sortable: true, width: 130, card: 'hidden' },
    { id: 'updatedAt', header: 'Updated', cell: (c) => <When iso={c.updatedAt} relative />, sortable: true, width: 130, card: 'hidden' },
    ...fields.map(
      (field): DataTableColumn<Customer> => ({
        id: customColumnId(field),
        header: field.label,
        cell: (c) => (c.custom[field.key] === undefined ? '' : displayCustomValue(field, c.custom[field.key])),
        sortable: true,
        width: 150,
        card: 'hidden',
      }),
    ),
  ];
  if (!trash) return columns;
  columns.push({
    id: 'deletedAt',
    header: 'Deleted',
    cell: (c) => (c.deletedAt ? <When iso={c.deletedAt} relative /> : ''),
    sortable: true,
    hideable: false,
    width: 130,
  });
  if (onRestore) {
    columns.push({
      id: 'restore',
      header: 'Restore',
      cell: (c) => (
        <Button
          size="compact-sm"
          variant="light"
          leftSection={<IconRestore size={14} aria-hidden />}
          loading={restoringId === c.id}
          onClick={(event) => {
            event.stopPropagation();
            onRestore(c);
          }}
          aria-label={`Restore ${c.name}`}
          data-testid="customer-restore"
        >
          Restore
        </Button>
      ),
      hideable: false,
      width: 120,
      card: 'subtitle',
    });
  }
  return columns;
}

/** The columns shown before the user chooses: everything but the dates, and the first few custom fields. */
export function defaultColumnIds(fields: CustomField[]): string[] {
  return ['name', 'email', 'phone', 'company', 'status', 'tags', 'owner', 'updatedAt', ...fields.slice(0, DEFAULT_CUSTOM_COLUMNS).map(customColumnId)];
}
