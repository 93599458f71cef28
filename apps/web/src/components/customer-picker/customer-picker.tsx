import { Loader, Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useCustomerChoices } from './customer-choices.ts';

interface CustomerPickerProps {
  workspace: string;
  value: string;
  onChange: (id: string) => void;
  error: string | undefined;
  /** The label of a customer chosen before this picker mounted (e.g. an edited record's), shown until searching. */
  initialLabel?: string;
  disabled?: boolean;
  'data-testid'?: string;
}

/** A searchable customer select for forms; the server does the searching, 20 at a time. */
export function CustomerPicker({ workspace, value, onChange, error, initialLabel, disabled, 'data-testid': testId }: CustomerPickerProps) {
  const [search, setSearch] = useState('');
  const [picked, setPicked] = useState<{ id: string; label: string } | null>(value && initialLabel ? { id: value, label: initialLabel } : null);
  const [q] = useDebouncedValue(search.trim(), 250);
  // Once picked, the search box shows the customer's label: no need to search for it.
  const choices = useCustomerChoices(workspace, picked && q === picked.label ? '' : q, !disabled);
  const options = (choices.data ?? []).map((c) => ({ value: c.id, label: c.email ? `${c.name} · ${c.email}` : c.name }));
  if (picked && !options.some((o) => o.value === picked.id)) options.unshift({ value: picked.id, label: picked.label });

  return (
    <Select
      label="Customer"
      placeholder="Search by name, email or phone"
      required
      searchable
      clearable
      disabled={disabled}
      data={options}
      // The server already matched; Mantine's own filter would hide customers matched by email or phone.
      filter={({ options: all }) => all}
      searchValue={search}
      onSearchChange={setSearch}
      value={value || null}
      onChange={(id, option) => {
        setPicked(id && option ? { id, label: option.label } : null);
        onChange(id ?? '');
      }}
      nothingFoundMessage={choices.isFetching ? 'Searching…' : choices.isError ? 'Cannot search customers' : 'No customer matches'}
      rightSection={choices.isFetching ? <Loader size={14} /> : undefined}
      comboboxProps={{ withinPortal: true }}
      error={error}
      data-testid={testId}
    />
  );
}
