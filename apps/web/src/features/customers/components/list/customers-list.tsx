import { Button, EmptyState, SegmentedControl, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconAddressBook, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { customerFilterToQuery, type Customer, type CustomerFilter, CUSTOMER_EXPORT_FIELDS, type CustomerExportField } from '@grip/contracts/customers';
import { useHasPermission } from '@/components/access/permission-gate.tsx';
import type { MemberOption } from '@/components/bulk/bulk-bar.tsx';
import { useBulkSelection } from '@/components/bulk/use-bulk-selection.ts';
import { DataTable } from '@/components/data-table/data-table.tsx';
import { loadedRows, pagingProps } from '@/components/data-table/infinite-list.ts';
import { countLabel, isOne } from '@/components/list/count-label.ts';
import { ExportButton, type ExportField } from '@/components/list/export-dialog.tsx';
import { FiltersButton, isRejectedListState, ListLoading, ListViewsMenu, NoMatchesState, RejectedListState } from '@/components/list/list-parts.tsx';
import { ListSearch } from '@/components/list/list-search.tsx';
import { canonical, listStateActions, useListState, type CurrentView } from '@/components/list/list-state.ts';
import { notifyError, notifySuccess } from '@/lib/notify.ts';
import { useOwnerChoices, useRestoreCustomer } from '../../api/customer.ts';
import { useCustomersCount, useCustomersList } from '../../api/customers-list.ts';
import { useCustomFields } from '../../api/fields.ts';
import { BulkActions } from './bulk-actions.tsx';
import { customerColumns, defaultColumnIds } from './customer-columns.tsx';
import { CustomerFiltersDrawer } from './customer-filters.tsx';
import { CustomerFilterChips } from './filter-chips.tsx';
import { cleanFilter, customersListKind, isFiltered } from './list-state.ts';

/** The columns GET /customers/export.csv allows, in its order. */
/** Labels of the export columns; keyed by the contract's list, so a column added on the server must get one here. */
const EXPORT_LABELS: Record<CustomerExportField, string> = {
  id: 'ID',
  name: 'Name',
  kind: 'Person or company',
  email: 'Email',
  phone: 'Phone',
  company: 'Company',
  status: 'Status',
  tags: 'Tags',
  owner: 'Owner',
  addressLine1: 'Address line 1',
  addressLine2: 'Address line 2',
  city: 'City',
  region: 'Region',
  postalCode: 'Postal code',
  country: 'Country',
  custom: 'Custom fields',
  notes: 'Notes',
  createdAt: 'Created',
  updatedAt: 'Updated',
};
const exportFields: ExportField[] = CUSTOMER_EXPORT_FIELDS.map((value) => ({ value, label: EXPORT_LABELS[value] }));

interface CustomersListProps {
  slug: string;
  onOpen: (customer: Customer) => void;
  /** Opens the new-customer form; absent for those who may not create. */
  onCreate?: () => void;
}

/** The customers of a workspace: search, filters, saved views, sort, columns, trash and bulk changes. */
export function CustomersList(props: CustomersListProps) {
  const { current, setCurrent } = useListState(props.slug, customersListKind);
  if (!current) return <ListLoading label="Loading customers" />;
  return <LoadedCustomersList {...props} current={current} onCurrentChange={setCurrent} />;
}

function LoadedCustomersList({
  slug,
  onOpen,
  onCreate,
  current,
  onCurrentChange,
}: CustomersListProps & { current: CurrentView<CustomerFilter>; onCurrentChange: (next: CurrentView<CustomerFilter>) => void }) {
  const { state } = current;
  const { filter, sort } = state;
  const trash = filter.trash === true;
  const canUpdate = useHasPermission('customers:update');
  const canDelete = useHasPermission('customers:delete');
  const { table, setFilter, applyView } = listStateActions(customersListKind, current, onCurrentChange);

  const fields = useCustomFields(slug).data ?? [];
  const members = useOwnerChoices(slug).data ?? [];
  const owners: MemberOption[] = members.map((m) => ({ value: m.userId, label: m.name || m.email }));
  const ownerFilterOptions: MemberOption[] = [{ value: 'me', label: 'Me' }, { value: 'none', label: 'No owner' }, ...owners];

  const list = useCustomersList(slug, filter, sort);
  const count = useCustomersCount(slug, filter);
  const matching = count.data && countLabel(count.data);
  const rows = loadedRows(list);

  const [filtersOpened, filtersDrawer] = useDisclosure(false);
  const restore = useRestoreCustomer(slug);
  const [restoringId, setRestoringId] = useState<string | null>(null);

  const selection = useBulkSelection({ scope: canonical({ filter, sort }), rows, complete: !list.hasNextPage });
  const selectable = !trash && (canUpdate || canDelete);

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
  const activeFilters = Object.keys(cleanFilter({ ...filter, q: undefined, trash: undefined })).length;

  const rejected = isRejectedListState(list.error, rows.length);
  const empty = rejected ? (
    <RejectedListState error={list.error} resetLabel="Reset to all customers" onReset={() => applyView(null)} data-testid="customers-invalid-state" />
  ) : isFiltered(filter) ? (
    <NoMatchesState onClear={() => setFilter({ trash: filter.trash })} data-testid="customers-empty-filtered" />
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
      <ListSearch
        value={filter.q ?? ''}
        onChange={(q) => setFilter({ ...filter, q })}
        searching={list.isPlaceholderData && list.isFetching}
        placeholder="Search name, email, phone, company"
        aria-label="Search customers"
        width={300}
        data-testid="customers-search"
      />
      <FiltersButton active={activeFilters} onClick={filtersDrawer.open} data-testid="customers-filters" />
      <ListViewsMenu slug={slug} kind={customersListKind} defaultLabel="All customers" current={current} onChange={onCurrentChange} />
      <ExportButton
        resource={trash ? 'customers in the trash' : 'customers'}
        slug={slug}
        entity="customers"
        fields={exportFields}
        query={{ ...customerFilterToQuery(filter), ...(sort ? { sort } : {}) }}
        count={count.data}
        counting={count.isFetching}
        disabled={rejected}
        data-testid="customers-export"
      />
      {matching && (
        <Text size="sm" c="dimmed" data-testid="customers-count">
          {matching} {trash ? 'in the trash' : isOne(count.data) ? 'customer' : 'customers'}
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
      <CustomerFilterChips filter={filter} onChange={setFilter} fields={fields} ownerOptions={ownerFilterOptions} />
      <DataTable<Customer>
        aria-label="Customers"
        columns={columns}
        rows={rows}
        getRowId={(c) => c.id}
        {...table(defaultColumnIds(fields))}
        {...pagingProps(list)}
        error={rejected ? null : list.error}
        empty={empty}
        selection={selectable ? selection.table(matching) : undefined}
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
        {...selection.bar({
          filter: cleanFilter({ ...filter, trash: undefined }),
          matchingLabel: matching,
          noun: ['customer', 'customers'],
          enabled: selectable,
        })}
        canUpdate={canUpdate}
        canDelete={canDelete}
        owners={owners}
      />
    </>
  );
}
