import { EmptyState, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconTicket } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { ticketFilterToQuery, type TicketFilter, type TicketSummary, TICKET_EXPORT_FIELDS, type TicketExportField } from '@grip/contracts/tickets';
import { useHasPermission } from '@/components/access/permission-gate.tsx';
import type { MemberOption } from '@/components/bulk/bulk-bar.tsx';
import { useBulkSelection } from '@/components/bulk/use-bulk-selection.ts';
import { DataTable } from '@/components/data-table/data-table.tsx';
import { loadedRows, pagingProps } from '@/components/data-table/infinite-list.ts';
import { countLabel, isOne } from '@/components/list/count-label.ts';
import { ExportButton, type ExportField } from '@/components/list/export-dialog.tsx';
import { FiltersButton, isRejectedListState, ListLoading, ListViewsMenu, NoMatchesState, RejectedListState } from '@/components/list/list-parts.tsx';
import { canonical, listStateActions, useListState, type CurrentView } from '@/components/list/list-state.ts';
import { useAssigneeChoices, usePipelines } from '../../api/ticket.ts';
import { useTicketsCount, useTicketsList } from '../../api/tickets-list.ts';
import { TicketSearch } from '../board/ticket-search.tsx';
import { BulkActions } from './bulk-actions.tsx';
import { TicketFilterChips } from './filter-chips.tsx';
import { cleanFilter, isFiltered, ticketsListKind } from './list-state.ts';
import { DEFAULT_COLUMN_IDS, ticketColumns } from './ticket-columns.tsx';
import { TicketFiltersDrawer } from './ticket-filters.tsx';

/** The columns GET /tickets/export.csv allows, in its order. */
/** Labels of the export columns; keyed by the contract's list, so a column added on the server must get one here. */
const EXPORT_LABELS: Record<TicketExportField, string> = {
  number: 'Number',
  title: 'Title',
  description: 'Description',
  customer: 'Customer',
  customerEmail: 'Customer email',
  stage: 'Stage',
  priority: 'Priority',
  assignee: 'Assignee',
  dueAt: 'Due',
  overdue: 'Overdue',
  completedAt: 'Completed',
  source: 'Source',
  createdAt: 'Created',
  updatedAt: 'Updated',
  messages: 'Messages',
};
const exportFields: ExportField[] = TICKET_EXPORT_FIELDS.map((value) => ({ value, label: EXPORT_LABELS[value] }));

interface TicketsListProps {
  slug: string;
  onOpen: (ticket: TicketSummary) => void;
  /** A filter asked for by a link (`/tickets?overdue=true`): shown instead of the remembered state. */
  seed: TicketFilter | null;
  /** Shown in the empty state of a workspace without tickets (the new-ticket button). */
  createAction?: ReactNode;
}

/** The tickets of a workspace: search, filters, saved views, sort, columns and bulk changes. */
export function TicketsList(props: TicketsListProps) {
  const { current, setCurrent } = useListState(props.slug, ticketsListKind, props.seed);
  if (!current) return <ListLoading label="Loading tickets" />;
  return <LoadedTicketsList {...props} current={current} onCurrentChange={setCurrent} />;
}

function LoadedTicketsList({
  slug,
  onOpen,
  createAction,
  current,
  onCurrentChange,
}: TicketsListProps & { current: CurrentView<TicketFilter>; onCurrentChange: (next: CurrentView<TicketFilter>) => void }) {
  const { state } = current;
  const { filter, sort } = state;
  const canUpdate = useHasPermission('tickets:update');
  const canAssign = useHasPermission('tickets:assign');
  const { table, setFilter, applyView } = listStateActions(ticketsListKind, current, onCurrentChange);

  const pipelines = usePipelines(slug).data ?? [];
  const members: MemberOption[] = (useAssigneeChoices(slug).data ?? []).map((m) => ({ value: m.userId, label: m.name || m.email }));
  const assigneeOptions: MemberOption[] = [{ value: 'me', label: 'Me' }, { value: 'none', label: 'Unassigned' }, ...members];

  const list = useTicketsList(slug, filter, sort);
  const count = useTicketsCount(slug, filter);
  const matching = count.data && countLabel(count.data);
  const rows = loadedRows(list);
  // Filtered by a customer, every row names them: the chip and the picker can show the name without another request.
  const customerName = filter.customerId ? rows.find((t) => t.customer.id === filter.customerId)?.customer.name : undefined;

  const [filtersOpened, filtersDrawer] = useDisclosure(false);
  const selection = useBulkSelection({ scope: canonical({ filter, sort }), rows, complete: !list.hasNextPage });
  const selectable = canUpdate || canAssign;

  const activeFilters = Object.keys(cleanFilter({ ...filter, q: undefined })).length;

  const rejected = isRejectedListState(list.error, rows.length);
  const empty = rejected ? (
    <RejectedListState error={list.error} resetLabel="Reset to all tickets" onReset={() => applyView(null)} data-testid="tickets-invalid-state" />
  ) : isFiltered(filter) ? (
    <NoMatchesState onClear={() => setFilter({})} data-testid="tickets-empty-filtered" />
  ) : (
    <EmptyState
      icon={<IconTicket size={28} aria-hidden />}
      withIndicatorBackground
      title="No tickets yet"
      description="Tickets opened here, by your customers in the portal, or through the API will be listed here."
      data-testid="tickets-empty"
    >
      {createAction && <EmptyState.Actions>{createAction}</EmptyState.Actions>}
    </EmptyState>
  );

  const toolbar = (
    <>
      <TicketSearch value={filter.q ?? ''} onChange={(q) => setFilter({ ...filter, q })} searching={list.isPlaceholderData && list.isFetching} />
      <FiltersButton active={activeFilters} onClick={filtersDrawer.open} data-testid="tickets-filters" />
      <ListViewsMenu slug={slug} kind={ticketsListKind} defaultLabel="All tickets" current={current} onChange={onCurrentChange} />
      <ExportButton
        resource="tickets"
        slug={slug}
        entity="tickets"
        fields={exportFields}
        query={{ ...ticketFilterToQuery(filter), ...(sort ? { sort } : {}) }}
        count={count.data}
        counting={count.isFetching}
        disabled={rejected}
        data-testid="tickets-export"
      />
      {matching && (
        <Text size="sm" c="dimmed" data-testid="tickets-count">
          {matching} {isOne(count.data) ? 'ticket' : 'tickets'}
        </Text>
      )}
    </>
  );

  return (
    <>
      <TicketFilterChips filter={filter} onChange={setFilter} pipelines={pipelines} assigneeOptions={assigneeOptions} customerName={customerName} />
      <DataTable<TicketSummary>
        aria-label="Tickets"
        columns={ticketColumns}
        rows={rows}
        getRowId={(t) => t.id}
        {...table(DEFAULT_COLUMN_IDS)}
        {...pagingProps(list)}
        error={rejected ? null : list.error}
        empty={empty}
        selection={selectable ? selection.table(matching) : undefined}
        onRowOpen={onOpen}
        toolbar={toolbar}
      />
      <TicketFiltersDrawer
        opened={filtersOpened}
        onClose={filtersDrawer.close}
        slug={slug}
        filter={filter}
        onApply={setFilter}
        pipelines={pipelines}
        assigneeOptions={assigneeOptions}
        customerName={customerName}
      />
      <BulkActions
        slug={slug}
        {...selection.bar({ filter, matchingLabel: matching, noun: ['ticket', 'tickets'], enabled: selectable })}
        canUpdate={canUpdate}
        canAssign={canAssign}
        members={members}
        pipelines={pipelines}
      />
    </>
  );
}
