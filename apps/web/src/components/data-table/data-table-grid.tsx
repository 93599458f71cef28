import { Badge, Table, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconArrowsSort } from '@tabler/icons-react';
import { flexRender, getCoreRowModel, useReactTable, type ColumnDef, type Header, type SortingState } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useId, useRef, useState, type KeyboardEvent } from 'react';
import type { DataTableColumn, DataTableProps, SortSpec } from './data-table.tsx';
import { MAX_SORT_COLUMNS, RowCheckbox, rowLabel, scrollAreaStyle, selectionState } from './data-table-parts.tsx';
import { ListFooter } from './list-footer.tsx';
import { useLoadNearEnd, useScrollTopOnNewList } from './use-load-near-end.ts';
import classes from './data-table.module.css';

// Also in the CSS module. Rows are measured as they render (borders add a pixel), the header is taken as fixed.
const ROW_HEIGHT = 44;
const HEADER_HEIGHT = 40;
const CHECKBOX_WIDTH = 44;
/** The least a column without a width gets before the table scrolls sideways. */
const FLEXIBLE_MIN_WIDTH = 160;
const NO_SORT: SortSpec[] = [];

/** The desktop layout: a real table (role grid) whose body rows are virtualised under a sticky header. */
export function DataTableGrid<T>(props: DataTableProps<T>) {
  const { columns, rows, getRowId, sort = NO_SORT, onSortChange, selection, onRowOpen, hasNextPage, isFetchingNextPage, fetchNextPage } = props;
  const baseId = useId();
  const rowDomId = (index: number) => `${baseId}-row-${index}`;
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState<number | null>(null);
  const firstRowId = rows[0] === undefined ? undefined : getRowId(rows[0]);
  const [listStart, setListStart] = useState(firstRowId);
  // A different list (new search, filter or sort) starts at its top with no active row.
  if (listStart !== firstRowId) {
    setListStart(firstRowId);
    setActive(null);
  }
  useScrollTopOnNewList(scrollRef, firstRowId);
  const activeIndex = active !== null && active < rows.length ? active : null;
  const selected = selectionState(selection, rows, getRowId);

  const columnDefs: ColumnDef<T>[] = columns.map((column) => ({
    id: column.id,
    header: column.header,
    // The server sorts; TanStack Table only lets a column with an accessor be sortable, so each gets a dummy one.
    accessorFn: () => null,
    cell: (context) => column.cell(context.row.original),
    enableSorting: column.sortable ?? false,
    sortDescFirst: false,
  }));

  // No React Compiler in this build: the table instance being mutable is fine.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable<T>({
    data: rows,
    columns: columnDefs,
    getRowId: (row) => getRowId(row),
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    enableMultiSort: true,
    maxMultiSortColCount: MAX_SORT_COLUMNS,
    isMultiSortEvent: (event) => (event as MouseEvent).shiftKey,
    state: { sorting: sort },
    onSortingChange: (updater) => onSortChange?.(typeof updater === 'function' ? updater(sort as SortingState) : updater),
  });
  const tableRows = table.getRowModel().rows;

  const virtualizer = useVirtualizer({
    count: tableRows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    getItemKey: (index) => tableRows[index]?.id ?? index,
    // The sticky header sits above the first row inside the same scroller.
    scrollMargin: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0];
  const last = items.at(-1);
  const paddingTop = first ? first.start - HEADER_HEIGHT : 0;
  const paddingBottom = last ? virtualizer.getTotalSize() - (last.end - HEADER_HEIGHT) : 0;
  const loadMoreFailed = Boolean(props.error) && rows.length > 0;
  useLoadNearEnd({ lastRenderedIndex: last?.index, rowCount: rows.length, hasNextPage, isFetchingNextPage, fetchNextPage, failed: loadMoreFailed });

  const byId = new Map(columns.map((c) => [c.id, c]));
  const fixedWidth = columns.reduce((sum, c) => sum + (c.width ?? FLEXIBLE_MIN_WIDTH), selection ? CHECKBOX_WIDTH : 0);
  const columnCount = columns.length + (selection ? 1 : 0);

  const move = (to: number) => {
    const index = Math.max(0, Math.min(rows.length - 1, to));
    setActive(index);
    virtualizer.scrollToIndex(index, { align: 'auto' });
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTableElement>) => {
    // Keys pressed on a header button or a cell's own control belong to that control.
    if (event.target !== event.currentTarget || rows.length === 0) return;
    const pageRows = Math.max(1, Math.floor(((scrollRef.current?.clientHeight ?? 400) - HEADER_HEIGHT) / ROW_HEIGHT) - 1);
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(activeIndex === null ? 0 : activeIndex + 1),
      ArrowUp: () => move(activeIndex === null ? 0 : activeIndex - 1),
      PageDown: () => move((activeIndex ?? 0) + pageRows),
      PageUp: () => move((activeIndex ?? 0) - pageRows),
      Home: () => move(0),
      End: () => move(rows.length - 1),
      Enter: () => {
        const row = activeIndex === null ? undefined : rows[activeIndex];
        if (row !== undefined) onRowOpen?.(row);
      },
      ' ': () => {
        const row = activeIndex === null ? undefined : rows[activeIndex];
        if (row !== undefined && selection) selected.toggle(getRowId(row));
      },
    };
    const handler = keys[event.key];
    if (!handler) return;
    event.preventDefault();
    handler();
  };

  return (
    <div ref={scrollRef} className={classes.scroll} style={scrollAreaStyle(props)}>
      <Table
        layout="fixed"
        miw={fixedWidth}
        stickyHeader
        highlightOnHover={Boolean(onRowOpen)}
        horizontalSpacing="sm"
        className={classes.table}
        role="grid"
        aria-label={props['aria-label']}
        aria-rowcount={hasNextPage ? -1 : rows.length + 1}
        aria-multiselectable={selection ? true : undefined}
        aria-busy={isFetchingNextPage || undefined}
        aria-activedescendant={activeIndex === null ? undefined : rowDomId(activeIndex)}
        tabIndex={0}
        onKeyDown={onKeyDown}
        data-testid="data-table-grid"
      >
        <colgroup>
          {selection && <col style={{ width: CHECKBOX_WIDTH }} />}
          {columns.map((column) => (
            <col key={column.id} style={column.width ? { width: column.width } : undefined} />
          ))}
        </colgroup>
        <Table.Thead className={classes.thead} role="rowgroup">
          <Table.Tr role="row" aria-rowindex={1}>
            {selection && (
              <Table.Th className={classes.checkCell} role="columnheader">
                <RowCheckbox
                  tabbable
                  checked={selected.allLoaded}
                  indeterminate={selected.someLoaded && !selected.allLoaded}
                  label="Select all loaded rows"
                  onToggle={selected.toggleAll}
                />
              </Table.Th>
            )}
            {table.getHeaderGroups()[0]?.headers.map((header) => (
              <HeaderCell key={header.id} header={header} column={byId.get(header.id)} sortCount={sort.length} />
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody role="rowgroup">
          {paddingTop > 0 && (
            <tr aria-hidden style={{ height: paddingTop }}>
              <td colSpan={columnCount} className={classes.spacer} />
            </tr>
          )}
          {items.map((item) => {
            const row = tableRows[item.index];
            if (!row) return null;
            const isSelected = selected.isSelected(row.id);
            return (
              <Table.Tr
                key={row.id}
                ref={virtualizer.measureElement}
                data-index={item.index}
                id={rowDomId(item.index)}
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={selection ? isSelected : undefined}
                data-active={item.index === activeIndex || undefined}
                data-selected={isSelected || undefined}
                data-clickable={onRowOpen ? true : undefined}
                className={classes.row}
                onClick={() => {
                  setActive(item.index);
                  onRowOpen?.(row.original);
                }}
                data-testid="data-table-row"
              >
                {selection && (
                  <Table.Td
                    className={classes.checkCell}
                    role="gridcell"
                    // The whole cell is the checkbox's target: a near miss must not open the row.
                    onClick={(event) => {
                      event.stopPropagation();
                      selected.toggle(row.id);
                    }}
                  >
                    <RowCheckbox checked={isSelected} label={`Select ${rowLabel(columns, row.original)}`} onToggle={() => selected.toggle(row.id)} />
                  </Table.Td>
                )}
                {row.getVisibleCells().map((cell) => (
                  <Table.Td key={cell.id} className={classes.cell} role="gridcell">
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </Table.Td>
                ))}
              </Table.Tr>
            );
          })}
          {paddingBottom > 0 && (
            <tr aria-hidden style={{ height: paddingBottom }}>
              <td colSpan={columnCount} className={classes.spacer} />
            </tr>
          )}
        </Table.Tbody>
      </Table>
      <ListFooter isFetchingNextPage={isFetchingNextPage} failed={loadMoreFailed} fetchNextPage={fetchNextPage} />
    </div>
  );
}

function HeaderCell<T>({ header, column, sortCount }: { header: Header<T, unknown>; column: DataTableColumn<T> | undefined; sortCount: number }) {
  const label = column?.header ?? header.id;
  const sorted = header.column.getIsSorted();
  const sortIndex = header.column.getSortIndex();
  if (!header.column.getCanSort()) {
    return (
      <Table.Th role="columnheader" className={classes.th}>
        {label}
      </Table.Th>
    );
  }
  const SortIcon = sorted === 'asc' ? IconArrowUp : sorted === 'desc' ? IconArrowDown : IconArrowsSort;
  return (
    <Table.Th
      role="columnheader"
      className={classes.th}
      aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'}
    >
      <UnstyledButton
        className={classes.sortButton}
        onClick={header.column.getToggleSortingHandler()}
        title="Sort by this column; shift+click to add it to the sort"
        data-sorted={sorted || undefined}
        data-testid={`data-table-sort-${header.id}`}
      >
        <span className={classes.headerLabel}>{label}</span>
        <SortIcon size={14} aria-hidden className={sorted ? undefined : classes.sortIdle} />
        {sorted && sortCount > 1 && (
          <Badge component="span" size="xs" circle variant="filled">
            {sortIndex + 1}
          </Badge>
        )}
      </UnstyledButton>
    </Table.Th>
  );
}
