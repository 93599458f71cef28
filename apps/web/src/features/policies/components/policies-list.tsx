import { Button, Card, EmptyState, Loader, Text } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconFileCertificate, IconFilterOff } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import type { SavedView, ViewState } from '@grip/contracts/customers';
import { POLICY_EXPORT_FIELDS, POLICY_SORT_FIELDS, type Policy, type PolicyExportField } from '@grip/contracts/policies';
import { useHasPermission } from '@/components/access/permission-gate.tsx';
import { DataTable, paramToSort, sortToParam, type DataTableColumn, type SortSpec } from '@/components/data-table/data-table.tsx';
import { ExportButton, type ExportField } from '@/components/list/export-dialog.tsx';
import { useLastView, useSaveLastView } from '@/components/saved-views/views-api.ts';
import { ViewsMenu } from '@/components/saved-views/views-menu.tsx';
import { RouterAnchor } from '@/components/ui/link.tsx';
import { TableSkeleton } from '@/components/ui/table-skeleton.tsx';
import { policyFilterSchema, policyFilterToQuery, usePolicies, type PolicyFilter } from '../api/policies.ts';
import { formatDay, formatPremium, PolicyStatusBadge, RenewalDate } from './policy-display.tsx';
import { PolicyFilters } from './policy-filters.tsx';
import { PolicyFormModal } from './policy-form-modal.tsx';

const SAVE_DELAY = 800;

/** Labels of the export columns; keyed by the contract's list, so a column added on the server must get one here. */
const EXPORT_LABELS: Record<PolicyExportField, string> = {
  id: 'ID',
  number: 'Number',
  customer: 'Customer',
  customerEmail: 'Customer email',
  product: 'Product',
  carrier: 'Carrier',
  premium: 'Premium',
  currency: 'Currency',
  startDate: 'Start',
  endDate: 'End',
  renewalDate: 'Renewal',
  status: 'Status',
  createdAt: 'Created',
  updatedAt: 'Updated',
};
const exportFields: ExportField[] = POLICY_EXPORT_FIELDS.map((value) => ({ value, label: EXPORT_LABELS[value] }));

function policyColumns(workspace: string): DataTableColumn<Policy>[] {
  return [
    {
      id: 'number',
      header: 'Number',
      sortable: true,
      width: 160,
      hideable: false,
      card: 'title',
      cell: (p) => (
        <Text size="sm" fw={600} truncate>
          {p.number}
        </Text>
      ),
    },
    {
      id: 'customer',
      header: 'Customer',
      sortable: true,
      card: 'subtitle',
      cell: (p) => (
        <RouterAnchor
          to="/w/$workspace/customers/$customerId"
          params={{ workspace, customerId: p.customer.id }}
          size="sm"
          // The row itself opens the policy; the link goes to the customer.
          onClick={(event) => event.stopPropagation()}
          data-testid="policy-customer-link"
        >
          {p.customer.name}
        </RouterAnchor>
      ),
    },
    { id: 'product', header: 'Product', sortable: true, width: 130, card: 'subtitle', cell: (p) => p.product },
    { id: 'carrier', header: 'Carrier', sortable: true, width: 120, cell: (p) => p.carrier || '—' },
    {
      id: 'premium',
      header: 'Premium',
      sortable: true,
      width: 125,
      cell: (p) => <span style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>{formatPremium(p.premium, p.currency)}</span>,
    },
    { id: 'status', header: 'Status', sortable: true, width: 105, cell: (p) => <PolicyStatusBadge status={p.status} /> },
    { id: 'startDate', header: 'Start', sortable: true, width: 125, card: 'hidden', cell: (p) => formatDay(p.startDate) },
    { id: 'endDate', header: 'End', sortable: true, width: 125, card: 'hidden', cell: (p) => formatDay(p.endDate) },
    { id: 'renewalDate', header: 'Renewal', sortable: true, width: 160, cell: (p) => <RenewalDate policy={p} /> },
  ];
}

const ALL_COLUMNS = policyColumns('').map((c) => c.id);
// Start and end are one click away in the column chooser; without them the rest fits a laptop screen.
const DEFAULT_COLUMNS = ALL_COLUMNS.filter((id) => id !== 'startDate' && id !== 'endDate');
const sortable = new Set<string>(POLICY_SORT_FIELDS);

interface ListState {
  filter: PolicyFilter;
  sort: SortSpec[];
  columns: string[];
}

/** A remembered or saved state, checked: unknown columns and sort keys (from an older version) are dropped. */
function restoreState(saved: ViewState | null | undefined): ListState {
  const { customerId: _customerId, ...filter } = policyFilterSchema.parse(saved?.filter ?? {});
  // No sort is the server's order: newest first, or soonest renewal first when filtering renewals.
  const sort = paramToSort(saved?.sort).filter((s) => sortable.has(s.id));
  const columns = (saved?.columns ?? []).filter((id) => ALL_COLUMNS.includes(id));
  return { filter, sort, columns: columns.length > 0 ? columns : DEFAULT_COLUMNS };
}

const toViewState = (state: ListState): ViewState => ({ filter: state.filter, sort: sortToParam(state.sort), columns: state.columns });

/** Compared as the requests and columns they make, so key order and empty parts do not count as a change. */
const sameState = (a: ListState, b: ListState) =>
  JSON.stringify([policyFilterToQuery(a.filter), sortToParam(a.sort), a.columns]) ===
  JSON.stringify([policyFilterToQuery(b.filter), sortToParam(b.sort), b.columns]);

const hasFilter = (filter: PolicyFilter) => Object.values(filter).some((v) => v !== undefined && !(Array.isArray(v) && v.length === 0));

/** Every policy of the workspace: filters, server sort, column choice, all remembered for the user. */
export function PoliciesList({ workspace }: { workspace: string }) {
  const lastView = useLastView(workspace, 'policies');
  if (lastView.isPending) {
    return (
      <Card p={0}>
        <TableSkeleton rows={8} label="Loading policies" />
      </Card>
    );
  }
  // Without the remembered view (say the request failed) the list still works, from the defaults.
  return <LoadedPoliciesList workspace={workspace} initial={restoreState(lastView.data?.state)} initialViewId={lastView.data?.viewId ?? null} />;
}

function LoadedPoliciesList({ workspace, initial, initialViewId }: { workspace: string; initial: ListState; initialViewId: string | null }) {
  const [state, setState] = useState(initial);
  // The saved view the list started from, if any (the state may have changed since).
  const [viewId, setViewId] = useState(initialViewId);
  const [filtersKey, setFiltersKey] = useState(0);
  const [editing, setEditing] = useState<Policy | null>(null);
  const canUpdate = useHasPermission('policies:update', undefined, workspace);
  const canShare = useHasPermission('views:share', undefined, workspace);
  const navigate = useNavigate();
  const columns = useMemo(() => policyColumns(workspace), [workspace]);
  const policies = usePolicies(workspace, { filter: state.filter, sort: sortToParam(state.sort) });
  const save = useSaveLastView(workspace, 'policies');
  const remember = useDebouncedCallback(
    (next: ListState, nextViewId: string | null) => save.mutate({ viewId: nextViewId, state: toViewState(next) }),
    { delay: SAVE_DELAY, flushOnUnmount: true },
  );

  const change = (patch: Partial<ListState>) => {
    const next = { ...state, ...patch };
    setState(next);
    remember(next, viewId);
  };
  const applyView = (view: SavedView | null) => {
    const next = restoreState(view?.state);
    setState(next);
    setViewId(view?.id ?? null);
    remember(next, view?.id ?? null);
    // The filter boxes keep their own text: remount them on the view's filter.
    setFiltersKey((k) => k + 1);
  };
  const clearFilters = () => {
    change({ filter: {} });
    setFiltersKey((k) => k + 1);
  };

  const rows = policies.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = hasFilter(state.filter);
  // Carriers met so far, kept while filters narrow the rows (adjusting state while rendering, not in an effect).
  const [carriers, setCarriers] = useState<string[]>([]);
  const fresh = [...new Set(rows.map((p) => p.carrier))].filter((c) => c && !carriers.includes(c));
  if (fresh.length > 0) setCarriers([...carriers, ...fresh].sort((a, b) => a.localeCompare(b)));

  return (
    <>
      <DataTable
        aria-label="Policies"
        columns={columns}
        rows={rows}
        getRowId={(p) => p.id}
        sort={state.sort}
        onSortChange={(sort) => change({ sort: sort.filter((s) => sortable.has(s.id)) })}
        visibleColumns={state.columns}
        onVisibleColumnsChange={(columns) => change({ columns })}
        hasNextPage={policies.hasNextPage}
        isFetchingNextPage={policies.isFetchingNextPage}
        fetchNextPage={() => void policies.fetchNextPage()}
        isLoading={policies.isPending}
        error={policies.error}
        onRetry={() => void policies.refetch()}
        onRowOpen={(p) =>
          canUpdate
            ? setEditing(p)
            : void navigate({ to: '/w/$workspace/customers/$customerId', params: { workspace, customerId: p.customer.id } })
        }
        toolbar={
          <>
            <PolicyFilters key={filtersKey} value={state.filter} onChange={(filter) => change({ filter })} carriers={carriers} />
            <ViewsMenu
              slug={workspace}
              resource="policies"
              defaultLabel="All policies"
              state={toViewState(state)}
              viewId={viewId}
              shows={(view) => sameState(restoreState(view.state), state)}
              onApply={applyView}
              onSaved={(view) => {
                setViewId(view.id);
                remember(state, view.id);
              }}
              canShare={canShare}
            />
            <ExportButton
              resource="policies"
              slug={workspace}
              entity="policies"
              fields={exportFields}
              query={{ ...policyFilterToQuery(state.filter), ...(state.sort.length > 0 ? { sort: sortToParam(state.sort) } : {}) }}
              count={undefined}
              data-testid="policies-export"
            />
            {filtered && (
              <Button variant="subtle" color="gray" size="xs" leftSection={<IconFilterOff size={14} aria-hidden />} onClick={clearFilters}>
                Clear filters
              </Button>
            )}
            {policies.isPlaceholderData && <Loader size="xs" aria-label="Updating the list" />}
          </>
        }
        empty={
          <EmptyState
            icon={<IconFileCertificate size={28} aria-hidden />}
            withIndicatorBackground
            title={filtered ? 'No policy matches' : 'No policies yet'}
            description={filtered ? 'Try other filters, or clear them.' : 'Policies you add to customers show here.'}
            data-testid="policies-empty"
          />
        }
      />
      <PolicyFormModal workspace={workspace} opened={editing !== null} onClose={() => setEditing(null)} policy={editing} />
    </>
  );
}
