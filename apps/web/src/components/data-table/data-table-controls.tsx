import { Button, Checkbox, Menu, Popover, Stack, Text } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconArrowsSort, IconColumns3 } from '@tabler/icons-react';
import type { DataTableColumn, SortSpec } from './data-table.tsx';

interface ColumnChooserProps<T> {
  columns: DataTableColumn<T>[];
  visibleColumns: string[];
  onVisibleColumnsChange: (ids: string[]) => void;
}

/** Which columns show: a checkbox per hideable column, in the table's order. */
export function ColumnChooser<T>({ columns, visibleColumns, onVisibleColumnsChange }: ColumnChooserProps<T>) {
  const hideable = columns.filter((c) => c.hideable !== false);
  if (hideable.length === 0) return null;
  const toggle = (id: string, on: boolean) => {
    const next = new Set(visibleColumns);
    if (on) next.add(id);
    else next.delete(id);
    // Kept in the columns' order, so saved views compare equal however they were clicked together.
    onVisibleColumnsChange(columns.map((c) => c.id).filter((columnId) => next.has(columnId)));
  };
  return (
    <Popover position="bottom-end" shadow="md" withinPortal>
      <Popover.Target>
        <Button variant="default" size="sm" leftSection={<IconColumns3 size={16} aria-hidden />} data-testid="data-table-columns">
          Columns
        </Button>
      </Popover.Target>
      <Popover.Dropdown p="sm" mah={420} style={{ overflowY: 'auto' }}>
        <Text size="xs" fw={600} c="dimmed" tt="uppercase" mb="xs">
          Show columns
        </Text>
        <Stack gap={8}>
          {hideable.map((column) => (
            <Checkbox
              key={column.id}
              size="sm"
              label={column.header}
              checked={visibleColumns.includes(column.id)}
              onChange={(event) => toggle(column.id, event.currentTarget.checked)}
              data-testid={`data-table-column-${column.id}`}
            />
          ))}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

interface SortMenuProps<T> {
  columns: DataTableColumn<T>[];
  sort: SortSpec[];
  onSortChange: (sort: SortSpec[]) => void;
}

/** Sorting where there are no column headers to click (the phone cards): one column, tap again to reverse. */
export function SortMenu<T>({ columns, sort, onSortChange }: SortMenuProps<T>) {
  const sortable = columns.filter((c) => c.sortable);
  if (sortable.length === 0) return null;
  const primary = sort[0];
  return (
    <Menu position="bottom-end">
      <Menu.Target>
        <Button variant="default" size="sm" leftSection={<IconArrowsSort size={16} aria-hidden />} data-testid="data-table-sort-menu">
          Sort
        </Button>
      </Menu.Target>
      <Menu.Dropdown mah={420} style={{ overflowY: 'auto' }}>
        {sortable.map((column) => {
          const current = primary?.id === column.id ? primary : undefined;
          const Icon = current?.desc ? IconArrowDown : IconArrowUp;
          return (
            <Menu.Item
              key={column.id}
              rightSection={current ? <Icon size={14} aria-label={current.desc ? 'descending' : 'ascending'} /> : null}
              fw={current ? 600 : undefined}
              onClick={() => onSortChange([{ id: column.id, desc: current ? !current.desc : false }])}
            >
              {column.header}
            </Menu.Item>
          );
        })}
      </Menu.Dropdown>
    </Menu>
  );
}
