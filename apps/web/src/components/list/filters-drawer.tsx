import { Button, Chip, Drawer, Group, MultiSelect, SegmentedControl, Stack, Text, type ComboboxItem } from '@mantine/core';
import { useState, type Dispatch, type ReactNode, type SetStateAction } from 'react';

/** The keys of a filter that hold one text, such as the dates `createdFrom` and `dueTo`. */
type TextKey<F> = { [K in keyof F]-?: NonNullable<F[K]> extends string ? K : never }[keyof F];
type DateRange = [string | null, string | null];

/** The filter being edited in the drawer, and the ways to change it. */
export interface FilterDraft<F> {
  draft: F;
  setDraft: Dispatch<SetStateAction<F>>;
  set: <K extends keyof F>(key: K, value: F[K]) => void;
  /** Props for a `DatePickerInput type="range"` over two date keys of the filter. */
  range: (from: TextKey<F>, to: TextKey<F>) => { value: DateRange; onChange: (range: DateRange) => void };
}

interface FiltersDrawerProps<F> {
  opened: boolean;
  onClose: () => void;
  /** The filter in use: each opening starts from it. */
  filter: F;
  /** The edited filter, applied; the caller keeps what the form does not edit (the search, say). */
  onApply: (draft: F) => void;
  'data-testid': string;
  /** The fields of the form. */
  children: (form: FilterDraft<F>) => ReactNode;
}

/** A list's filters, edited as a draft and applied together (conditions combine with AND). */
export function FiltersDrawer<F>({ opened, onClose, 'data-testid': testId, ...form }: FiltersDrawerProps<F>) {
  return (
    <Drawer opened={opened} onClose={onClose} position="right" size="md" title="Filters" data-testid={testId}>
      {/* Mounted only while open: each opening starts from the filter in use. */}
      <FiltersForm {...form} onDone={onClose} />
    </Drawer>
  );
}

function FiltersForm<F>({ filter, onApply, children, onDone }: Pick<FiltersDrawerProps<F>, 'filter' | 'onApply' | 'children'> & { onDone: () => void }) {
  const [draft, setDraft] = useState<F>(filter);
  const set = <K extends keyof F>(key: K, value: F[K]) => setDraft((current) => ({ ...current, [key]: value }));
  const range = (from: TextKey<F>, to: TextKey<F>) => ({
    value: [(draft[from] as string | undefined) ?? null, (draft[to] as string | undefined) ?? null] as DateRange,
    onChange: ([start, end]: DateRange) => setDraft((current) => ({ ...current, [from]: start ?? undefined, [to]: end ?? undefined })),
  });

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        onApply(draft);
        onDone();
      }}
    >
      <Stack gap="md">
        {children({ draft, setDraft, set, range })}
        <Group justify="space-between" mt="sm">
          <Button variant="subtle" color="gray" onClick={() => setDraft({} as F)} data-testid="filters-reset">
            Reset
          </Button>
          <Group gap="xs">
            <Button variant="default" onClick={onDone}>
              Cancel
            </Button>
            <Button type="submit" data-testid="filters-apply">
              Apply filters
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}

/** A labelled row of chips, any number of them picked (e.g. statuses); each chip's test id is `${testIdPrefix}-${value}`. */
export function ChoiceChips<V extends string>({
  label,
  options,
  value,
  onChange,
  testIdPrefix,
}: {
  label: string;
  options: { value: V; label: string }[];
  value: V[] | undefined;
  onChange: (value: V[]) => void;
  testIdPrefix: string;
}) {
  return (
    <div>
      <Text size="sm" fw={500} mb={6}>
        {label}
      </Text>
      <Chip.Group multiple value={value ?? []} onChange={(next) => onChange(next as V[])}>
        <Group gap={6}>
          {options.map((option) => (
            <Chip key={option.value} value={option.value} size="sm" wrapperProps={{ 'data-testid': `${testIdPrefix}-${option.value}` }}>
              {option.label}
            </Chip>
          ))}
        </Group>
      </Chip.Group>
    </div>
  );
}

/** A yes-or-no condition that may also be left out: Any, `yes`, `no` (true, false, undefined). */
export function AnyYesNo({
  label,
  yes,
  no,
  value,
  onChange,
  'data-testid': testId,
}: {
  label: string;
  yes: string;
  no: string;
  value: boolean | undefined;
  onChange: (value: boolean | undefined) => void;
  'data-testid': string;
}) {
  return (
    <div>
      <Text size="sm" fw={500} mb={6}>
        {label}
      </Text>
      <SegmentedControl
        size="xs"
        data={[
          { value: 'any', label: 'Any' },
          { value: 'yes', label: yes },
          { value: 'no', label: no },
        ]}
        value={value === true ? 'yes' : value === false ? 'no' : 'any'}
        onChange={(next) => onChange(next === 'any' ? undefined : next === 'yes')}
        data-testid={testId}
      />
    </div>
  );
}

/** Members to filter by (owner, assignee): any of them; the options may include "me" and "none". */
export function MembersFilter<V extends string>({
  label,
  options,
  value,
  onChange,
  'data-testid': testId,
}: {
  label: string;
  options: ComboboxItem[];
  value: V[] | undefined;
  onChange: (value: V[]) => void;
  'data-testid': string;
}) {
  return (
    <MultiSelect
      label={label}
      placeholder="Anyone"
      data={options}
      value={value ?? []}
      onChange={(next) => onChange(next as V[])}
      searchable
      clearable
      nothingFoundMessage="No such member"
      data-testid={testId}
    />
  );
}
