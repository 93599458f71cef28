import { Card, Skeleton, Stack, Text, ThemeIcon, Timeline, Title, Tooltip } from '@mantine/core';
import { IconArrowRight, IconEdit, IconHistory, IconLock, IconMessage, IconPlus, IconUserCheck, type Icon } from '@tabler/icons-react';
import type { HistoryEntry } from '@grip/contracts/tickets';
import { LoadMore } from '@/components/ui/load-more.tsx';
import { QueryError } from '@/components/ui/query-error.tsx';
import { formatDateTime, formatRelative } from '@/lib/format.ts';
import { useTicketHistory } from '../../api/ticket.ts';
import { PRIORITY_LABELS } from '@/components/tickets/ticket-badges.tsx';

const KIND_LABELS: Record<string, string> = {
  'ticket.created': 'Created the ticket',
  'ticket.updated': 'Edited the ticket',
  'ticket.assigned': 'Assigned the ticket',
  'ticket.unassigned': 'Unassigned the ticket',
  'ticket.replied': 'Replied to the customer',
  'ticket.note_added': 'Added an internal note',
};

function kindIcon(kind: string): { icon: Icon; color: string } {
  if (kind === 'transition') return { icon: IconArrowRight, color: 'grip' };
  if (kind === 'ticket.replied') return { icon: IconMessage, color: 'gray' };
  if (kind === 'ticket.note_added') return { icon: IconLock, color: 'yellow' };
  if (kind.endsWith('.created')) return { icon: IconPlus, color: 'teal' };
  if (kind.includes('assign')) return { icon: IconUserCheck, color: 'blue' };
  if (kind.endsWith('.updated')) return { icon: IconEdit, color: 'blue' };
  return { icon: IconHistory, color: 'gray' };
}

const labelOf = (entry: HistoryEntry) => {
  if (entry.kind === 'transition') return entry.fromStage ? 'Moved' : 'Placed';
  return KIND_LABELS[entry.kind] ?? entry.kind.replace(/^ticket\./, '').replace(/[._]/g, ' ').replace(/^\w/, (c) => c.toUpperCase());
};

const asRecord = (value: unknown): Record<string, unknown> | null =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;

// Bookkeeping that changes with every write and means nothing to a reader.
const HIDDEN_KEYS = new Set(['id', 'number', 'version', 'updatedAt', 'createdAt', 'workspaceId', 'overdue', 'messageCount', 'dueSource', 'stage', 'stageId', 'completedAt']);
const KEY_LABELS: Record<string, string> = { title: 'Title', description: 'Description', priority: 'Priority', dueAt: 'Due', customer: 'Customer', customerId: 'Customer', assignee: 'Assignee', assigneeId: 'Assignee' };

function show(key: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return key === 'dueAt' ? 'from SLA' : key.startsWith('assignee') ? 'nobody' : '—';
  if (key === 'priority' && typeof value === 'string' && value in PRIORITY_LABELS) return PRIORITY_LABELS[value as keyof typeof PRIORITY_LABELS];
  if (key === 'dueAt' && typeof value === 'string') return formatDateTime(value);
  const record = asRecord(value);
  if (record) return String(record.name || record.email || '…');
  const text = String(value as string);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** "Stage: New → In Progress", "Priority: Normal → Urgent"; a few lines at most. */
export function summarize(entry: HistoryEntry): string[] {
  if (entry.kind === 'transition') {
    return [entry.fromStage ? `${entry.fromStage.name} → ${entry.toStage?.name ?? '?'}` : `Into ${entry.toStage?.name ?? '?'}`];
  }
  const before = asRecord(entry.before);
  const after = asRecord(entry.after);
  const files = typeof after?.attachments === 'number' ? after.attachments : 0;
  if (files > 0) return [`With ${files} attachment${files === 1 ? '' : 's'}`];
  if (!before || !after) return [];
  const keys = Object.keys({ ...before, ...after }).filter(
    (key) => !HIDDEN_KEYS.has(key) && JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null),
  );
  // Ids mean nothing to a reader: a change to one is named, not shown (the fields panel shows who now).
  const lines = keys.slice(0, 4).map((key) => {
    const label = KEY_LABELS[key] ?? key;
    if (key.endsWith('Id') || key === 'description') return `${label} changed`;
    return `${label}: ${show(key, before[key])} → ${show(key, after[key])}`;
  });
  if (keys.length > 4) lines.push(`and ${keys.length - 4} more`);
  return lines;
}

/** What happened to the ticket, newest first: stage moves (from → to), assignments, edits. */
export function TicketHistory({ workspace, ticketId }: { workspace: string; ticketId: string }) {
  const history = useTicketHistory(workspace, ticketId);

  let body;
  if (history.isPending) {
    body = (
      <Stack gap="sm" aria-busy aria-label="Loading history">
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} height={36} />
        ))}
      </Stack>
    );
  } else if (history.isError) {
    body = <QueryError title="The history could not be loaded" error={history.error} onRetry={() => void history.refetch()} retrying={history.isFetching} />;
  } else {
    const entries = history.data.pages.flatMap((page) => page.items);
    body =
      entries.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="history-empty">
          Nothing has happened yet.
        </Text>
      ) : (
        <>
          <Timeline bulletSize={24} lineWidth={2} data-testid="history">
            {entries.map((entry) => {
              const { icon: EntryIcon, color } = kindIcon(entry.kind);
              return (
                <Timeline.Item
                  key={entry.id}
                  bullet={
                    <ThemeIcon size={24} radius="xl" variant="light" color={color}>
                      <EntryIcon size={13} aria-hidden />
                    </ThemeIcon>
                  }
                  title={
                    <Text size="sm" fw={600}>
                      {labelOf(entry)}
                    </Text>
                  }
                  data-testid="history-entry"
                  data-kind={entry.kind}
                >
                  {summarize(entry).map((line, index) => (
                    <Text key={index} size="sm" style={{ overflowWrap: 'anywhere' }}>
                      {line}
                    </Text>
                  ))}
                  <Text size="xs" c="dimmed" mt={2}>
                    {entry.actor.email ?? 'System'} ·{' '}
                    <Tooltip label={formatDateTime(entry.at)}>
                      <span>{formatRelative(entry.at)}</span>
                    </Tooltip>
                  </Text>
                </Timeline.Item>
              );
            })}
          </Timeline>
          <LoadMore hasNextPage={history.hasNextPage} isFetchingNextPage={history.isFetchingNextPage} fetchNextPage={history.fetchNextPage} data-testid="history-load-more" />
        </>
      );
  }

  return (
    <Card padding="md" data-testid="ticket-history">
      <Title order={2} fz="sm" fw={600} tt="uppercase" c="dimmed" mb="sm">
        History
      </Title>
      {body}
    </Card>
  );
}
