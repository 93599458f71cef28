import { Badge, Button, Card, EmptyState, SegmentedControl, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconAddressBook, IconAlertTriangle, IconFilter, IconFilterOff, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import type { Customer, CustomerFilter, SavedView } from '@grip/contracts/customers';
import { useHasPermission } from '@/components/access/permission-gate.tsx';
import { DataTable, paramToSort, sortToParam } from '@/components/data-table/data-table.tsx';
import { ViewsMenu } from '@/components/saved-views/views-menu.tsx';
import { TableSkeleton } from '@/components/ui/table-skeleton.tsx';
import { isApiError } from '@/lib/api.ts';
import { notifyError, notifySuccess } from '@/lib/notify.ts';
import { useOwnerChoices, useRestoreCustomer } from '../../api/customer.ts';
import { useCustomersCount, useCustomersList } from '../../api/customers-list.ts';
import { useCustomFields } from '../../api/fields.ts';
import { BulkActions } from './bulk-actions.tsx';
import { customerColumns, defaultColumnIds } from './customer-columns.tsx';
import { CustomerFiltersDrawer, type OwnerOption } from './customer-filters.tsx';
import { CustomerSearch } from './customer-search.tsx';
import { FilterChips } from './filter-chips.tsx';
import {
  canonical,
  cleanFilter,
  EMPTY_LIST_STATE,
  isFiltered,
  sameState,
  toListState,
  useCustomersListState,
  type CurrentView,
  type ListState,
} from './list-state.ts';

interface CustomersListProps {
  slug: string;
  onOpen: (customer: Customer) => void;
  /** Opens the new-customer form; absent for those who may not create. */
  onCreate?: () => void;
}

/** The customers of a workspace: search, filters, saved views, sort, columns, trash and bulk changes. */
export function CustomersList(props: CustomersListProps) {
  const { current, setCurrent } = useCustomersListState(props.slug);
  if (!current) {
    return (
      <Card p={0}>
        <TableSkeleton rows={8} label="Loading customers" />
      </Card>
    );
  }
  return <LoadedCustomersList {...props} current={current} onCurrentChange={setCurrent} />;
}

/** The most ids one bulk change may name (the API's limit); beyond it the change goes by the filter. */
const MAX_BULK_IDS = 1000;

const countLabel = (count: { count: number; capped: boolean } | undefined) =>
  count ? `${count.count.toLocaleString()}${count.capped ? '+' : ''}` : undefined;

function LoadedCustomersList({
  slug,
  onOpen,
  onCreate,
  current,
  onCurrentChange,
}: CustomersListProps & { current: CurrentView; onCurrentChange: (next: CurrentView) => void }) {
  const { state } = current;
  const { filter, sort } = state;
  const trash = filter.trash === true;
  const canUpdate = useHasPermission('customers:update');
  const canDelete = useHasPermission('customers:delete');
  const canShare = useHasPermission('views:share');

  const fields = useCustomFields(slug).data ?? [];
  const members = useOwnerChoices(slug).data ?? [];
  const owners: OwnerOption[] = members.map((m) => ({ value: m.userId, label: m.name || m.email }));
  const ownerFilterOptions: OwnerOption[] = [{ value: 'me', label: 'Me' }, { value: 'none', label: 'No owner' }, ...owners];

  const list = useCustomersList(slug, filter, sort);
  const count = useCustomersCount(slug, filter);
  const matching = countLabel(count.data);
  const rows = list.data?.pages.flatMap((page) => page.items) ?? [];

  const [filtersOpened, filtersDrawer] = useDisclosure(false);
  const restore = useRestoreCustomer(slug);
  const [restoringId, setRestoringId] = useState<string | null>(null);

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
  const selectable = !trash && (canUpdate || canDelete);
  // Over the ids limit: when every matching row is loaded and picked, the filter names the same rows; otherwise
  // the bar says so and offers "all matching" instead.
  const everyRowPicked = !list.hasNextPage && rows.length > 0 && rows.every((c) => selected.has(c.id));
  const byFilter = allMatching || (selected.size > MAX_BULK_IDS && everyRowPicked);
  const overLimit = !byFilter && selected.size > MAX_BULK_IDS;

  const update = (next: Partial<ListState>) => onCurrentChange({ ...current, state: { ...state, ...next } });
  const setFilter = (next: CustomerFilter) => update({ filter: cleanFilter(next) });
  const applyView = (view: SavedView | null) =>
    onCurrentChange(view ? { viewId: view.id, state: toListState(view.state) } : { viewId: null, state: EMPTY_LIST_STATE });

  const columns = customerColumns({
    fields,
    trash,
    restoringId,
    onRestore: canDelete
      ? (customer) => {
          setRestoringId(customer.id);
          restore.mutate(customer.id, {
            onSuccess: () => notifySuccess(`${customer.name} is back in the customers list.`, 'Customer restored'),
            onError: (error) => notifyError(error, 'Could not restore the customer'),
            onSettled: () => setRestoringId(null),
          });
        }
      : undefined,
  });
  const visibleColumns = state.columns.length > 0 ? state.columns : defaultColumnIds(fields);
  const activeFilters = Object.keys(cleanFilter({ ...filter, q: undefined, trash: undefined })).length;

  // A saved state the server no longer accepts (a custom field since deleted, say): offer a way out, not a retry.
  const invalidState = isApiError(list.error) && list.error.status === 400 && rows.length === 0;
  const empty = invalidState ? (
    <EmptyState
      icon={<IconAlertTriangle size={28} aria-hidden />}
      withIndicatorBackground
      title="This list cannot be shown"
      description={`${list.error?.message ?? ''} The filters or sort may refer to something that no longer exists.`}
      data-testid="customers-invalid-state"
    >
      <EmptyState.Actions>
        <Button variant="default" onClick={() => applyView(null)}>
          Reset to all customers
        </Button>
      </EmptyState.Actions>
    </EmptyState>
  ) : isFiltered(filter) ? (
    <EmptyState
      icon={<IconFilterOff size={28} aria-hidden />}
      withIndicatorBackground
      title="Nothing matches these filters"
      description="Try other words, or fewer filters."
      data-testid="customers-empty-filtered"
    >
      <EmptyState.Actions>
        <Button variant="default" onClick={() => setFilter({ trash: filter.trash })}>
          Clear filters
        </Button>
      </EmptyState.Actions>
    </EmptyState>
  ) : trash ? (
    <EmptyState
      icon={<IconTrash size={28} aria-hidden />}
      withIndicatorBackground
      title="The trash is empty"
      description="Deleted customers stay here for 30 days, and can be restored until then."
      data-testid="customers-empty-trash"
    />
  ) : (
    <EmptyState
      icon={<IconAddressBook size={28} aria-hidden />}
      withIndicatorBackground
      title="No customers yet"
      description="Customers you add, or import, will be listed here."
      data-testid="customers-empty"
    >
      {onCreate && (
        <EmptyState.Actions>
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={onCreate}>
            New customer
          </Button>
        </EmptyState.Actions>
      )}
    </EmptyState>
  );

  const toolbar = (
    <>
      {canDelete && (
        <SegmentedControl
          data={[
            { value: 'live', label: 'Customers' },
            { value: 'trash', label: 'Trash' },
          ]}
          value={trash ? 'trash' : 'live'}
          onChange={(value) => setFilter({ ...filter, trash: value === 'trash' })}
          aria-label="Show customers or the trash"
          data-testid="customers-trash-toggle"
        />
      )}
      <CustomerSearch value={filter.q ?? ''} onChange={(q) => setFilter({ ...filter, q })} searching={list.isPlaceholderData && list.isFetching} />
      <Button
        variant="default"
        leftSection={<IconFilter size={16} aria-hidden />}
        rightSection={activeFilters > 0 ? <Badge size="sm" circle>{activeFilters}</Badge> : null}
        onClick={filtersDrawer.open}
        data-testid="customers-filters"
      >
        Filters
      </Button>
      <ViewsMenu
        slug={slug}
        resource="customers"
        defaultLabel="All customers"
        state={state}
        viewId={current.viewId}
        shows={(view) => sameState(toListState(view.state), state)}
        onApply={applyView}
        onSaved={(view) => onCurrentChange({ ...current, viewId: view.id })}
        canShare={canShare}
      />
      {matching && (
        <Text size="sm" c="dimmed" data-testid="customers-count">
          {matching} {trash ? 'in the trash' : count.data?.count === 1 && !count.data.capped ? 'customer' : 'customers'}
        </Text>
      )}
      {/* Without a chosen sort the server lists search results most recently updated first. */}
      {filter.q && !state.sort && !trash && (
        <Text size="sm" c="dimmed" data-testid="customers-order">
          most recently updated first
        </Text>
      )}
    </>
  );

  return (
    <>
      <FilterChips filter={filter} onChange={setFilter} fields={fields} ownerOptions={ownerFilterOptions} />
      <DataTable<Customer>
        aria-label="Customers"
        columns={columns}
        rows={rows}
        getRowId={(c) => c.id}
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
        selection={
          selectable
            ? { selected, onChange: setSelected, allMatching, onAllMatchingChange: setAllMatching, matchingLabel: matching }
            : undefined
        }
        onRowOpen={onOpen}
        toolbar={toolbar}
      />
      <CustomerFiltersDrawer
        opened={filtersOpened}
        onClose={filtersDrawer.close}
        filter={filter}
        onApply={setFilter}
        fields={fields}
        ownerOptions={ownerFilterOptions}
      />
      <BulkActions
        slug={slug}
        selection={
          !selectable ? null : byFilter ? { filter: cleanFilter({ ...filter, trash: undefined }) } : selected.size > 0 ? { ids: [...selected] } : null
        }
        overLimit={overLimit ? { max: MAX_BULK_IDS, onSelectAllMatching: () => setAllMatching(true) } : undefined}
        selectionLabel={
          allMatching ? `All ${matching ? `${matching} ` : ''}matching` : `${selected.size.toLocaleString()} ${selected.size === 1 ? 'customer' : 'customers'}`
        }
        onClear={clearSelection}
        canUpdate={canUpdate}
        canDelete={canDelete}
        owners={owners}
      />
    </>
  );
}
