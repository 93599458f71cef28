import { MultiSelect, Select, type ComboboxItem } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { STAGE_CATEGORIES, type Pipeline, type TicketFilter } from '@grip/contracts/tickets';
import type { MemberOption } from '@/components/bulk/bulk-bar.tsx';
import { AnyYesNo, ChoiceChips, FiltersDrawer, MembersFilter } from '@/components/list/filters-drawer.tsx';
import { useCustomerChoices } from '@/components/customer-picker/customer-choices.ts';
import { CATEGORY_LABELS, PRIORITIES_BY_URGENCY, PRIORITY_LABELS } from '@/components/tickets/ticket-badges.tsx';
import { cleanFilter } from './list-state.ts';

/** Stages as Select data: flat for one pipeline, grouped by pipeline otherwise. */
export function stageOptions(pipelines: Pipeline[]) {
  if (pipelines.length === 1) return pipelines[0]?.stages.map((s) => ({ value: s.id, label: s.name })) ?? [];
  return pipelines.map((p) => ({ group: p.name, items: p.stages.map((s) => ({ value: s.id, label: s.name })) }));
}

interface TicketFiltersDrawerProps {
  opened: boolean;
  onClose: () => void;
  slug: string;
  filter: TicketFilter;
  onApply: (filter: TicketFilter) => void;
  pipelines: Pipeline[];
  assigneeOptions: MemberOption[];
  /** The name of the customer filtered by, when known (to show it before searching). */
  customerName: string | undefined;
}

const CATEGORY_OPTIONS = STAGE_CATEGORIES.map((category) => ({ value: category, label: CATEGORY_LABELS[category] }));
const PRIORITY_OPTIONS = PRIORITIES_BY_URGENCY.map((priority) => ({ value: priority, label: PRIORITY_LABELS[priority] }));

/** The filters: stage, category, priority, assignee, customer, overdue and dates. */
export function TicketFiltersDrawer({ opened, onClose, slug, filter, onApply, pipelines, assigneeOptions, customerName }: TicketFiltersDrawerProps) {
  return (
    <FiltersDrawer
      opened={opened}
      onClose={onClose}
      filter={filter}
      // The search box is not part of this form: it is kept as it is.
      onApply={(draft) => onApply(cleanFilter({ ...draft, q: filter.q }))}
      data-testid="tickets-filters-drawer"
    >
      {({ draft, set, range }) => (
        <>
          <MultiSelect
            label="Stage"
            placeholder="Any stage"
            data={stageOptions(pipelines)}
            value={draft.stage ?? []}
            onChange={(value) => set('stage', value)}
            searchable
            clearable
            data-testid="filter-stage"
          />
          <ChoiceChips label="Stage category" options={CATEGORY_OPTIONS} value={draft.category} onChange={(value) => set('category', value)} testIdPrefix="filter-category" />
          <ChoiceChips label="Priority" options={PRIORITY_OPTIONS} value={draft.priority} onChange={(value) => set('priority', value)} testIdPrefix="filter-priority" />
          <MembersFilter label="Assignee" options={assigneeOptions} value={draft.assignee} onChange={(value) => set('assignee', value)} data-testid="filter-assignee" />
          <CustomerPicker slug={slug} value={draft.customerId} knownName={customerName} onChange={(id) => set('customerId', id)} />
          <AnyYesNo label="Overdue" yes="Overdue" no="Not overdue" value={draft.overdue} onChange={(value) => set('overdue', value)} data-testid="filter-overdue" />
          <DatePickerInput type="range" label="Created" placeholder="Any time" clearable allowSingleDateInRange {...range('createdFrom', 'createdTo')} data-testid="filter-created" />
          <DatePickerInput type="range" label="Due" placeholder="Any time" clearable allowSingleDateInRange {...range('dueFrom', 'dueTo')} data-testid="filter-due" />
        </>
      )}
    </FiltersDrawer>
  );
}

/** A customer found by typing (searched on the server, not among the first few). */
function CustomerPicker({ slug, value, knownName, onChange }: { slug: string; value: string | undefined; knownName: string | undefined; onChange: (id: string | undefined) => void }) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const [picked, setPicked] = useState<ComboboxItem | null>(value ? { value, label: knownName ?? 'Selected customer' } : null);
  const choices = useCustomerChoices(slug, debounced);
  const options: ComboboxItem[] = (choices.data ?? []).map((c) => ({ value: c.id, label: c.name }));
  // The chosen one stays a choice even when the search no longer finds it, so its name shows.
  if (picked && !options.some((o) => o.value === picked.value)) options.unshift(picked);

  return (
    <Select
      label="Customer"
      placeholder="Any customer"
      data={options}
      value={value ?? null}
      onChange={(id, option) => {
        setPicked(id && option ? { value: id, label: option.label } : null);
        onChange(id ?? undefined);
      }}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      // The server has already matched the search (name, email, phone, accents aside).
      filter={({ options: all }) => all}
      clearable
      nothingFoundMessage={choices.isFetching ? 'Searching…' : 'No such customer'}
      data-testid="filter-customer"
    />
  );
}
