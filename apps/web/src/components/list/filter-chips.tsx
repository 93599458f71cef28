import { Button, Group, Pill } from '@mantine/core';
import { formatDate } from '@/lib/format.ts';

export interface FilterChip<F> {
  key: string;
  label: string;
  /** The filter without this condition. */
  without: F;
}

/** A date-only value (`2026-03-01`) as the user's locale writes it. */
export const dayText = (iso: string) => formatDate(`${iso}T00:00:00`);

/** "1 – 5", "from 1", "until 5". */
export function rangeText<V extends string | number>(from: V | undefined, to: V | undefined, show: (value: V) => string): string {
  if (from !== undefined && to !== undefined) return `${show(from)} – ${show(to)}`;
  if (from !== undefined) return `from ${show(from)}`;
  return to === undefined ? '' : `until ${show(to)}`;
}

/** Collects a filter's chips; `add` names the keys the chip's condition is made of, which removing it drops. */
export function chipsOf<F extends object>(filter: F, cleanFilter: (filter: F) => F) {
  const chips: FilterChip<F>[] = [];
  const add = (label: string, ...keys: (keyof F & string)[]) =>
    chips.push({ key: keys.join(','), label, without: cleanFilter({ ...filter, ...Object.fromEntries(keys.map((k) => [k, undefined])) }) });
  return { chips, add };
}

interface FilterChipsProps<F> {
  chips: FilterChip<F>[];
  onChange: (filter: F) => void;
  /** The filter "Clear all" leaves (what the chips do not show, such as live or trash, is kept). */
  cleared: F;
  /** `tickets` → data-testid tickets-filter-chips, tickets-filter-chip, tickets-clear-filters. */
  testIdPrefix: string;
}

/** One chip per active condition, each with its own remove button, and "Clear all". */
export function FilterChips<F>({ chips, onChange, cleared, testIdPrefix }: FilterChipsProps<F>) {
  if (chips.length === 0) return null;
  return (
    <Group gap={6} mb="sm" data-testid={`${testIdPrefix}-filter-chips`}>
      <Pill.Group>
        {chips.map((chip) => (
          <Pill
            key={chip.key}
            size="md"
            withRemoveButton
            onRemove={() => onChange(chip.without)}
            // Mantine hides the remove button from the keyboard and screen readers by default; here it is the way to remove one condition.
            removeButtonProps={{ 'aria-label': `Remove filter ${chip.label}`, 'aria-hidden': false, tabIndex: 0 }}
            data-testid={`${testIdPrefix}-filter-chip`}
          >
            {chip.label}
          </Pill>
        ))}
      </Pill.Group>
      <Button variant="subtle" size="compact-sm" color="gray" onClick={() => onChange(cleared)} data-testid={`${testIdPrefix}-clear-filters`}>
        Clear all
      </Button>
    </Group>
  );
}
