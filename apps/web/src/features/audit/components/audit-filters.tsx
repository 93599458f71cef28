import { Button, Card, Group, SimpleGrid, TextInput } from '@mantine/core';
import { IconFilter, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import type { AuditFilters as Filters } from '../api/audit.ts';

interface AuditFiltersProps {
  value: Filters;
  onChange: (filters: Filters) => void;
}

const clean = (filters: Filters): Filters =>
  Object.fromEntries(Object.entries(filters).filter(([, v]) => typeof v === 'string' && v.trim() !== '').map(([k, v]) => [k, (v as string).trim()]));

/** Actor, action, entity and a date range; applied together, kept in the URL by the page. */
export function AuditFilters({ value, onChange }: AuditFiltersProps) {
  const [draft, setDraft] = useState<Filters>(value);
  const set = (key: keyof Filters) => (event: React.ChangeEvent<HTMLInputElement>) =>
    setDraft((current) => ({ ...current, [key]: event.currentTarget.value }));
  const active = Object.keys(clean(value)).length > 0;
  const invalidRange = Boolean(draft.from && draft.to && draft.from > draft.to);

  return (
    <Card
      component="form"
      p="md"
      onSubmit={(event) => {
        event.preventDefault();
        if (!invalidRange) onChange(clean(draft));
      }}
      data-testid="audit-filters"
    >
      <SimpleGrid cols={{ base: 1, xs: 2, md: 5 }} spacing="sm">
        <TextInput label="Actor" placeholder="Email" value={draft.actor ?? ''} onChange={set('actor')} />
        <TextInput label="Action" placeholder="invitation." value={draft.action ?? ''} onChange={set('action')} />
        <TextInput label="Entity" placeholder="role, or an id" value={draft.entity ?? ''} onChange={set('entity')} />
        <TextInput label="From" type="date" value={draft.from ?? ''} onChange={set('from')} />
        <TextInput label="To" type="date" value={draft.to ?? ''} onChange={set('to')} error={invalidRange ? 'Before “From”' : undefined} />
      </SimpleGrid>
      <Group justify="flex-end" gap="xs" mt="sm">
        {active && (
          <Button
            variant="subtle"
            color="gray"
            leftSection={<IconX size={14} aria-hidden />}
            onClick={() => {
              setDraft({});
              onChange({});
            }}
          >
            Clear
          </Button>
        )}
        <Button type="submit" variant="light" leftSection={<IconFilter size={14} aria-hidden />} data-testid="audit-apply">
          Apply filters
        </Button>
      </Group>
    </Card>
  );
}
