import { useEffect, useRef, useState } from 'react';
import type { z } from 'zod';
import type { ViewState } from '@grip/contracts/customers';
import { paramToSort, sortToParam, type SortSpec } from '@/components/data-table/data-table.tsx';
import { useLastView, useSaveLastView, type ViewResource } from '@/components/saved-views/views-api.ts';

// What a record list with saved views shows (filter, sort, columns), shared by the features' lists; each feature
// describes its own filter in a ListKind.

/** What a list shows: the same shape as a saved view's state, with the filter typed. */
export interface ListState<F> {
  filter: F;
  /** The API's `sort` parameter; '' for the server's default order. */
  sort: string;
  /** Visible column ids; [] for the default set. */
  columns: string[];
}

export interface CurrentView<F> {
  state: ListState<F>;
  /** The saved view it started from, if any (the state may have changed since). */
  viewId: string | null;
}

/** One list's filter, as the shared state needs to know it. */
export interface ListKind<F> {
  resource: ViewResource;
  filterSchema: z.ZodType<F>;
  /** The filter without empty parts (see withoutEmptyParts), so equal filters compare, cache and save equal. */
  cleanFilter: (filter: F) => F;
  /** The stored sort as the list can use it, or '' when the server would no longer accept it. */
  checkSort: (sort: string) => string;
}

/** No filter, the server's order, the default columns. */
export const emptyListState = <F extends object>(): ListState<F> => ({ filter: {} as F, sort: '', columns: [] });

/** Nothing to filter by: no value, an empty text or list, or an object whose parts are all unset. */
export const isEmptyPart = (value: unknown) =>
  value === undefined ||
  value === null ||
  value === '' ||
  (Array.isArray(value) && value.length === 0) ||
  (typeof value === 'object' && !Array.isArray(value) && Object.values(value).every((v) => v === undefined));

/** A filter without its empty parts, texts trimmed. `false` stays: "not overdue" is a condition, not an empty one. */
export function withoutEmptyParts<F extends object>(filter: F): F {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(filter)) {
    const part: unknown = typeof value === 'string' ? value.trim() : value;
    if (!isEmptyPart(part)) out[key] = part;
  }
  return out as F;
}

/** A stored state as the list can use it: parts that no longer parse (an old format, a sort since removed) are dropped. */
export function toListState<F extends object>(kind: ListKind<F>, state: ViewState | null | undefined): ListState<F> {
  if (!state) return emptyListState();
  const filter = kind.filterSchema.safeParse(state.filter);
  return {
    filter: filter.success ? kind.cleanFilter(filter.data) : ({} as F),
    sort: kind.checkSort(state.sort),
    columns: state.columns,
  };
}

/** JSON with object keys sorted: two equal states give the same text. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

export const sameState = <F>(a: ListState<F>, b: ListState<F>) => canonical(a) === canonical(b);

const REMEMBER_DELAY_MS = 800;

/**
 * The list's state: `seed` when a link asked for a filter (e.g. `/tickets?overdue=true`), otherwise what the user
 * last looked at (GET /views/last); remembered again (PUT /views/last) a moment after each change. `current` is
 * null until the last state is known.
 */
export function useListState<F extends object>(slug: string, kind: ListKind<F>, seed: F | null = null) {
  const last = useLastView(slug, kind.resource);
  const { mutate: remember } = useSaveLastView(slug, kind.resource);
  const [current, setCurrent] = useState<CurrentView<F> | null>(() =>
    seed ? { state: { ...emptyListState<F>(), filter: kind.cleanFilter(seed) }, viewId: null } : null,
  );
  // Read once: the route drops the filter from the address as soon as the list has it.
  const [seeded] = useState(seed !== null);
  // Restored once; a failed read starts from the default state rather than blocking the list.
  if (current === null && (last.data !== undefined || last.isError)) {
    setCurrent({ state: toListState(kind, last.data?.state), viewId: last.data?.viewId ?? null });
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
      remember({ viewId: current.viewId, state: current.state as ViewState });
    }, REMEMBER_DELAY_MS);
    return () => clearTimeout(timer);
  }, [current, remember, seeded]);

  return { current, setCurrent };
}

/** The ways a list's state changes: its filter (cleaned), a saved view applied (null: the default list), sort and columns. */
export function listStateActions<F extends object>(kind: ListKind<F>, current: CurrentView<F>, onChange: (next: CurrentView<F>) => void) {
  const { state } = current;
  const update = (next: Partial<ListState<F>>) => onChange({ ...current, state: { ...state, ...next } });
  return {
    /** The DataTable's sort and column props; `defaultColumns` are shown until the user picks some. */
    table: (defaultColumns: string[]) => ({
      sort: paramToSort(state.sort),
      onSortChange: (next: SortSpec[]) => update({ sort: sortToParam(next) }),
      visibleColumns: state.columns.length > 0 ? state.columns : defaultColumns,
      onVisibleColumnsChange: (ids: string[]) => update({ columns: ids }),
    }),
    setFilter: (filter: F) => update({ filter: kind.cleanFilter(filter) }),
    applyView: (view: { id: string; state: ViewState } | null) =>
      onChange(view ? { viewId: view.id, state: toListState(kind, view.state) } : { viewId: null, state: emptyListState() }),
  };
}
