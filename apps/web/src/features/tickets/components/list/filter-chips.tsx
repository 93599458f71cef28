import type { Pipeline, TicketFilter } from '@grip/contracts/tickets';
import type { MemberOption } from '@/components/bulk/bulk-bar.tsx';
import { chipsOf, dayText, FilterChips, rangeText } from '@/components/list/filter-chips.tsx';
import { CATEGORY_LABELS, PRIORITY_LABELS } from '@/components/tickets/ticket-badges.tsx';
import { cleanFilter } from './list-state.ts';

interface TicketFilterChipsProps {
  filter: TicketFilter;
  onChange: (filter: TicketFilter) => void;
  pipelines: Pipeline[];
  assigneeOptions: MemberOption[];
  customerName: string | undefined;
}

/** The tickets' active conditions as chips. */
export function TicketFilterChips({ filter, onChange, pipelines, assigneeOptions, customerName }: TicketFilterChipsProps) {
  const { chips, add } = chipsOf(filter, cleanFilter);
  const stageName = (id: string) => pipelines.flatMap((p) => p.stages).find((s) => s.id === id)?.name ?? 'a removed stage';
  const memberName = (id: string) => assigneeOptions.find((o) => o.value === id)?.label ?? 'Unknown member';
  if (filter.q) add(`Search: “${filter.q}”`, 'q');
  if (filter.pipelineId) add(`Pipeline: ${pipelines.find((p) => p.id === filter.pipelineId)?.name ?? '…'}`, 'pipelineId');
  if (filter.stage?.length) add(`Stage: ${filter.stage.map(stageName).join(', ')}`, 'stage');
  if (filter.category?.length) add(`Category: ${filter.category.map((c) => CATEGORY_LABELS[c]).join(', ')}`, 'category');
  if (filter.priority?.length) add(`Priority: ${filter.priority.map((p) => PRIORITY_LABELS[p]).join(', ')}`, 'priority');
  if (filter.assignee?.length) add(`Assignee: ${filter.assignee.map(memberName).join(', ')}`, 'assignee');
  if (filter.customerId) add(`Customer: ${customerName ?? '…'}`, 'customerId');
  if (filter.overdue !== undefined) add(filter.overdue ? 'Overdue' : 'Not overdue', 'overdue');
  if (filter.createdFrom || filter.createdTo) add(`Created ${rangeText(filter.createdFrom, filter.createdTo, dayText)}`, 'createdFrom', 'createdTo');
  if (filter.dueFrom || filter.dueTo) add(`Due ${rangeText(filter.dueFrom, filter.dueTo, dayText)}`, 'dueFrom', 'dueTo');
  return <FilterChips chips={chips} onChange={onChange} cleared={{}} testIdPrefix="tickets" />;
}
