import { useState } from 'react';
import type { DataTableSelection } from '@/components/data-table/data-table.tsx';

/** The most ids one bulk change may name (the API's limit); beyond it the change goes by the filter. */
export const MAX_BULK_IDS = 1000;

export interface OverLimit {
  max: number;
  onSelectAllMatching: () => void;
}

/** What a list's bulk bar gets of the selection. */
export interface SelectedRows<S> {
  /** What is selected, as the API takes it; null hides the bar. */
  selection: S | null;
  /** "3 customers", "All 12,345 matching". */
  selectionLabel: string;
  onClear: () => void;
  /** More rows are picked than a change by ids may name: the actions wait for a smaller or an "all matching" selection. */
  overLimit?: OverLimit;
}

interface BulkSelectionOptions {
  /** The filter and sort the selection belongs to (canonical text): a different list starts with nothing selected. */
  scope: string;
  /** The loaded rows. */
  rows: { id: string }[];
  /** Every matching row is loaded. */
  complete: boolean;
}

interface BarOptions<F> {
  filter: F;
  /** How many match ("12,345"). */
  matchingLabel: string | undefined;
  /** The records, singular and plural: ['ticket', 'tickets']. */
  noun: [string, string];
  enabled: boolean;
}

/** The rows picked in a list for a bulk change, by id or "all matching", and what the change should go by. */
export function useBulkSelection({ scope, rows, complete }: BulkSelectionOptions) {
  const [selected, setSelected] = useState<Set<string>>(() => new Set());
  const [allMatching, setAllMatching] = useState(false);
  const [selectionScope, setSelectionScope] = useState(scope);
  if (selectionScope !== scope) {
    setSelectionScope(scope);
    setSelected(new Set());
    setAllMatching(false);
  }
  // Over the ids limit: when every matching row is loaded and picked, the filter names the same rows; otherwise
  // the bar says so and offers "all matching" instead.
  const everyRowPicked = complete && rows.length > 0 && rows.every((row) => selected.has(row.id));
  const byFilter = allMatching || (selected.size > MAX_BULK_IDS && everyRowPicked);
  const overLimit: OverLimit | undefined =
    !byFilter && selected.size > MAX_BULK_IDS ? { max: MAX_BULK_IDS, onSelectAllMatching: () => setAllMatching(true) } : undefined;

  const clear = () => {
    setSelected(new Set());
    setAllMatching(false);
  };

  return {
    /** The DataTable's `selection`; `matchingLabel` is how many match ("12,345"). */
    table: (matchingLabel: string | undefined): DataTableSelection => ({
      selected,
      onChange: setSelected,
      allMatching,
      onAllMatchingChange: setAllMatching,
      matchingLabel,
    }),
    /** The bulk bar's props: the change names the list's `filter` or the picked ids; nothing is offered unless `enabled`. */
    bar: <F>({ filter, matchingLabel, noun: [one, many], enabled }: BarOptions<F>): SelectedRows<{ filter: F } | { ids: string[] }> => ({
      selection: !enabled ? null : byFilter ? { filter } : selected.size > 0 ? { ids: [...selected] } : null,
      selectionLabel: allMatching ? `All ${matchingLabel ? `${matchingLabel} ` : ''}matching` : `${selected.size.toLocaleString()} ${selected.size === 1 ? one : many}`,
      onClear: clear,
      overLimit,
    }),
  };
}
