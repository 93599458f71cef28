import { Drawer, EmptyState, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconMail, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { DataTable, type DataTableColumn } from '@/components/data-table/data-table.tsx';
import { formatDateTime, formatRelative } from '@/lib/format.ts';
import { useOutbox, type OutboxMail } from '../api/admin.ts';
import { Linkify } from './linkify.tsx';

const columns: DataTableColumn<OutboxMail>[] = [
  {
    id: 'subject',
    header: 'Subject',
    hideable: false,
    card: 'title',
    cell: (message) => (
      <Text span inherit data-testid="mail-subject">
        {message.subject}
      </Text>
    ),
  },
  { id: 'to', header: 'To', card: 'subtitle', cell: (message) => message.to.join(', ') },
  {
    id: 'createdAt',
    header: 'Sent',
    width: 160,
    cell: (message) => <span title={formatDateTime(message.createdAt)}>{formatRelative(message.createdAt)}</span>,
  },
];

const DEFAULT_COLUMNS = columns.map((c) => c.id);

/** The dev outbox: emails Grip would have sent (no SMTP configured), newest first; one opens with its links clickable. */
export function MailOutbox({ initialTo = '' }: { initialTo?: string }) {
  const [to, setTo] = useState(initialTo);
  const [debounced] = useDebouncedValue(to.trim(), 300);
  const mail = useOutbox(debounced);
  const [visibleColumns, setVisibleColumns] = useState(DEFAULT_COLUMNS);
  const [opened, setOpened] = useState<OutboxMail | null>(null);

  return (
    <div data-testid="mail-outbox">
      <DataTable
        aria-label="Mail"
        columns={columns}
        rows={mail.data?.pages.flatMap((page) => page.items) ?? []}
        getRowId={(message) => message.id}
        visibleColumns={visibleColumns}
        onVisibleColumnsChange={setVisibleColumns}
        hasNextPage={mail.hasNextPage}
        isFetchingNextPage={mail.isFetchingNextPage}
        fetchNextPage={() => void mail.fetchNextPage()}
        isLoading={mail.isPending}
        error={mail.error}
        onRetry={() => void mail.refetch()}
        autoHeight
        onRowOpen={setOpened}
        toolbar={
          <TextInput
            placeholder="Filter by recipient"
            leftSection={<IconSearch size={16} aria-hidden />}
            value={to}
            onChange={(event) => setTo(event.currentTarget.value)}
            aria-label="Filter by recipient"
            w={420}
            maw="100%"
            data-testid="mail-filter"
          />
        }
        empty={
          <EmptyState
            icon={<IconMail size={28} aria-hidden />}
            withIndicatorBackground
            title="No mail"
            description={debounced ? `Nothing was sent to “${debounced}”.` : 'Emails appear here when SMTP is not configured.'}
          />
        }
      />
      <Drawer opened={opened !== null} onClose={() => setOpened(null)} position="right" size="lg" title={opened?.subject}>
        {opened && (
          <Stack gap="md">
            <Text size="sm" c="dimmed">
              To {opened.to.join(', ')} · {formatDateTime(opened.createdAt)}
            </Text>
            <Text size="sm" component="div" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="mail-body">
              <Linkify text={opened.text} />
            </Text>
          </Stack>
        )}
      </Drawer>
    </div>
  );
}
