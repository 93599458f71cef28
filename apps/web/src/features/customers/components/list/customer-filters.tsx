import { Divider, Group, MultiSelect, NumberInput, TagsInput, TextInput } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import type { z } from 'zod';
import { CUSTOMER_STATUSES, type customConditionSchema, type CustomField, type CustomerFilter } from '@grip/contracts/customers';
import type { MemberOption } from '@/components/bulk/bulk-bar.tsx';
import { AnyYesNo, ChoiceChips, FiltersDrawer, MembersFilter } from '@/components/list/filters-drawer.tsx';
import { STATUS_LABELS } from '../form/customer-form-values.ts';
import { cleanFilter } from './list-state.ts';

export type CustomCondition = z.infer<typeof customConditionSchema>;

const STATUS_OPTIONS = CUSTOMER_STATUSES.map((status) => ({ value: status, label: STATUS_LABELS[status] }));

interface CustomerFiltersDrawerProps {
  opened: boolean;
  onClose: () => void;
  filter: CustomerFilter;
  onApply: (filter: CustomerFilter) => void;
  fields: CustomField[];
  ownerOptions: MemberOption[];
}

/** The advanced filters: status, tags, owner, dates and each custom field. */
export function CustomerFiltersDrawer({ opened, onClose, filter, onApply, fields, ownerOptions }: CustomerFiltersDrawerProps) {
  return (
    <FiltersDrawer
      opened={opened}
      onClose={onClose}
      filter={filter}
      // The search box and the live/trash switch are not part of this form: they are kept as they are.
      onApply={(draft) => onApply(cleanFilter({ ...draft, q: filter.q, trash: filter.trash }))}
      data-testid="customers-filters-drawer"
    >
      {({ draft, set, setDraft, range }) => (
        <>
          <ChoiceChips label="Status" options={STATUS_OPTIONS} value={draft.status} onChange={(value) => set('status', value)} testIdPrefix="filter-status" />
          <TagsInput
            label="Tags"
            description="Customers carrying every one of these tags"
            placeholder="Type a tag, then Enter"
            value={draft.tags ?? []}
            onChange={(value) => set('tags', value)}
            clearable
            data-testid="filter-tags"
          />
          <MembersFilter label="Owner" options={ownerOptions} value={draft.owner} onChange={(value) => set('owner', value)} data-testid="filter-owner" />
          <DatePickerInput type="range" label="Created" placeholder="Any time" clearable allowSingleDateInRange {...range('createdFrom', 'createdTo')} />
          <DatePickerInput type="range" label="Updated" placeholder="Any time" clearable allowSingleDateInRange {...range('updatedFrom', 'updatedTo')} />
          {fields.length > 0 && <Divider label="Custom fields" labelPosition="left" />}
          {fields.map((field) => (
            <CustomConditionInput
              key={field.id}
              field={field}
              value={draft.custom?.[field.key]}
              onChange={(condition) => setDraft((current) => ({ ...current, custom: { ...current.custom, [field.key]: condition } as CustomerFilter['custom'] }))}
            />
          ))}
        </>
      )}
    </FiltersDrawer>
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
        <AnyYesNo
          label={field.label}
          yes="Ticked"
          no="Not ticked"
          value={typeof value === 'boolean' ? value : undefined}
          onChange={onChange}
          data-testid={testId}
        />
      );
  }
}
