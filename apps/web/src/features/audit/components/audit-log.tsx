import { Badge, Code, Drawer, EmptyState, Group, Stack, Text } from '@mantine/core';
import { IconHistory } from '@tabler/icons-react';
import { useState } from 'react';
import type { AuditEntry } from '@grip/contracts/access';
import { DataTable, type DataTableColumn } from '@/components/data-table/data-table.tsx';
import { formatDateTime, formatRelative } from '@/lib/format.ts';
import { useAuditLog, type AuditFilters } from '../api/audit.ts';

const columns: DataTableColumn<AuditEntry>[] = [
  {
    id: 'createdAt',
    header: 'When',
    width: 170,
    card: 'subtitle',
    cell: (entry) => <span title={formatDateTime(entry.createdAt)}>{formatRelative(entry.createdAt)}</span>,
  },
  { id: 'actor', header: 'Actor', cell: (entry) => entry.actorEmail ?? 'System' },
  {
    id: 'action',
    header: 'Action',
    hideable: false,
    card: 'title',
    cell: (entry) => (
      <Badge variant="light" ff="monospace" fw={500}>
        {entry.action}
      </Badge>
    ),
  },
  {
    id: 'entity',
    header: 'Entity',
    cell: (entry) => (
      <>
        {entry.entityType}
        {entry.entityId && (
          <Text span size="xs" c="dimmed" ff="monospace">
            {' '}
            {entry.entityId.slice(0, 8)}
          </Text>
        )}
      </>
    ),
  },
];

const DEFAULT_COLUMNS = columns.map((c) => c.id);

/** The workspace's audit trail, newest first, a page at a time; a row opens to show what changed. */
export function AuditLog({ slug, filters }: { slug: string; filters: AuditFilters }) {
  const audit = useAuditLog(slug, filters);
  const [visibleColumns, setVisibleColumns] = useState(DEFAULT_COLUMNS);
  const [opened, setOpened] = useState<AuditEntry | null>(null);

  return (
    <div data-testid="audit-table">
      <DataTable
        aria-label="Audit log"
        columns={columns}
        rows={audit.data?.pages.flatMap((page) => page.items) ?? []}
        getRowId={(entry) => entry.id}
        visibleColumns={visibleColumns}
        onVisibleColumnsChange={setVisibleColumns}
        hasNextPage={audit.hasNextPage}
        isFetchingNextPage={audit.isFetchingNextPage}
        fetchNextPage={() => void audit.fetchNextPage()}
        isLoading={audit.isPending}
        error={audit.error}
        onRetry={() => void audit.refetch()}
        onRowOpen={setOpened}
        autoHeight
        empty={
          <EmptyState
            icon={<IconHistory size={28} aria-hidden />}
            withIndicatorBackground
            title="Nothing recorded"
            description={Object.keys(filters).length > 0 ? 'No entries match these filters.' : 'Changes to this workspace will appear here.'}
            data-testid="audit-empty"
          />
        }
      />
      <Drawer opened={opened !== null} onClose={() => setOpened(null)} position="right" size="lg" title={opened?.action ?? 'Audit entry'}>
        {opened && <EntryDetails entry={opened} />}
      </Drawer>
    </div>
  );
}

const json = (value: unknown) => (value === null || value === undefined ? '—' : JSON.stringify(value, null, 2));

function EntryDetails({ entry }: { entry: AuditEntry }) {
  return (
    <Stack gap="md" data-testid="audit-details">
      <Group gap="lg">
        <Meta label="Time" value={formatDateTime(entry.createdAt)} />
        <Meta label="Actor" value={entry.actorEmail ?? 'System'} />
        <Meta label="IP" value={entry.ip ?? '—'} />
        <Meta label="Request" value={entry.requestId ?? '—'} />
        {entry.entityId && <Meta label="Entity id" value={entry.entityId} />}
      </Group>
      <Stack gap="sm">
        <Stack gap={4}>
          <Text size="xs" fw={600} c="dimmed" tt="uppercase">
            Before
          </Text>
          <Code block fz="xs" mah={300} style={{ overflow: 'auto' }}>
            {json(entry.before)}
          </Code>
        </Stack>
        <Stack gap={4}>
          <Text size="xs" fw={600} c="dimmed" tt="uppercase">
            After
          </Text>
          <Code block fz="xs" mah={300} style={{ overflow: 'auto' }}>
            {json(entry.after)}
          </Code>
        </Stack>
      </Stack>
      {entry.userAgent && (
        <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
          {entry.userAgent}
        </Text>
      )}
    </Stack>
  );
}

function Meta({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
        {value}
      </Text>
    </div>
  );
}
