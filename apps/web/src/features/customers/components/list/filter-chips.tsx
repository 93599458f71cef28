import { Button, Group, Pill } from '@mantine/core';
import type { CustomField, CustomerFilter } from '@grip/contracts/customers';
import { formatDate } from '@/lib/format.ts';
import { STATUS_LABELS } from '../form/customer-form-values.ts';
import type { CustomCondition, OwnerOption } from './customer-filters.tsx';
import { cleanFilter, isFiltered } from './list-state.ts';

interface Chip {
  key: string;
  label: string;
  /** The filter without this condition. */
  without: CustomerFilter;
}

const day = (iso: string) => formatDate(`${iso}T00:00:00`);

function rangeText(from: string | number | undefined, to: string | number | undefined, show: (v: string | number) => string): string {
  if (from !== undefined && to !== undefined) return `${show(from)} – ${show(to)}`;
  if (from !== undefined) return `from ${show(from)}`;
  return `until ${show(to ?? '')}`;
}

function conditionText(field: CustomField, condition: CustomCondition): string {
  if (typeof condition === 'boolean') return condition ? 'ticked' : 'not ticked';
  if (typeof condition === 'string') return `contains “${condition}”`;
  if (Array.isArray(condition)) return condition.join(', ');
  const show = (v: string | number) => (field.type === 'date' && typeof v === 'string' ? day(v) : String(v));
  return rangeText(condition.min, condition.max, show);
}

/** One chip per active condition, each with its own remove button, and "Clear all". */
export function FilterChips({
  filter,
  onChange,
  fields,
  ownerOptions,
}: {
  filter: CustomerFilter;
  onChange: (filter: CustomerFilter) => void;
  fields: CustomField[];
  ownerOptions: OwnerOption[];
}) {
  const without = (...keys: (keyof CustomerFilter)[]) => cleanFilter({ ...filter, ...Object.fromEntries(keys.map((k) => [k, undefined])) });
  const chips: Chip[] = [];
  if (filter.q) chips.push({ key: 'q', label: `Search: “${filter.q}”`, without: without('q') });
  if (filter.status?.length) chips.push({ key: 'status', label: `Status: ${filter.status.map((s) => STATUS_LABELS[s]).join(', ')}`, without: without('status') });
  if (filter.tags?.length) chips.push({ key: 'tags', label: `Tags: ${filter.tags.join(', ')}`, without: without('tags') });
  if (filter.owner?.length) {
    const name = (id: string) => ownerOptions.find((o) => o.value === id)?.label ?? 'Unknown member';
    chips.push({ key: 'owner', label: `Owner: ${filter.owner.map(name).join(', ')}`, without: without('owner') });
  }
  if (filter.createdFrom || filter.createdTo) {
    chips.push({ key: 'created', label: `Created ${rangeText(filter.createdFrom, filter.createdTo, (v) => day(String(v)))}`, without: without('createdFrom', 'createdTo') });
  }
  if (filter.updatedFrom || filter.updatedTo) {
    chips.push({ key: 'updated', label: `Updated ${rangeText(filter.updatedFrom, filter.updatedTo, (v) => day(String(v)))}`, without: without('updatedFrom', 'updatedTo') });
  }
  for (const [key, condition] of Object.entries(filter.custom ?? {})) {
    const field = fields.find((f) => f.key === key);
    const label = field ? `${field.label}: ${conditionText(field, condition)}` : `${key}: ${JSON.stringify(condition)}`;
    const custom = { ...filter.custom };
    delete custom[key];
    chips.push({ key: `custom.${key}`, label, without: cleanFilter({ ...filter, custom }) });
  }
  if (chips.length === 0) return null;

  return (
    <Group gap={6} mb="sm" data-testid="customers-filter-chips">
      <Pill.Group>
        {chips.map((chip) => (
          <Pill
            key={chip.key}
            size="md"
            withRemoveButton
            onRemove={() => onChange(chip.without)}
            removeButtonProps={{ 'aria-label': `Remove filter ${chip.label}` }}
            data-testid="customers-filter-chip"
          >
            {chip.label}
          </Pill>
        ))}
      </Pill.Group>
      {isFiltered(filter) && (
        <Button variant="subtle" size="compact-sm" color="gray" onClick={() => onChange(cleanFilter({ trash: filter.trash }))} data-testid="customers-clear-filters">
          Clear all
        </Button>
      )}
    </Group>
  );
}
