import { Badge, Button, Card, EmptyState, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconAlertTriangle, IconFilter, IconFilterOff, IconTicket } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import type { SavedView } from '@grip/contracts/customers';
import type { TicketFilter, TicketSummary } from '@grip/contracts/tickets';
import { useHasPermission } from '@/components/access/permission-gate.tsx';
import { DataTable, paramToSort, sortToParam } from '@/components/data-table/data-table.tsx';
import { ViewsMenu } from '@/components/saved-views/views-menu.tsx';
import { TableSkeleton } from '@/components/ui/table-skeleton.tsx';
import { isApiError } from '@/lib/api.ts';
import { useAssigneeChoices, usePipelines } from '../../api/ticket.ts';
import { countLabel, useTicketsCount, useTicketsList } from '../../api/tickets-list.ts';
import { TicketSearch } from '../board/ticket-search.tsx';
import { BulkActions } from './bulk-actions.tsx';
import { FilterChips } from './filter-chips.tsx';
import { DEFAULT_COLUMN_IDS, ticketColumns } from './ticket-columns.tsx';
import { TicketFiltersDrawer, type Option } from './ticket-filters.tsx';
import { canonical, cleanFilter, EMPTY_LIST_STATE, isFiltered, sameState, toListState, useTicketsListState, type CurrentView, type ListState } from './list-state.ts';

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
  const { current, setCurrent } = useTicketsListState(props.slug, props.seed);
  if (!current) {
    return (
      <Card p={0}>
        <TableSkeleton rows={8} label="Loading tickets" />
      </Card>
    );
  }
  return <LoadedTicketsList {...props} current={current} onCurrentChange={setCurrent} />;
}

/** The most ids one bulk change may name (the API's limit); beyond it the change goes by the filter. */
const MAX_BULK_IDS = 1000;

function LoadedTicketsList({ slug, onOpen, createAction, current, onCurrentChange }: TicketsListProps & { current: CurrentView; onCurrentChange: (next: CurrentView) => void }) {
  const { state } = current;
  const { filter, sort } = state;
  const canUpdate = useHasPermission('tickets:update');
  const canAssign = useHasPermission('tickets:assign');
  const canShare = useHasPermission('views:share');

  const pipelines = usePipelines(slug).data ?? [];
  const members: Option[] = (useAssigneeChoices(slug).data ?? []).map((m) => ({ value: m.userId, label: m.name || m.email }));
  const assigneeOptions: Option[] = [{ value: 'me', label: 'Me' }, { value: 'none', label: 'Unassigned' }, ...members];

  const list = useTicketsList(slug, filter, sort);
  const count = useTicketsCount(slug, filter);
  const matching = count.data ? countLabel(count.data) : undefined;
  const rows = list.data?.pages.flatMap((page) => page.items) ?? [];
  // Filtered by a customer, every row names them: the chip and the picker can show the name without another request.
  const customerName = filter.customerId ? rows.find((t) => t.customer.id === filter.customerId)?.customer.name : undefined;

  const [filtersOpened, filtersDrawer] = useDisclosure(false);

  // Selection belongs to one filter and sort: a different list starts with nothing selected.
  const [selected, setSelected] = useState<Set<string>>(() => new Set());
  const [allMatching, setAllMatching] = useState(false);
  const scope = canonical({ filter, sort });
  const [selectionScope, setSelectionScope] = useState(scope);
  if (selectionScope !== scope) {
    setSelectionScope(scope);
    setSelected(new Set());
    setAllMatching(false);
  }
  const clearSelection = () => {
    setSelected(new Set());
    setAllMatching(false);
  };
  const selectable = canUpdate || canAssign;
  // Over the ids limit: when every matching row is loaded and picked, the filter names the same rows; otherwise
  // the bar says so and offers "all matching" instead.
  const everyRowPicked = !list.hasNextPage && rows.length > 0 && rows.every((t) => selected.has(t.id));
  const byFilter = allMatching || (selected.size > MAX_BULK_IDS && everyRowPicked);
  const overLimit = !byFilter && selected.size > MAX_BULK_IDS;

  const update = (next: Partial<ListState>) => onCurrentChange({ ...current, state: { ...state, ...next } });
  const setFilter = (next: TicketFilter) => update({ filter: cleanFilter(next) });
  const applyView = (view: SavedView | null) =>
    onCurrentChange(view ? { viewId: view.id, state: toListState(view.state) } : { viewId: null, state: EMPTY_LIST_STATE });

  const visibleColumns = state.columns.length > 0 ? state.columns : DEFAULT_COLUMN_IDS;
  const activeFilters = Object.keys(cleanFilter({ ...filter, q: undefined })).length;

  // A saved state the server no longer accepts (a stage since removed, say): offer a way out, not a retry.
  const invalidState = isApiError(list.error) && list.error.status === 400 && rows.length === 0;
  const empty = invalidState ? (
    <EmptyState
      icon={<IconAlertTriangle size={28} aria-hidden />}
      withIndicatorBackground
      title="This list cannot be shown"
      description={`${list.error?.message ?? ''} The filters or sort may refer to something that no longer exists.`}
      data-testid="tickets-invalid-state"
    >
      <EmptyState.Actions>
        <Button variant="default" onClick={() => applyView(null)}>
          Reset to all tickets
        </Button>
      </EmptyState.Actions>
    </EmptyState>
  ) : isFiltered(filter) ? (
    <EmptyState
      icon={<IconFilterOff size={28} aria-hidden />}
      withIndicatorBackground
      title="Nothing matches these filters"
      description="Try other words, or fewer filters."
      data-testid="tickets-empty-filtered"
    >
      <EmptyState.Actions>
        <Button variant="default" onClick={() => setFilter({})}>
          Clear filters
        </Button>
      </EmptyState.Actions>
    </EmptyState>
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
      <Button
        variant="default"
        leftSection={<IconFilter size={16} aria-hidden />}
        rightSection={
          activeFilters > 0 ? (
            <Badge size="sm" circle>
              {activeFilters}
            </Badge>
          ) : null
        }
        onClick={filtersDrawer.open}
        data-testid="tickets-filters"
      >
        Filters
      </Button>
      <ViewsMenu
        slug={slug}
        resource="tickets"
        defaultLabel="All tickets"
        state={state}
        viewId={current.viewId}
        shows={(view) => sameState(toListState(view.state), state)}
        onApply={applyView}
        onSaved={(view) => onCurrentChange({ ...current, viewId: view.id })}
        canShare={canShare}
      />
      {matching && (
        <Text size="sm" c="dimmed" data-testid="tickets-count">
          {matching} {count.data?.count === 1 && !count.data.capped ? 'ticket' : 'tickets'}
        </Text>
      )}
    </>
  );

  return (
    <>
      <FilterChips filter={filter} onChange={setFilter} pipelines={pipelines} assigneeOptions={assigneeOptions} customerName={customerName} />
      <DataTable<TicketSummary>
        aria-label="Tickets"
        columns={ticketColumns}
        rows={rows}
        getRowId={(t) => t.id}
        sort={paramToSort(sort)}
        onSortChange={(next) => update({ sort: sortToParam(next) })}
        visibleColumns={visibleColumns}
        onVisibleColumnsChange={(ids) => update({ columns: ids })}
        hasNextPage={list.hasNextPage}
        isFetchingNextPage={list.isFetchingNextPage}
        // Not while anything else loads: a placeholder (the previous filter's rows) or a refetch would be paged wrongly.
        fetchNextPage={() => {
          if (!list.isFetching) void list.fetchNextPage();
        }}
        isLoading={list.isPending}
        error={invalidState ? null : list.error}
        onRetry={() => void list.refetch()}
        empty={empty}
        selection={selectable ? { selected, onChange: setSelected, allMatching, onAllMatchingChange: setAllMatching, matchingLabel: matching } : undefined}
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
        selection={!selectable ? null : byFilter ? { filter } : selected.size > 0 ? { ids: [...selected] } : null}
        overLimit={overLimit ? { max: MAX_BULK_IDS, onSelectAllMatching: () => setAllMatching(true) } : undefined}
        selectionLabel={allMatching ? `All ${matching ? `${matching} ` : ''}matching` : `${selected.size.toLocaleString()} ${selected.size === 1 ? 'ticket' : 'tickets'}`}
        onClear={clearSelection}
        canUpdate={canUpdate}
        canAssign={canAssign}
        members={members}
        pipelines={pipelines}
      />
    </>
  );
}
