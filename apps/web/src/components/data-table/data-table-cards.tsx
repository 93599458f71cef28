import { Text, UnstyledButton } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Fragment, useRef } from 'react';
import type { DataTableProps } from './data-table.tsx';
import { RowCheckbox, rowLabel, scrollAreaStyle, selectionState } from './data-table-parts.tsx';
import { ListFooter } from './list-footer.tsx';
import { useLoadNearEnd, useScrollTopOnNewList } from './use-load-near-end.ts';
import classes from './data-table.module.css';

const ESTIMATED_CARD_HEIGHT = 96;

/** The phone layout: a card per row (title, subtitle, a line per other column), virtualised like the table. */
export function DataTableCards<T>(props: DataTableProps<T>) {
  const { columns, rows, getRowId, selection, onRowOpen, hasNextPage, isFetchingNextPage, fetchNextPage } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const selected = selectionState(selection, rows, getRowId);
  useScrollTopOnNewList(scrollRef, rows[0] === undefined ? undefined : getRowId(rows[0]));
  const title = columns.find((c) => c.card === 'title') ?? columns[0];
  const subtitles = columns.filter((c) => c.card === 'subtitle' && c !== title);
  const metas = columns.filter((c) => (c.card ?? 'meta') === 'meta' && c !== title);
  const actions = columns.filter((c) => c.card === 'actions' && c !== title);

  // No React Compiler in this build: the virtualizer being mutable is fine.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ESTIMATED_CARD_HEIGHT,
    overscan: 6,
    getItemKey: (index) => (rows[index] === undefined ? index : getRowId(rows[index])),
  });
  const items = virtualizer.getVirtualItems();
  const loadMoreFailed = Boolean(props.error) && rows.length > 0;
  useLoadNearEnd({ lastRenderedIndex: items.at(-1)?.index, rowCount: rows.length, hasNextPage, isFetchingNextPage, fetchNextPage, failed: loadMoreFailed });

  return (
    <div ref={scrollRef} className={classes.scroll} style={scrollAreaStyle(props)}>
      <div role="list" aria-label={props['aria-label']} className={classes.cardList} style={{ height: virtualizer.getTotalSize() }} data-testid="data-table-cards">
        {items.map((item) => {
          const row = rows[item.index];
          if (row === undefined) return null;
          const id = getRowId(row);
          const isSelected = selected.isSelected(id);
          return (
            <div
              key={item.key}
              ref={virtualizer.measureElement}
              data-index={item.index}
              role="listitem"
              className={classes.rowCard}
              style={{ transform: `translateY(${item.start}px)` }}
              data-selected={isSelected || undefined}
              data-clickable={onRowOpen ? true : undefined}
              onClick={() => onRowOpen?.(row)}
              data-testid="data-table-card"
            >
              {selection && (
                <div className={classes.cardCheck} onClick={(event) => event.stopPropagation()}>
                  <RowCheckbox tabbable checked={isSelected} label={`Select ${rowLabel(columns, row)}`} onToggle={() => selected.toggle(id)} />
                </div>
              )}
              <div className={classes.cardBody}>
                {onRowOpen ? (
                  <UnstyledButton
                    className={classes.cardTitle}
                    onClick={(event) => {
                      event.stopPropagation();
                      onRowOpen(row);
                    }}
                  >
                    {title?.cell(row)}
                  </UnstyledButton>
                ) : (
                  <div className={classes.cardTitle}>{title?.cell(row)}</div>
                )}
                {subtitles.map((column) => (
                  <Text key={column.id} size="sm" c="dimmed" component="div" className={classes.cardLine}>
                    {column.cell(row)}
                  </Text>
                ))}
                {metas.length > 0 && (
                  <dl className={classes.cardMeta}>
                    {metas.map((column) => {
                      const value = column.cell(row);
                      // An empty value gets no line, so a card does not list labels with nothing after them.
                      if (value === null || value === undefined || value === '' || value === false) return null;
                      return (
                        <div key={column.id} className={classes.cardMetaItem}>
                          <dt>{column.header}</dt>
                          <dd>{value}</dd>
                        </div>
                      );
                    })}
                  </dl>
                )}
              </div>
              {actions.length > 0 && (
                // The row's own buttons: pressing one must not open the row as well.
                <div className={classes.cardActions} onClick={(event) => event.stopPropagation()}>
                  {actions.map((column) => (
                    <Fragment key={column.id}>{column.cell(row)}</Fragment>
                  ))}
                </div>
              )}
            </div>
          );
        })}
      </div>
      <ListFooter isFetchingNextPage={isFetchingNextPage} failed={loadMoreFailed} fetchNextPage={fetchNextPage} />
    </div>
  );
}
