import { Button, Chip, Divider, Drawer, Group, MultiSelect, NumberInput, SegmentedControl, Stack, TagsInput, Text, TextInput } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useState } from 'react';
import type { z } from 'zod';
import { CUSTOMER_STATUSES, type customConditionSchema, type CustomField, type CustomerFilter, type CustomerStatus } from '@grip/contracts/customers';
import { STATUS_LABELS } from '../form/customer-form-values.ts';
import { cleanFilter } from './list-state.ts';

export type CustomCondition = z.infer<typeof customConditionSchema>;
export interface OwnerOption {
  value: string;
  label: string;
}

interface CustomerFiltersDrawerProps {
  opened: boolean;
  onClose: () => void;
  filter: CustomerFilter;
  onApply: (filter: CustomerFilter) => void;
  fields: CustomField[];
  ownerOptions: OwnerOption[];
}

/** The advanced filters, edited as a draft and applied together (conditions combine with AND). */
export function CustomerFiltersDrawer({ opened, onClose, ...form }: CustomerFiltersDrawerProps) {
  return (
    <Drawer opened={opened} onClose={onClose} position="right" size="md" title="Filters" data-testid="customers-filters-drawer">
      {/* Mounted only while open: each opening starts from the filter in use. */}
      <FiltersForm {...form} onDone={onClose} />
    </Drawer>
  );
}

type DateKey = 'createdFrom' | 'createdTo' | 'updatedFrom' | 'updatedTo';

function FiltersForm({ filter, onApply, fields, ownerOptions, onDone }: Omit<CustomerFiltersDrawerProps, 'opened' | 'onClose'> & { onDone: () => void }) {
  const [draft, setDraft] = useState<CustomerFilter>(filter);
  const set = <K extends keyof CustomerFilter>(key: K, value: CustomerFilter[K]) => setDraft((current) => ({ ...current, [key]: value }));
  const setCustom = (key: string, condition: CustomCondition | undefined) =>
    setDraft((current) => ({ ...current, custom: { ...current.custom, [key]: condition } as CustomerFilter['custom'] }));
  const range = (from: DateKey, to: DateKey) => ({
    value: [draft[from] ?? null, draft[to] ?? null] as [string | null, string | null],
    onChange: ([start, end]: [string | null, string | null]) =>
      setDraft((current) => ({ ...current, [from]: start ?? undefined, [to]: end ?? undefined })),
  });

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        // The search box and the live/trash switch are not part of this form: they are kept as they are.
        onApply(cleanFilter({ ...draft, q: filter.q, trash: filter.trash }));
        onDone();
      }}
    >
      <Stack gap="md">
        <div>
          <Text size="sm" fw={500} mb={6}>
            Status
          </Text>
          <Chip.Group multiple value={draft.status ?? []} onChange={(value) => set('status', value as CustomerStatus[])}>
            <Group gap={6}>
              {CUSTOMER_STATUSES.map((status) => (
                <Chip key={status} value={status} size="sm" data-testid={`filter-status-${status}`}>
                  {STATUS_LABELS[status]}
                </Chip>
              ))}
            </Group>
          </Chip.Group>
        </div>
        <TagsInput
          label="Tags"
          description="Customers carrying every one of these tags"
          placeholder="Type a tag, then Enter"
          value={draft.tags ?? []}
          onChange={(value) => set('tags', value)}
          clearable
          data-testid="filter-tags"
        />
        <MultiSelect
          label="Owner"
          placeholder="Anyone"
          data={ownerOptions}
          value={draft.owner ?? []}
          onChange={(value) => set('owner', value as CustomerFilter['owner'])}
          searchable
          clearable
          nothingFoundMessage="No such member"
          data-testid="filter-owner"
        />
        <DatePickerInput type="range" label="Created" placeholder="Any time" clearable allowSingleDateInRange {...range('createdFrom', 'createdTo')} />
        <DatePickerInput type="range" label="Updated" placeholder="Any time" clearable allowSingleDateInRange {...range('updatedFrom', 'updatedTo')} />
        {fields.length > 0 && <Divider label="Custom fields" labelPosition="left" />}
        {fields.map((field) => (
          <CustomConditionInput key={field.id} field={field} value={draft.custom?.[field.key]} onChange={(condition) => setCustom(field.key, condition)} />
        ))}
        <Group justify="space-between" mt="sm">
          <Button variant="subtle" color="gray" onClick={() => setDraft({})} data-testid="filters-reset">
            Reset
          </Button>
          <Group gap="xs">
            <Button variant="default" onClick={onDone}>
              Cancel
            </Button>
            <Button type="submit" data-testid="filters-apply">
              Apply filters
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}

type Range = { min?: number | string; max?: number | string };
const asRange = (value: CustomCondition | undefined): Range =>
  value && typeof value === 'object' && !Array.isArray(value) ? value : {};

/** A field's condition as its type allows: text contains, number or date range, any of the options, ticked or not. */
function CustomConditionInput({ field, value, onChange }: { field: CustomField; value: CustomCondition | undefined; onChange: (next: CustomCondition | undefined) => void }) {
  const testId = `filter-custom-${field.key}`;
  switch (field.type) {
    case 'text':
      return (
        <TextInput
          label={field.label}
          placeholder="Contains…"
          value={typeof value === 'string' ? value : ''}
          onChange={(event) => onChange(event.currentTarget.value || undefined)}
          data-testid={testId}
        />
      );
    case 'number': {
      const current = asRange(value);
      const bound = (key: 'min' | 'max') => (next: number | string) =>
        onChange({ ...current, [key]: typeof next === 'number' ? next : undefined });
      return (
        <Group grow gap="xs" align="flex-end" data-testid={testId}>
          <NumberInput label={field.label} placeholder="Min" value={current.min ?? ''} onChange={bound('min')} />
          <NumberInput aria-label={`${field.label} maximum`} placeholder="Max" value={current.max ?? ''} onChange={bound('max')} />
        </Group>
      );
    }
    case 'date': {
      const current = asRange(value);
      return (
        <DatePickerInput
          type="range"
          label={field.label}
          placeholder="Any date"
          clearable
          allowSingleDateInRange
          value={[typeof current.min === 'string' ? current.min : null, typeof current.max === 'string' ? current.max : null]}
          onChange={([min, max]) => onChange({ min: min ?? undefined, max: max ?? undefined })}
          data-testid={testId}
        />
      );
    }
    case 'select':
    case 'multiselect':
      return (
        <MultiSelect
          label={field.label}
          description="Any of these"
          placeholder="Any"
          data={field.options}
          value={Array.isArray(value) ? value : []}
          onChange={(next) => onChange(next.length > 0 ? next : undefined)}
          clearable
          data-testid={testId}
        />
      );
    case 'checkbox':
      return (
        <div>
          <Text size="sm" fw={500} mb={6}>
            {field.label}
          </Text>
          <SegmentedControl
            size="xs"
            data={[
              { value: 'any', label: 'Any' },
              { value: 'yes', label: 'Ticked' },
              { value: 'no', label: 'Not ticked' },
            ]}
            value={value === true ? 'yes' : value === false ? 'no' : 'any'}
            onChange={(next) => onChange(next === 'any' ? undefined : next === 'yes')}
            data-testid={testId}
          />
        </div>
      );
  }
}
