import { useEffect, useRef, useState } from 'react';
import { customerFilterSchema, sortParamSchema, type CustomerFilter, type ViewState } from '@grip/contracts/customers';
import { useLastView, useSaveLastView } from '@/components/saved-views/views-api.ts';

/** What the customers list shows: the same shape as a saved view's state, with the filter typed. */
export interface ListState {
  filter: CustomerFilter;
  /** The API's `sort` parameter; '' for the server's default order. */
  sort: string;
  /** Visible column ids; [] for the default set. */
  columns: string[];
}

export const EMPTY_LIST_STATE: ListState = { filter: {}, sort: '', columns: [] };

const isEmpty = (value: unknown) =>
  value === undefined ||
  value === null ||
  value === '' ||
  value === false ||
  (Array.isArray(value) && value.length === 0) ||
  (typeof value === 'object' && !Array.isArray(value) && Object.values(value).every((v) => v === undefined));

/** The filter without empty parts, so equal filters compare, cache and save equal however they were edited. */
export function cleanFilter(filter: CustomerFilter): CustomerFilter {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(filter)) {
    if (key === 'custom' && value && typeof value === 'object') {
      // A checkbox condition of `false` ("not ticked") is a condition, not an empty one.
      const custom = Object.fromEntries(
        Object.entries(value as Record<string, unknown>).filter(([, condition]) => condition === false || !isEmpty(condition)),
      );
      if (Object.keys(custom).length > 0) out.custom = custom;
    } else if (typeof value === 'string') {
      if (value.trim() !== '') out[key] = value.trim();
    } else if (!isEmpty(value)) {
      out[key] = value;
    }
  }
  return out as CustomerFilter;
}

/** Anything narrowing the list besides which of live or trash is shown. */
export const isFiltered = (filter: CustomerFilter) => Object.keys(cleanFilter({ ...filter, trash: undefined })).length > 0;

/** A stored state as the list can use it: parts that no longer parse (an old format, a bad sort) are dropped. */
export function toListState(state: ViewState | null | undefined): ListState {
  if (!state) return EMPTY_LIST_STATE;
  const filter = customerFilterSchema.safeParse(state.filter);
  return {
    filter: filter.success ? cleanFilter(filter.data) : {},
    sort: sortParamSchema.safeParse(state.sort).success ? state.sort : '',
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
 * The list's state, restored from what the user last looked at (GET /views/last) and remembered again (PUT
 * /views/last) a moment after each change. `current` is null until the last state is known.
 */
export function useCustomersListState(slug: string) {
  const last = useLastView(slug, 'customers');
  const { mutate: remember } = useSaveLastView(slug, 'customers');
  const [current, setCurrent] = useState<CurrentView | null>(null);
  // Restored once; a failed read starts from the default state rather than blocking the list.
  if (current === null && (last.data !== undefined || last.isError)) {
    setCurrent({ state: toListState(last.data?.state), viewId: last.data?.viewId ?? null });
  }

  const remembered = useRef<string | null>(null);
  useEffect(() => {
    if (!current) return;
    const text = canonical(current);
    // The restored state is already what the server has.
    if (remembered.current === null) remembered.current = text;
    if (text === remembered.current) return;
    const timer = setTimeout(() => {
      remembered.current = text;
      remember({ viewId: current.viewId, state: current.state });
    }, REMEMBER_DELAY_MS);
    return () => clearTimeout(timer);
  }, [current, remember]);

  return { current, setCurrent };
}
