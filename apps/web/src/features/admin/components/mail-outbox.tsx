import { Accordion, Card, EmptyState, Group, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconMail, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { LoadMore } from '@/components/ui/load-more.tsx';
import { QueryError } from '@/components/ui/query-error.tsx';
import { TableSkeleton } from '@/components/ui/table-skeleton.tsx';
import { formatDateTime, formatRelative } from '@/lib/format.ts';
import { useOutbox } from '../api/admin.ts';
import { Linkify } from './linkify.tsx';

/** The dev outbox: emails Grip would have sent (no SMTP configured), newest first, with their links clickable. */
export function MailOutbox({ initialTo = '' }: { initialTo?: string }) {
  const [to, setTo] = useState(initialTo);
  const [debounced] = useDebouncedValue(to.trim(), 300);
  const mail = useOutbox(debounced);

  return (
    <Stack gap="md" data-testid="mail-outbox">
      <TextInput
        placeholder="Filter by recipient"
        leftSection={<IconSearch size={16} aria-hidden />}
        value={to}
        onChange={(event) => setTo(event.currentTarget.value)}
        aria-label="Filter by recipient"
        maw={420}
        data-testid="mail-filter"
      />
      {mail.isPending ? (
        <Card p={0}>
          <TableSkeleton label="Loading mail" />
        </Card>
      ) : mail.isError ? (
        <QueryError title="Cannot load the outbox" error={mail.error} onRetry={() => void mail.refetch()} retrying={mail.isFetching} />
      ) : mail.data.pages[0]?.items.length === 0 ? (
        <Card>
          <EmptyState
            icon={<IconMail size={28} aria-hidden />}
            withIndicatorBackground
            title="No mail"
            description={debounced ? `Nothing was sent to “${debounced}”.` : 'Emails appear here when SMTP is not configured.'}
          />
        </Card>
      ) : (
        <>
          <Accordion variant="separated" multiple chevronPosition="right">
            {mail.data.pages
              .flatMap((page) => page.items)
              .map((message) => (
                <Accordion.Item key={message.id} value={message.id} data-testid="mail-message">
                  <Accordion.Control>
                    <Group justify="space-between" wrap="nowrap" gap="sm">
                      <Stack gap={0} miw={0}>
                        <Text size="sm" fw={600} truncate data-testid="mail-subject">
                          {message.subject}
                        </Text>
                        <Text size="xs" c="dimmed" truncate>
                          To {message.to.join(', ')}
                        </Text>
                      </Stack>
                      <Text size="xs" c="dimmed" title={formatDateTime(message.createdAt)} style={{ whiteSpace: 'nowrap' }}>
                        {formatRelative(message.createdAt)}
                      </Text>
                    </Group>
                  </Accordion.Control>
                  <Accordion.Panel>
                    <Text size="sm" component="div" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="mail-body">
                      <Linkify text={message.text} />
                    </Text>
                  </Accordion.Panel>
                </Accordion.Item>
              ))}
          </Accordion>
          <LoadMore hasNextPage={mail.hasNextPage} isFetchingNextPage={mail.isFetchingNextPage} fetchNextPage={mail.fetchNextPage} />
        </>
      )}
    </Stack>
  );
}
