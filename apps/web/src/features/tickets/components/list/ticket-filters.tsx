import { Button, Chip, Drawer, Group, MultiSelect, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { STAGE_CATEGORIES, type Pipeline, type Priority, type StageCategory, type TicketFilter } from '@grip/contracts/tickets';
import { useCustomerChoices } from '../../api/ticket.ts';
import { CATEGORY_LABELS, PRIORITIES_BY_URGENCY, PRIORITY_LABELS } from '../board/ticket-badges.tsx';
import { cleanFilter } from './list-state.ts';

export interface Option {
  value: string;
  label: string;
}

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
  assigneeOptions: Option[];
  /** The name of the customer filtered by, when known (to show it before searching). */
  customerName: string | undefined;
}

/** The filters, edited as a draft and applied together (conditions combine with AND). */
export function TicketFiltersDrawer({ opened, onClose, ...form }: TicketFiltersDrawerProps) {
  return (
    <Drawer opened={opened} onClose={onClose} position="right" size="md" title="Filters" data-testid="tickets-filters-drawer">
      {/* Mounted only while open: each opening starts from the filter in use. */}
      <FiltersForm {...form} onDone={onClose} />
    </Drawer>
  );
}

type DateKey = 'createdFrom' | 'createdTo' | 'dueFrom' | 'dueTo';

function FiltersForm({
  slug,
  filter,
  onApply,
  pipelines,
  assigneeOptions,
  customerName,
  onDone,
}: Omit<TicketFiltersDrawerProps, 'opened' | 'onClose'> & { onDone: () => void }) {
  const [draft, setDraft] = useState<TicketFilter>(filter);
  const set = <K extends keyof TicketFilter>(key: K, value: TicketFilter[K]) => setDraft((current) => ({ ...current, [key]: value }));
  const range = (from: DateKey, to: DateKey) => ({
    value: [draft[from] ?? null, draft[to] ?? null] as [string | null, string | null],
    onChange: ([start, end]: [string | null, string | null]) => setDraft((current) => ({ ...current, [from]: start ?? undefined, [to]: end ?? undefined })),
  });

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        // The search box is not part of this form: it is kept as it is.
        onApply(cleanFilter({ ...draft, q: filter.q }));
        onDone();
      }}
    >
      <Stack gap="md">
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
        <div>
          <Text size="sm" fw={500} mb={6}>
            Stage category
          </Text>
          <Chip.Group multiple value={draft.category ?? []} onChange={(value) => set('category', value as StageCategory[])}>
            <Group gap={6}>
              {STAGE_CATEGORIES.map((category) => (
                <Chip key={category} value={category} size="sm" wrapperProps={{ 'data-testid': `filter-category-${category}` }}>
                  {CATEGORY_LABELS[category]}
                </Chip>
              ))}
            </Group>
          </Chip.Group>
        </div>
        <div>
          <Text size="sm" fw={500} mb={6}>
            Priority
          </Text>
          <Chip.Group multiple value={draft.priority ?? []} onChange={(value) => set('priority', value as Priority[])}>
            <Group gap={6}>
              {PRIORITIES_BY_URGENCY.map((priority) => (
                <Chip key={priority} value={priority} size="sm" wrapperProps={{ 'data-testid': `filter-priority-${priority}` }}>
                  {PRIORITY_LABELS[priority]}
                </Chip>
              ))}
            </Group>
          </Chip.Group>
        </div>
        <MultiSelect
          label="Assignee"
          placeholder="Anyone"
          data={assigneeOptions}
          value={draft.assignee ?? []}
          onChange={(value) => set('assignee', value as TicketFilter['assignee'])}
          searchable
          clearable
          nothingFoundMessage="No such member"
          data-testid="filter-assignee"
        />
        <CustomerPicker slug={slug} value={draft.customerId} knownName={customerName} onChange={(id) => set('customerId', id)} />
        <div>
          <Text size="sm" fw={500} mb={6}>
            Overdue
          </Text>
          <SegmentedControl
            size="xs"
            data={[
              { value: 'any', label: 'Any' },
              { value: 'yes', label: 'Overdue' },
              { value: 'no', label: 'Not overdue' },
            ]}
            value={draft.overdue === true ? 'yes' : draft.overdue === false ? 'no' : 'any'}
            onChange={(next) => set('overdue', next === 'any' ? undefined : next === 'yes')}
            data-testid="filter-overdue"
          />
        </div>
        <DatePickerInput type="range" label="Created" placeholder="Any time" clearable allowSingleDateInRange {...range('createdFrom', 'createdTo')} data-testid="filter-created" />
        <DatePickerInput type="range" label="Due" placeholder="Any time" clearable allowSingleDateInRange {...range('dueFrom', 'dueTo')} data-testid="filter-due" />
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

/** A customer found by typing (searched on the server, not among the first few). */
function CustomerPicker({ slug, value, knownName, onChange }: { slug: string; value: string | undefined; knownName: string | undefined; onChange: (id: string | undefined) => void }) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const [picked, setPicked] = useState<Option | null>(value ? { value, label: knownName ?? 'Selected customer' } : null);
  const choices = useCustomerChoices(slug, debounced);
  const options: Option[] = (choices.data ?? []).map((c) => ({ value: c.id, label: c.name }));
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
