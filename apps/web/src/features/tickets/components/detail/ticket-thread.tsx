import { Avatar, Badge, Card, Group, Skeleton, Stack, Text, Tooltip } from '@mantine/core';
import { IconLock, IconMessages } from '@tabler/icons-react';
import type { TicketMessage } from '@grip/contracts/tickets';
import { LoadMore } from '@/components/ui/load-more.tsx';
import { QueryError } from '@/components/ui/query-error.tsx';
import { formatDateTime, formatRelative } from '@/lib/format.ts';
import { useTicketMessages } from '../../api/ticket.ts';
import { AttachmentChip } from './attachment-chip.tsx';
import { personName } from './ticket-display.tsx';

/** The conversation, oldest first: public replies (the customer sees them) and internal notes (staff only). */
export function TicketThread({ workspace, ticketId }: { workspace: string; ticketId: string }) {
  const messages = useTicketMessages(workspace, ticketId);
  const items = messages.data?.pages.flatMap((page) => page.items) ?? [];

  if (messages.isPending) {
    return (
      <Stack gap="sm" aria-busy aria-label="Loading messages" data-testid="thread-loading">
        {[0, 1].map((i) => (
          <Skeleton key={i} height={88} radius="md" />
        ))}
      </Stack>
    );
  }
  if (messages.isError) {
    return <QueryError title="The messages could not be loaded" error={messages.error} onRetry={() => void messages.refetch()} retrying={messages.isFetching} />;
  }
  if (items.length === 0) {
    return (
      <Stack align="center" gap={4} py="xl" c="dimmed" data-testid="thread-empty">
        <IconMessages size={32} stroke={1.4} aria-hidden />
        <Text size="sm">No messages yet. Write the first reply or an internal note below.</Text>
      </Stack>
    );
  }
  return (
    <Stack gap="sm" data-testid="thread">
      {items.map((message) => (
        <MessageCard key={message.id} workspace={workspace} ticketId={ticketId} message={message} />
      ))}
      <LoadMore
        hasNextPage={messages.hasNextPage}
        isFetchingNextPage={messages.isFetchingNextPage}
        fetchNextPage={messages.fetchNextPage}
        data-testid="thread-load-more"
      />
    </Stack>
  );
}

function MessageCard({ workspace, ticketId, message }: { workspace: string; ticketId: string; message: TicketMessage }) {
  const author = personName(message.author);
  const internal = message.internal;
  return (
    <Card
      padding="sm"
      // Internal notes must never be mistaken for what the customer sees: tinted, edged and labelled.
      bg={internal ? 'var(--mantine-color-yellow-light)' : undefined}
      style={internal ? { borderLeft: '4px solid var(--mantine-color-yellow-filled)' } : undefined}
      data-testid="message"
      data-internal={internal}
    >
      <Group justify="space-between" wrap="nowrap" gap="xs" mb={6}>
        <Group gap="xs" wrap="nowrap" miw={0}>
          <Avatar size="sm" radius="xl" color="initials" name={author} />
          <Text size="sm" fw={600} truncate>
            {author}
          </Text>
          <Tooltip label={formatDateTime(message.createdAt)}>
            <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
              {formatRelative(message.createdAt)}
            </Text>
          </Tooltip>
        </Group>
        {internal ? (
          <Badge color="yellow" variant="filled" leftSection={<IconLock size={12} aria-hidden />} style={{ flexShrink: 0 }} data-testid="message-internal-badge">
            Internal note
          </Badge>
        ) : (
          <Badge color="gray" style={{ flexShrink: 0 }}>
            Reply
          </Badge>
        )}
      </Group>
      {message.body && (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="message-body">
          {message.body}
        </Text>
      )}
      {message.attachments.length > 0 && (
        <Group gap="xs" mt="xs" data-testid="message-attachments">
          {message.attachments.map((attachment) => (
            <AttachmentChip key={attachment.id} workspace={workspace} ticketId={ticketId} attachment={attachment} />
          ))}
        </Group>
      )}
    </Card>
  );
}
