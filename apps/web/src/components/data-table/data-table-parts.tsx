import { Checkbox } from '@mantine/core';
import type { DataTableColumn, DataTableSelection } from './data-table.tsx';

/** Most columns a sort may combine (the API's limit too). */
export const MAX_SORT_COLUMNS = 3;

/** The scrolling area's height when the page gives none: the rest of the viewport, but never cramped. */
export const DEFAULT_HEIGHT = 'max(360px, calc(100dvh - 300px))';

/** The scrolling area's size: fixed, or (autoHeight) growing with its rows up to that. */
export function scrollAreaStyle({ height = DEFAULT_HEIGHT, autoHeight }: { height?: number | string; autoHeight?: boolean }) {
  return autoHeight ? { maxHeight: height } : { height };
}

/** What a row checkbox is called for screen readers: the row's title when that cell is plain text. */
export function rowLabel<T>(columns: DataTableColumn<T>[], row: T): string {
  const title = columns.find((c) => c.card === 'title') ?? columns[0];
  const text = title?.cell(row);
  return typeof text === 'string' || typeof text === 'number' ? String(text) : 'row';
}

/** Selection as the table sees it: "all matching" counts every loaded row as selected. */
export function selectionState<T>(selection: DataTableSelection | undefined, rows: T[], getRowId: (row: T) => string) {
  const ids = rows.map(getRowId);
  const isSelected = (id: string) => Boolean(selection && (selection.allMatching || selection.selected.has(id)));
  const allLoaded = ids.length > 0 && ids.every(isSelected);
  const someLoaded = ids.some(isSelected);
  const toggleAll = () => {
    if (!selection) return;
    if (allLoaded) {
      selection.onAllMatchingChange(false);
      selection.onChange(new Set());
    } else {
      selection.onChange(new Set(ids));
    }
  };
  const toggle = (id: string) => {
    if (!selection) return;
    if (selection.allMatching) {
      // Unticking one row of "all matching" leaves the loaded rows but that one.
      selection.onAllMatchingChange(false);
      selection.onChange(new Set(ids.filter((other) => other !== id)));
      return;
    }
    const next = new Set(selection.selected);
    if (!next.delete(id)) next.add(id);
    selection.onChange(next);
  };
  return { isSelected, allLoaded, someLoaded, toggleAll, toggle };
}

/** The checkbox of a row (or of all loaded rows), kept out of the row's click and keyboard handling. */
export function RowCheckbox({ checked, indeterminate, label, onToggle, tabbable = false }: { checked: boolean; indeterminate?: boolean; label: string; onToggle: () => void; tabbable?: boolean }) {
  return (
    <Checkbox
      size="xs"
      checked={checked}
      indeterminate={indeterminate}
      aria-label={label}
      // The row is the keyboard stop (Space toggles it); a tab stop per row would bury the page below the list.
      tabIndex={tabbable ? 0 : -1}
      onChange={onToggle}
      onClick={(event) => event.stopPropagation()}
      onKeyDown={(event) => event.stopPropagation()}
      data-testid="data-table-row-checkbox"
    />
  );
}
