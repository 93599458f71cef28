import { Button, Group, Pill } from '@mantine/core';
import type { Pipeline, TicketFilter } from '@grip/contracts/tickets';
import { formatDate } from '@/lib/format.ts';
import { CATEGORY_LABELS, PRIORITY_LABELS } from '../board/ticket-badges.tsx';
import type { Option } from './ticket-filters.tsx';
import { cleanFilter } from './list-state.ts';

interface Chip {
  key: string;
  label: string;
  /** The filter without this condition. */
  without: TicketFilter;
}

const day = (iso: string) => formatDate(`${iso}T00:00:00`);

function rangeText(from: string | undefined, to: string | undefined): string {
  if (from && to) return `${day(from)} – ${day(to)}`;
  if (from) return `from ${day(from)}`;
  return `until ${day(to ?? '')}`;
}

interface FilterChipsProps {
  filter: TicketFilter;
  onChange: (filter: TicketFilter) => void;
  pipelines: Pipeline[];
  assigneeOptions: Option[];
  customerName: string | undefined;
}

/** One chip per active condition, each with its own remove button, and "Clear all". */
export function FilterChips({ filter, onChange, pipelines, assigneeOptions, customerName }: FilterChipsProps) {
  const without = (...keys: (keyof TicketFilter)[]) => cleanFilter({ ...filter, ...Object.fromEntries(keys.map((k) => [k, undefined])) });
  const stageName = (id: string) => pipelines.flatMap((p) => p.stages).find((s) => s.id === id)?.name ?? 'a removed stage';
  const memberName = (id: string) => assigneeOptions.find((o) => o.value === id)?.label ?? 'Unknown member';
  const chips: Chip[] = [];
  if (filter.q) chips.push({ key: 'q', label: `Search: “${filter.q}”`, without: without('q') });
  if (filter.pipelineId) chips.push({ key: 'pipeline', label: `Pipeline: ${pipelines.find((p) => p.id === filter.pipelineId)?.name ?? '…'}`, without: without('pipelineId') });
  if (filter.stage?.length) chips.push({ key: 'stage', label: `Stage: ${filter.stage.map(stageName).join(', ')}`, without: without('stage') });
  if (filter.category?.length) chips.push({ key: 'category', label: `Category: ${filter.category.map((c) => CATEGORY_LABELS[c]).join(', ')}`, without: without('category') });
  if (filter.priority?.length) chips.push({ key: 'priority', label: `Priority: ${filter.priority.map((p) => PRIORITY_LABELS[p]).join(', ')}`, without: without('priority') });
  if (filter.assignee?.length) chips.push({ key: 'assignee', label: `Assignee: ${filter.assignee.map(memberName).join(', ')}`, without: without('assignee') });
  if (filter.customerId) chips.push({ key: 'customer', label: `Customer: ${customerName ?? '…'}`, without: without('customerId') });
  if (filter.overdue !== undefined) chips.push({ key: 'overdue', label: filter.overdue ? 'Overdue' : 'Not overdue', without: without('overdue') });
  if (filter.createdFrom || filter.createdTo) chips.push({ key: 'created', label: `Created ${rangeText(filter.createdFrom, filter.createdTo)}`, without: without('createdFrom', 'createdTo') });
  if (filter.dueFrom || filter.dueTo) chips.push({ key: 'due', label: `Due ${rangeText(filter.dueFrom, filter.dueTo)}`, without: without('dueFrom', 'dueTo') });
  if (chips.length === 0) return null;

  return (
    <Group gap={6} mb="sm" data-testid="tickets-filter-chips">
      <Pill.Group>
        {chips.map((chip) => (
          <Pill
            key={chip.key}
            size="md"
            withRemoveButton
            onRemove={() => onChange(chip.without)}
            // Mantine hides the remove button from the keyboard and screen readers by default; here it is the way to remove one condition.
            removeButtonProps={{ 'aria-label': `Remove filter ${chip.label}`, 'aria-hidden': false, tabIndex: 0 }}
            data-testid="tickets-filter-chip"
          >
            {chip.label}
          </Pill>
        ))}
      </Pill.Group>
      <Button variant="subtle" size="compact-sm" color="gray" onClick={() => onChange({})} data-testid="tickets-clear-filters">
        Clear all
      </Button>
    </Group>
  );
}
