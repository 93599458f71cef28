import { Button, Card, EmptyState, Group, SegmentedControl, Skeleton, Stack } from '@mantine/core';
import { IconBellCheck, IconChecks } from '@tabler/icons-react';
import { useState } from 'react';
import { LoadMore } from '@/components/ui/load-more.tsx';
import { QueryError } from '@/components/ui/query-error.tsx';
import { notifyError } from '@/lib/notify.ts';
import { useMarkAllNotificationsRead, useNotifications, useUnreadCount } from '../api/notifications.ts';
import { NotificationItem } from './notification-item.tsx';
import { useOpenNotification } from './use-open-notification.ts';

const PAGE_SIZE = 25;

/** Every notification of the signed-in user in this workspace, newest first, with an unread-only filter. */
export function NotificationsInbox({ workspace }: { workspace: string }) {
  const [filter, setFilter] = useState<'all' | 'unread'>('all');
  const list = useNotifications(workspace, { unreadOnly: filter === 'unread', limit: PAGE_SIZE });
  const unread = useUnreadCount(workspace).data ?? 0;
  const markAll = useMarkAllNotificationsRead(workspace);
  const open = useOpenNotification(workspace);
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Stack gap="md">
      <Group justify="space-between" gap="sm">
        <SegmentedControl
          value={filter}
          onChange={(value) => setFilter(value === 'unread' ? 'unread' : 'all')}
          data={[
            { value: 'all', label: 'All' },
            { value: 'unread', label: unread > 0 ? `Unread (${unread})` : 'Unread' },
          ]}
          aria-label="Show"
          data-testid="notifications-filter"
        />
        <Button
          variant="default"
          leftSection={<IconChecks size={16} aria-hidden />}
          disabled={unread === 0}
          loading={markAll.isPending}
          onClick={() => markAll.mutate(undefined, { onError: (error) => notifyError(error, 'Could not mark all as read') })}
          data-testid="notifications-mark-all"
        >
          Mark all as read
        </Button>
      </Group>

      {list.isPending ? (
        <Card p="md" aria-busy="true" aria-label="Loading notifications">
          <Stack gap="sm">
            {[0, 1, 2, 3].map((key) => (
              <Skeleton key={key} h={52} />
            ))}
          </Stack>
        </Card>
      ) : list.isError ? (
        <QueryError title="Notifications could not be loaded" error={list.error} onRetry={() => void list.refetch()} retrying={list.isFetching} />
      ) : items.length === 0 ? (
        <Card data-testid="notifications-empty">
          <EmptyState
            icon={<IconBellCheck size={28} aria-hidden />}
            withIndicatorBackground
            title="You’re all caught up"
            description={filter === 'unread' ? 'No unread notifications.' : 'Assignments and overdue tickets will show up here.'}
          />
        </Card>
      ) : (
        <div>
          <Card p={0} style={{ overflow: 'hidden' }} data-testid="notifications-page-list">
            {items.map((notification) => (
              <NotificationItem key={notification.id} notification={notification} onOpen={open} bodyLines={4} />
            ))}
          </Card>
          <LoadMore hasNextPage={list.hasNextPage} isFetchingNextPage={list.isFetchingNextPage} fetchNextPage={list.fetchNextPage} />
        </div>
      )}
    </Stack>
  );
}
