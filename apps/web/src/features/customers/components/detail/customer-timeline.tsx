import { Skeleton, Stack, Text, ThemeIcon, Timeline, Tooltip } from '@mantine/core';
import {
  IconArrowMerge,
  IconEdit,
  IconFileCertificate,
  IconHistory,
  IconNote,
  IconPlus,
  IconRestore,
  IconTrash,
  type Icon,
} from '@tabler/icons-react';
import type { TimelineEntry } from '@grip/contracts/customers';
import { LoadMore } from '@/components/ui/load-more.tsx';
import { QueryError } from '@/components/ui/query-error.tsx';
import { formatDateTime, formatRelative } from '@/lib/format.ts';
import { useCustomerTimeline } from '../../api/customer.ts';

const ACTION_LABELS: Record<string, string> = {
  'customer.created': 'Customer created',
  'customer.updated': 'Customer updated',
  'customer.deleted': 'Moved to trash',
  'customer.restored': 'Restored from trash',
  'customer.merged': 'Another customer merged in',
  'customer.merged_away': 'Merged into another customer',
  'policy.created': 'Policy added',
  'policy.updated': 'Policy updated',
  'policy.deleted': 'Policy deleted',
  'note.created': 'Note added',
  'note.updated': 'Note edited',
  'note.deleted': 'Note deleted',
};

const VERB_ICONS: Record<string, Icon> = {
  created: IconPlus,
  updated: IconEdit,
  deleted: IconTrash,
  restored: IconRestore,
  merged: IconArrowMerge,
  merged_away: IconArrowMerge,
};
const VERB_COLORS: Record<string, string> = { created: 'teal', updated: 'blue', deleted: 'red', restored: 'teal', merged: 'grape', merged_away: 'grape' };

function entryIcon(action: string): Icon {
  const [subject, verb = ''] = action.split('.');
  if (verb === 'updated' || verb === 'created') {
    if (subject === 'note') return IconNote;
    if (subject === 'policy') return IconFileCertificate;
  }
  return VERB_ICONS[verb] ?? IconHistory;
}

const labelOf = (action: string) =>
  ACTION_LABELS[action] ?? action.replace('.', ' ').replace(/^\w/, (c) => c.toUpperCase());

// Bookkeeping columns that change with every write and mean nothing to a reader.
const HIDDEN_KEYS = new Set(['id', 'version', 'updatedAt', 'createdAt', 'workspaceId', 'customerId', 'searchText', 'canEdit', 'canDelete']);

const asRecord = (value: unknown): Record<string, unknown> | null =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.length === 0 ? '—' : value.map(show).join(', ');
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.name === 'string') return record.name;
    return Object.values(record).filter((v) => v !== '' && v !== null).map(show).join(', ') || '—';
  }
  const text = String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

const humanKey = (key: string) =>
  key
    .replace(/^custom\./, '')
    .replace(/([A-Z])/g, ' $1')
    .replace(/_/g, ' ')
    .replace(/^\w/, (c) => c.toUpperCase());

/** Flattens `custom` one level, so a custom field's change reads like any other field's. */
function flatten(record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    const nested = key === 'custom' ? asRecord(value) : null;
    if (nested) for (const [k, v] of Object.entries(nested)) out[`custom.${k}`] = v;
    else out[key] = value;
  }
  return out;
}

/** "Status: lead → active" for each changed field (a few at most), or what was created or removed. */
export function summarize(entry: TimelineEntry): string[] {
  const before = asRecord(entry.before);
  const after = asRecord(entry.after);
  if (entry.action === 'customer.merged') {
    const secondary = asRecord(before?.secondary);
    const moved = asRecord(after?.moved);
    const counts = Object.entries(moved ?? {})
      .filter(([, n]) => typeof n === 'number' && n > 0)
      .map(([what, n]) => `${String(n)} ${what}`);
    return [
      ...(typeof secondary?.name === 'string' ? [`${secondary.name} was merged into this customer`] : []),
      ...(counts.length > 0 ? [`Moved: ${counts.join(', ')}`] : []),
    ];
  }
  if (entry.action === 'customer.merged_away') return [];
  if (before && after) {
    const b = flatten(before);
    const a = flatten(after);
    const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter(
      (key) => !HIDDEN_KEYS.has(key) && JSON.stringify(b[key] ?? null) !== JSON.stringify(a[key] ?? null),
    );
    // Owners are stored by id; the entry says that it changed, the overview says to whom.
    const lines = keys.slice(0, 4).map((key) => (key === 'ownerId' ? 'Owner changed' : `${humanKey(key)}: ${show(b[key])} → ${show(a[key])}`));
    if (keys.length > 4) lines.push(`and ${keys.length - 4} more`);
    return lines;
  }
  const record = after ?? before;
  if (!record) return [];
  if (typeof record.body === 'string') return [show(record.body)];
  if (typeof record.number === 'string') return [[record.number, record.product].filter(Boolean).map(show).join(' · ')];
  if (typeof record.name === 'string') return [record.name];
  return [];
}

/** The customer's history (audit entries about it, its policies and notes), newest first. */
export function CustomerTimeline({ workspace, customerId }: { workspace: string; customerId: string }) {
  const timeline = useCustomerTimeline(workspace, customerId);
  if (timeline.isPending) {
    return (
      <Stack gap="md" aria-busy data-testid="timeline-loading">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} height={40} />
        ))}
      </Stack>
    );
  }
  if (timeline.isError) {
    return <QueryError title="Activity could not be loaded" error={timeline.error} onRetry={() => void timeline.refetch()} retrying={timeline.isFetching} />;
  }
  const entries = timeline.data.pages.flatMap((page) => page.items);
  if (entries.length === 0) {
    return (
      <Stack align="center" gap={4} py="xl" c="dimmed" data-testid="timeline-empty">
        <IconHistory size={32} stroke={1.4} aria-hidden />
        <Text size="sm">No activity yet.</Text>
      </Stack>
    );
  }
  return (
    <>
      <Timeline bulletSize={26} lineWidth={2} data-testid="timeline">
        {entries.map((entry) => {
          const EntryIcon = entryIcon(entry.action);
          const verb = entry.action.split('.')[1] ?? '';
          return (
            <Timeline.Item
              key={entry.id}
              bullet={
                <ThemeIcon size={26} radius="xl" variant="light" color={VERB_COLORS[verb] ?? 'gray'}>
                  <EntryIcon size={14} aria-hidden />
                </ThemeIcon>
              }
              title={
                <Text size="sm" fw={600}>
                  {labelOf(entry.action)}
                </Text>
              }
              data-testid="timeline-entry"
            >
              <Text size="xs" c="dimmed">
                {entry.actorEmail ?? 'System'} ·{' '}
                <Tooltip label={formatDateTime(entry.createdAt)}>
                  <span>{formatRelative(entry.createdAt)}</span>
                </Tooltip>
              </Text>
              {summarize(entry).map((line, index) => (
                <Text key={index} size="sm" mt={4} style={{ overflowWrap: 'anywhere' }}>
                  {line}
                </Text>
              ))}
            </Timeline.Item>
          );
        })}
      </Timeline>
      <LoadMore hasNextPage={timeline.hasNextPage} isFetchingNextPage={timeline.isFetchingNextPage} fetchNextPage={timeline.fetchNextPage} />
    </>
  );
}
