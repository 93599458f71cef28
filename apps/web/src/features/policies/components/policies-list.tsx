import { Button, Card, EmptyState, Loader, Text } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconFileCertificate, IconFilterOff } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { POLICY_SORT_FIELDS, type Policy } from '@grip/contracts/policies';
import { useHasPermission } from '@/components/access/permission-gate.tsx';
import { DataTable, paramToSort, sortToParam, type DataTableColumn, type SortSpec } from '@/components/data-table/data-table.tsx';
import { RouterAnchor } from '@/components/ui/link.tsx';
import { TableSkeleton } from '@/components/ui/table-skeleton.tsx';
import { policyFilterSchema, usePolicies, usePoliciesLastView, useSavePoliciesLastView, type PolicyFilter } from '../api/policies.ts';
import { formatDay, formatPremium, PolicyStatusBadge, RenewalDate } from './policy-display.tsx';
import { PolicyFilters } from './policy-filters.tsx';
import { PolicyFormModal } from './policy-form-modal.tsx';

const SAVE_DELAY = 800;

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

/** The remembered state, checked: unknown columns and sort keys (from an older version) are dropped. */
function restoreState(saved: { filter: Record<string, unknown>; sort: string; columns: string[] } | null | undefined): ListState {
  const { customerId: _customerId, ...filter } = policyFilterSchema.parse(saved?.filter ?? {});
  // No sort is the server's order: newest first, or soonest renewal first when filtering renewals.
  const sort = paramToSort(saved?.sort).filter((s) => sortable.has(s.id));
  const columns = (saved?.columns ?? []).filter((id) => ALL_COLUMNS.includes(id));
  return { filter, sort, columns: columns.length > 0 ? columns : DEFAULT_COLUMNS };
}

const hasFilter = (filter: PolicyFilter) => Object.values(filter).some((v) => v !== undefined && !(Array.isArray(v) && v.length === 0));

/** Every policy of the workspace: filters, server sort, column choice, all remembered for the user. */
export function PoliciesList({ workspace }: { workspace: string }) {
  const lastView = usePoliciesLastView(workspace);
  if (lastView.isPending) {
    return (
      <Card p={0}>
        <TableSkeleton rows={8} label="Loading policies" />
      </Card>
    );
  }
  // Without the remembered view (say the request failed) the list still works, from the defaults.
  return <LoadedPoliciesList workspace={workspace} initial={restoreState(lastView.data?.state)} />;
}

function LoadedPoliciesList({ workspace, initial }: { workspace: string; initial: ListState }) {
  const [state, setState] = useState(initial);
  const [filtersKey, setFiltersKey] = useState(0);
  const [editing, setEditing] = useState<Policy | null>(null);
  const canUpdate = useHasPermission('policies:update', undefined, workspace);
  const navigate = useNavigate();
  const columns = useMemo(() => policyColumns(workspace), [workspace]);
  const policies = usePolicies(workspace, { filter: state.filter, sort: sortToParam(state.sort) });
  const save = useSavePoliciesLastView(workspace);
  const remember = useDebouncedCallback(
    (next: ListState) => save.mutate({ filter: next.filter, sort: sortToParam(next.sort), columns: next.columns }),
    { delay: SAVE_DELAY, flushOnUnmount: true },
  );

  const change = (patch: Partial<ListState>) => {
    const next = { ...state, ...patch };
    setState(next);
    remember(next);
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
