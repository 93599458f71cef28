import { Autocomplete, Chip, CloseButton, Group, MultiSelect, NumberInput, Text, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { POLICY_STATUSES, type PolicyStatus } from '@grip/contracts/policies';
import type { PolicyFilter } from '../api/policies.ts';
import { statusLabels } from './policy-display.tsx';

const RENEWAL_CHIPS = [30, 60, 90];
const TYPING_DELAY = 300;

interface PolicyFiltersProps {
  value: PolicyFilter;
  onChange: (filter: PolicyFilter) => void;
  /** Carriers seen in the list so far: suggestions for the carrier filter, which matches a whole name. */
  carriers: string[];
}

/**
 * The policies list's filters: search, status, carrier and "renewals due within N days". The search is applied a
 * moment after typing stops, the carrier once chosen (it matches a whole name), the rest at once. Remount (key) to
 * reset the text boxes.
 */
export function PolicyFilters({ value, onChange, carriers }: PolicyFiltersProps) {
  const [search, setSearch] = useState(value.q ?? '');
  const [carrier, setCarrier] = useState(value.carrier ?? '');
  const applySearch = useDebouncedCallback((q: string) => onChange({ ...value, q: q.trim() || undefined }), TYPING_DELAY);
  const applyCarrier = (next: string) => {
    if ((next.trim() || undefined) !== value.carrier) onChange({ ...value, carrier: next.trim() || undefined });
  };
  const days = value.renewalWithinDays;
  // What was typed in the custom box: 30 typed there stays there rather than jumping to the "30 days" chip.
  const [customDays, setCustomDays] = useState<number | ''>(days !== undefined && !RENEWAL_CHIPS.includes(days) ? days : '');
  const setDays = (next: number | undefined) => onChange({ ...value, renewalWithinDays: next });

  return (
    <>
      <TextInput
        aria-label="Search policies"
        placeholder="Number, product or carrier"
        leftSection={<IconSearch size={16} aria-hidden />}
        value={search}
        onChange={(event) => {
          const q = event.currentTarget.value;
          setSearch(q);
          applySearch(q);
        }}
        rightSection={
          search ? (
            <CloseButton
              size="sm"
              aria-label="Clear search"
              onClick={() => {
                setSearch('');
                applySearch.cancel();
                onChange({ ...value, q: undefined });
              }}
            />
          ) : undefined
        }
        w={{ base: '100%', xs: 260 }}
        data-testid="policies-search"
      />
      <MultiSelect
        aria-label="Status"
        placeholder={value.status?.length ? undefined : 'Any status'}
        data={POLICY_STATUSES.map((s) => ({ value: s, label: statusLabels[s] }))}
        value={value.status ?? []}
        onChange={(status) => onChange({ ...value, status: status.length ? (status as PolicyStatus[]) : undefined })}
        clearable
        w={{ base: '100%', xs: 220 }}
        data-testid="policies-status-filter"
      />
      <Autocomplete
        aria-label="Carrier"
        placeholder="Any carrier"
        data={carriers}
        value={carrier}
        onChange={(next) => {
          setCarrier(next);
          if (next === '') applyCarrier('');
        }}
        onOptionSubmit={applyCarrier}
        onBlur={() => applyCarrier(carrier)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') applyCarrier(carrier);
        }}
        clearable
        w={{ base: '100%', xs: 170 }}
        data-testid="policies-carrier-filter"
      />
      <Group gap={6} wrap="wrap" role="group" aria-label="Renewals due" data-testid="policies-renewal-filter">
        <Text size="sm" c="dimmed">
          Renewals due in
        </Text>
        <Chip.Group
          value={days !== undefined && customDays === '' ? String(days) : null}
          onChange={(next) => {
            setCustomDays('');
            setDays(next ? Number(next) : undefined);
          }}
        >
          {RENEWAL_CHIPS.map((n) => (
            <Chip key={n} value={String(n)} size="xs" wrapperProps={{ 'data-testid': `policies-renewal-${n}` }}>
              {n} days
            </Chip>
          ))}
        </Chip.Group>
        <NumberInput
          aria-label="Renewals due within a number of days"
          placeholder="Days"
          size="xs"
          w={84}
          min={0}
          max={3650}
          allowDecimal={false}
          allowNegative={false}
          clampBehavior="strict"
          hideControls
          value={customDays}
          onChange={(next) => {
            const n = typeof next === 'number' ? next : '';
            setCustomDays(n);
            setDays(n === '' ? undefined : n);
          }}
          data-testid="policies-renewal-custom"
        />
        {days !== undefined && (
          <CloseButton
            size="sm"
            aria-label="Any renewal date"
            onClick={() => {
              setCustomDays('');
              setDays(undefined);
            }}
          />
        )}
      </Group>
    </>
  );
}
