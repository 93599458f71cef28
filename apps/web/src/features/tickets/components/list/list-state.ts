import { useEffect, useRef, useState } from 'react';
import type { ViewState } from '@grip/contracts/customers';
import { TICKET_SORT_FIELDS, ticketFilterSchema, type TicketFilter } from '@grip/contracts/tickets';
import { paramToSort, sortToParam } from '@/components/data-table/data-table.tsx';
import { useLastView, useSaveLastView } from '@/components/saved-views/views-api.ts';

/** What the tickets list shows: the same shape as a saved view's state, with the filter typed. */
export interface ListState {
  filter: TicketFilter;
  /** The API's `sort` parameter; '' for the server's default (newest first). */
  sort: string;
  /** Visible column ids; [] for the default set. */
  columns: string[];
}

export const EMPTY_LIST_STATE: ListState = { filter: {}, sort: '', columns: [] };

const isEmpty = (value: unknown) => value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);

/** The filter without empty parts, so equal filters compare, cache and save equal however they were edited. */
export function cleanFilter(filter: TicketFilter): TicketFilter {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(filter)) {
    if (typeof value === 'string') {
      if (value.trim() !== '') out[key] = value.trim();
    } else if (!isEmpty(value)) {
      // `overdue: false` ("not overdue") is a condition, not an empty one.
      out[key] = value;
    }
  }
  return out as TicketFilter;
}

export const isFiltered = (filter: TicketFilter) => Object.keys(cleanFilter(filter)).length > 0;

const sortable = new Set<string>(TICKET_SORT_FIELDS);

/** A stored state as the list can use it: parts that no longer parse (an old format, a sort since removed) are dropped. */
export function toListState(state: ViewState | null | undefined): ListState {
  if (!state) return EMPTY_LIST_STATE;
  const filter = ticketFilterSchema.safeParse(state.filter);
  const sort = paramToSort(state.sort);
  return {
    filter: filter.success ? cleanFilter(filter.data) : {},
    sort: sort.every((s) => sortable.has(s.id)) ? sortToParam(sort) : '',
    columns: state.columns,
  };
}

/** JSON with object keys sorted: two equal states give the same text. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

export const sameState = (a: ListState, b: ListState) => canonical(a) === canonical(b);

export interface CurrentView {
  state: ListState;
  /** The saved view it started from, if any (the state may have changed since). */
  viewId: string | null;
}

const REMEMBER_DELAY_MS = 800;

/**
 * The list's state: `seed` when a link asked for a filter (e.g. `/tickets?overdue=true`), otherwise what the user
 * last looked at (GET /views/last); remembered again (PUT /views/last) a moment after each change. `current` is
 * null until the last state is known.
 */
export function useTicketsListState(slug: string, seed: TicketFilter | null) {
  const last = useLastView(slug, 'tickets');
  const { mutate: remember } = useSaveLastView(slug, 'tickets');
  const [current, setCurrent] = useState<CurrentView | null>(() => (seed ? { state: { ...EMPTY_LIST_STATE, filter: cleanFilter(seed) }, viewId: null } : null));
  // Read once: the route drops the filter from the address as soon as the list has it.
  const [seeded] = useState(seed !== null);
  // Restored once; a failed read starts from the default state rather than blocking the list.
  if (current === null && (last.data !== undefined || last.isError)) {
    setCurrent({ state: toListState(last.data?.state), viewId: last.data?.viewId ?? null });
  }

  const remembered = useRef<string | null>(null);
  useEffect(() => {
    if (!current) return;
    const text = canonical(current);
    // The restored state is already what the server has; a seeded one is remembered like any change.
    if (remembered.current === null && !seeded) remembered.current = text;
    if (text === remembered.current) return;
    const timer = setTimeout(() => {
      remembered.current = text;
      remember({ viewId: current.viewId, state: current.state });
    }, REMEMBER_DELAY_MS);
    return () => clearTimeout(timer);
  }, [current, remember, seeded]);

  return { current, setCurrent };
}
