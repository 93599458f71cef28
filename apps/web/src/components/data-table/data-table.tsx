import { Anchor, Card, Group, Text, useMatches } from '@mantine/core';
import type { ReactNode } from 'react';
import { QueryError } from '@/components/ui/query-error.tsx';
import { TableSkeleton } from '@/components/ui/table-skeleton.tsx';
import { ColumnChooser, SortMenu } from './data-table-controls.tsx';
import { DataTableCards } from './data-table-cards.tsx';
import { DataTableGrid } from './data-table-grid.tsx';
import { MAX_SORT_COLUMNS, selectionState } from './data-table-parts.tsx';
import classes from './data-table.module.css';

export interface SortSpec {
  id: string;
  desc: boolean;
}

export interface DataTableColumn<T> {
  /** Also the server's sort key. */
  id: string;
  header: string;
  cell: (row: T) => ReactNode;
  sortable?: boolean;
  /** px; the column shares the remaining width when absent. */
  width?: number;
  /** Offered in the column chooser (default true). */
  hideable?: boolean;
  /** Its place in the phone card layout (default 'meta'); 'actions' sits unlabelled at the card's end, for row buttons and menus. */
  card?: 'title' | 'subtitle' | 'meta' | 'actions' | 'hidden';
}

export interface DataTableSelection {
  selected: Set<string>;
  onChange: (next: Set<string>) => void;
  /** Every row matching the list's filter, loaded or not (the caller acts on the filter instead of ids). */
  allMatching: boolean;
  onAllMatchingChange: (all: boolean) => void;
  /** How many match, for "Select all 12,345 matching" (e.g. "12,345" or "10,000+"). */
  matchingLabel?: string;
}

export interface DataTableProps<T> {
  columns: DataTableColumn<T>[];
  rows: T[];
  getRowId: (row: T) => string;
  /** Sorted by the server: click sorts by a column, shift+click adds it (up to 3). Absent for a list in the server's one order. */
  sort?: SortSpec[];
  onSortChange?: (sort: SortSpec[]) => void;
  visibleColumns: string[];
  onVisibleColumnsChange: (ids: string[]) => void;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => void;
  isLoading: boolean;
  error: unknown;
  onRetry: () => void;
  empty: ReactNode;
  selection?: DataTableSelection;
  onRowOpen?: (row: T) => void;
  toolbar?: ReactNode;
  'aria-label': string;
  /** Of the scrolling area; rows are virtualised inside it. */
  height?: number | string;
  /** The scrolling area is only as tall as its rows, up to `height`: for lists that are often short. */
  autoHeight?: boolean;
}

/** `[{id:'name',desc:false},{id:'createdAt',desc:true}]` → `name,-createdAt`: the API's `sort` parameter. */
export function sortToParam(sort: SortSpec[]): string {
  return sort.map((s) => `${s.desc ? '-' : ''}${s.id}`).join(',');
}

/** The inverse of sortToParam; blanks and repeated columns are dropped. */
export function paramToSort(param: string | undefined): SortSpec[] {
  const sort: SortSpec[] = [];
  for (const part of (param ?? '').split(',')) {
    const trimmed = part.trim();
    const desc = trimmed.startsWith('-');
    const id = desc ? trimmed.slice(1) : trimmed;
    if (id && !sort.some((s) => s.id === id)) sort.push({ id, desc });
  }
  return sort.slice(0, MAX_SORT_COLUMNS);
}

/**
 * Every list of Grip: server-sorted, virtualised, infinitely loaded, selectable, keyboard-navigable, with a column
 * chooser; a card per row on phones.
 */
export function DataTable<T>(props: DataTableProps<T>) {
  const { columns, rows, getRowId, selection, visibleColumns, isLoading, error, hasNextPage, toolbar } = props;
  // Known on the first render (no effect), so a desktop never flashes the phone layout.
  const phone = useMatches({ base: true, sm: false }, { getInitialValueInEffect: false });
  const shown = columns.filter((c) => c.hideable === false || visibleColumns.includes(c.id));
  const { allLoaded } = selectionState(selection, rows, getRowId);

  let body: ReactNode;
  if (isLoading) {
    body = <TableSkeleton rows={8} label={`Loading ${props['aria-label']}`} />;
  } else if (error && rows.length === 0) {
    body = (
      <div className={classes.message}>
        <QueryError title="Cannot load this list" error={error instanceof Error ? error : new Error('Something went wrong.')} onRetry={props.onRetry} />
      </div>
    );
  } else if (rows.length === 0) {
    body = <div className={classes.message}>{props.empty}</div>;
  } else if (phone) {
    body = <DataTableCards {...props} columns={shown} />;
  } else {
    body = <DataTableGrid {...props} columns={shown} />;
  }

  return (
    <div className={classes.root} data-testid="data-table">
      <Group justify="space-between" gap="xs" mb="sm" wrap="wrap" className={classes.toolbar}>
        <Group gap="xs" wrap="wrap" className={classes.toolbarStart}>
          {toolbar}
        </Group>
        <Group gap="xs" wrap="nowrap">
          {phone && props.onSortChange && <SortMenu columns={columns} sort={props.sort ?? []} onSortChange={props.onSortChange} />}
          <ColumnChooser columns={columns} visibleColumns={visibleColumns} onVisibleColumnsChange={props.onVisibleColumnsChange} />
        </Group>
      </Group>
      <Card p={0} className={classes.card}>
        {selection && allLoaded && hasNextPage && !isLoading && (
          <Text size="sm" className={classes.banner} role="status" data-testid="data-table-banner">
            {selection.allMatching ? (
              <>
                All {selection.matchingLabel ? `${selection.matchingLabel} ` : ''}matching rows are selected.{' '}
                <Anchor
                  component="button"
                  size="sm"
                  onClick={() => {
                    selection.onAllMatchingChange(false);
                    selection.onChange(new Set());
                  }}
                >
                  Clear selection
                </Anchor>
              </>
            ) : (
              <>
                All {rows.length.toLocaleString()} loaded rows are selected.{' '}
                <Anchor component="button" size="sm" fw={600} onClick={() => selection.onAllMatchingChange(true)} data-testid="data-table-select-all-matching">
                  Select all {selection.matchingLabel ? `${selection.matchingLabel} ` : ''}matching
                </Anchor>
              </>
            )}
          </Text>
        )}
        {body}
      </Card>
    </div>
  );
}
