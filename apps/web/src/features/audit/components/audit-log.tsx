import { ActionIcon, Badge, Card, Code, Collapse, EmptyState, Group, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { IconChevronDown, IconChevronRight, IconHistory } from '@tabler/icons-react';
import { Fragment, useState } from 'react';
import type { AuditEntry } from '@grip/contracts/access';
import { LoadMore } from '@/components/ui/load-more.tsx';
import { QueryError } from '@/components/ui/query-error.tsx';
import { TableSkeleton } from '@/components/ui/table-skeleton.tsx';
import { formatDateTime, formatRelative } from '@/lib/format.ts';
import { useAuditLog, type AuditFilters } from '../api/audit.ts';

/** The workspace's audit trail, newest first, a page at a time; a row opens to show what changed. */
export function AuditLog({ slug, filters }: { slug: string; filters: AuditFilters }) {
  const audit = useAuditLog(slug, filters);
  const [open, setOpen] = useState<Set<string>>(new Set());
  const toggle = (id: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  if (audit.isPending) return <Card p={0}><TableSkeleton rows={8} label="Loading the audit log" /></Card>;
  if (audit.isError) {
    return <QueryError title="Cannot load the audit log" error={audit.error} onRetry={() => void audit.refetch()} retrying={audit.isFetching} />;
  }
  const entries = audit.data.pages.flatMap((page) => page.items);
  if (entries.length === 0) {
    return (
      <Card data-testid="audit-empty">
        <EmptyState
          icon={<IconHistory size={28} aria-hidden />}
          withIndicatorBackground
          title="Nothing recorded"
          description={Object.keys(filters).length > 0 ? 'No entries match these filters.' : 'Changes to this workspace will appear here.'}
        />
      </Card>
    );
  }

  return (
    <>
      <Card p={0} data-testid="audit-table">
        <Table.ScrollContainer minWidth={680}>
          <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={40} aria-label="Details" />
                <Table.Th w={180}>When</Table.Th>
                <Table.Th>Actor</Table.Th>
                <Table.Th>Action</Table.Th>
                <Table.Th>Entity</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {entries.map((entry) => {
                const expanded = open.has(entry.id);
                return (
                  <Fragment key={entry.id}>
                    <Table.Tr onClick={() => toggle(entry.id)} style={{ cursor: 'pointer' }} data-testid="audit-row">
                      <Table.Td>
                        <ActionIcon
                          size="sm"
                          aria-label={expanded ? 'Hide details' : 'Show details'}
                          aria-expanded={expanded}
                          onClick={(event) => {
                            event.stopPropagation();
                            toggle(entry.id);
                          }}
                        >
                          {expanded ? <IconChevronDown size={14} aria-hidden /> : <IconChevronRight size={14} aria-hidden />}
                        </ActionIcon>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" title={formatDateTime(entry.createdAt)}>
                          {formatRelative(entry.createdAt)}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" truncate maw={240}>
                          {entry.actorEmail ?? 'System'}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Badge variant="light" ff="monospace" fw={500}>
                          {entry.action}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">
                          {entry.entityType}
                          {entry.entityId && (
                            <Text span size="xs" c="dimmed" ff="monospace">
                              {' '}
                              {entry.entityId.slice(0, 8)}
                            </Text>
                          )}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                    <Table.Tr style={{ display: expanded ? undefined : 'none' }}>
                      <Table.Td colSpan={5} p={0}>
                        <Collapse expanded={expanded}>
                          <EntryDetails entry={entry} />
                        </Collapse>
                      </Table.Td>
                    </Table.Tr>
                  </Fragment>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>
      <LoadMore hasNextPage={audit.hasNextPage} isFetchingNextPage={audit.isFetchingNextPage} fetchNextPage={audit.fetchNextPage} />
    </>
  );
}

const json = (value: unknown) => (value === null || value === undefined ? '—' : JSON.stringify(value, null, 2));

function EntryDetails({ entry }: { entry: AuditEntry }) {
  return (
    <Stack gap="sm" p="md" data-testid="audit-details">
      <Group gap="lg">
        <Meta label="Time" value={formatDateTime(entry.createdAt)} />
        <Meta label="IP" value={entry.ip ?? '—'} />
        <Meta label="Request" value={entry.requestId ?? '—'} />
        {entry.entityId && <Meta label="Entity id" value={entry.entityId} />}
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
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
      </SimpleGrid>
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
