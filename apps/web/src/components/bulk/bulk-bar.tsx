import { ActionBar, Button, Group, Menu, Popover, Select, Stack, Text } from '@mantine/core';
import { IconChevronDown, IconUserCircle } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import type { OverLimit } from './use-bulk-selection.ts';

interface BulkBarProps {
  opened: boolean;
  /** "3 customers", "All 12,345 matching". */
  selectionLabel: string;
  onClear: () => void;
  /** More rows are picked than a change by ids may name: the actions wait for a smaller or an "all matching" selection. */
  overLimit?: OverLimit;
  /** `customers` → data-testid customers-bulk-bar, customers-bulk-count, customers-bulk-over-limit. */
  testIdPrefix: string;
  /** The actions (disabled by the caller while over the limit). */
  children: ReactNode;
}

/** The bar that floats over a list while rows are selected: what is selected, the actions, and a way to clear it. */
export function BulkBar({ opened, selectionLabel, onClear, overLimit, testIdPrefix, children }: BulkBarProps) {
  return (
    <ActionBar opened={opened} onClose={onClear} closeOnEscape aria-label="Bulk actions" data-testid={`${testIdPrefix}-bulk-bar`} maw="calc(100vw - 24px)">
      <Group gap="xs" wrap="wrap" justify="center" px={4}>
        <Text size="sm" fw={600} px={4} data-testid={`${testIdPrefix}-bulk-count`}>
          {selectionLabel}
        </Text>
        <ActionBar.Divider />
        {overLimit && (
          <>
            <Text size="sm" c="orange" px={4} data-testid={`${testIdPrefix}-bulk-over-limit`}>
              A change can name at most {overLimit.max.toLocaleString()} rows.
            </Text>
            <Button size="xs" variant="light" onClick={overLimit.onSelectAllMatching} data-testid="bulk-select-all-matching">
              Select all matching instead
            </Button>
          </>
        )}
        {children}
        <ActionBar.CloseButton aria-label="Clear selection" />
      </Group>
    </ActionBar>
  );
}

interface BulkActionButtonProps {
  label: string;
  disabled: boolean;
  loading?: boolean;
  'data-testid': string;
}

/** A bar button opening a menu of values (a status, a priority, a stage); the items are the children. */
export function BulkMenu({ label, disabled, loading, 'data-testid': testId, children }: BulkActionButtonProps & { children: ReactNode }) {
  return (
    <Menu position="top">
      <Menu.Target>
        <Button size="xs" variant="default" rightSection={<IconChevronDown size={12} aria-hidden />} loading={loading} disabled={disabled} data-testid={testId}>
          {label}
        </Button>
      </Menu.Target>
      <Menu.Dropdown mah={360} style={{ overflowY: 'auto' }}>
        {children}
      </Menu.Dropdown>
    </Menu>
  );
}

/** A bar button opening a small form above it (pick a member, type tags); `children` gets `close` for its apply button. */
export function BulkPopover({
  label,
  icon,
  width,
  disabled,
  loading,
  'data-testid': testId,
  children,
}: BulkActionButtonProps & { icon: ReactNode; width: number; children: (close: () => void) => ReactNode }) {
  const [opened, setOpened] = useState(false);
  return (
    <Popover opened={opened} onChange={setOpened} position="top" trapFocus shadow="md" width={width}>
      <Popover.Target>
        <Button size="xs" variant="default" leftSection={icon} disabled={disabled} loading={loading} onClick={() => setOpened((o) => !o)} data-testid={testId}>
          {label}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">{children(() => setOpened(false))}</Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

export interface MemberOption {
  value: string;
  label: string;
}

interface MemberPickerProps extends BulkActionButtonProps {
  members: MemberOption[];
  /** The select's label, e.g. "New owner". */
  selectLabel: string;
  /** The choice that removes the member, e.g. "No owner". */
  noneLabel: string;
  /** The apply button's label; `none` when that choice is picked. */
  applyLabel: (none: boolean) => string;
  onPick: (userId: string | null) => void;
}

/** A member (or nobody) for every selected row: owner, assignee. Test ids: `${testId}-select`, `${testId}-apply`. */
export function MemberPicker({ members, selectLabel, noneLabel, applyLabel, onPick, ...button }: MemberPickerProps) {
  const [value, setValue] = useState<string | null>(null);
  const testId = button['data-testid'];
  return (
    <BulkPopover {...button} icon={<IconUserCircle size={14} aria-hidden />} width={260}>
      {(close) => (
        <>
          <Select
            label={selectLabel}
            placeholder="Pick a member"
            data={[{ value: 'none', label: noneLabel }, ...members]}
            value={value}
            onChange={setValue}
            searchable
            comboboxProps={{ withinPortal: false }}
            data-testid={`${testId}-select`}
          />
          <Button
            size="xs"
            disabled={value === null}
            onClick={() => {
              close();
              onPick(value === 'none' ? null : value);
            }}
            data-testid={`${testId}-apply`}
          >
            {applyLabel(value === 'none')}
          </Button>
        </>
      )}
    </BulkPopover>
  );
}
