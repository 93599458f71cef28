import { ActionIcon, Button, Divider, Group, Indicator, Popover, ScrollArea, Skeleton, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconBell, IconChecks } from '@tabler/icons-react';
import type { Notification } from '@grip/contracts/notifications';
import { RouterButton } from '@/components/ui/link.tsx';
import { notifyError } from '@/lib/notify.ts';
import { useMarkAllNotificationsRead, useNotifications, useUnreadCount } from '../api/notifications.ts';
import { NotificationItem } from './notification-item.tsx';
import classes from './notifications.module.css';
import { useOpenNotification } from './use-open-notification.ts';

/** How many of the latest notifications the bell shows; the rest are on the notifications page. */
const BELL_LIMIT = 8;

/** The top bar's bell: unread count, and the latest notifications a click away. */
export function NotificationBell({ workspace }: { workspace: string }) {
  const [opened, { close, set, toggle }] = useDisclosure(false);
  const unread = useUnreadCount(workspace).data ?? 0;
  // Here, not in the panel: the panel unmounts as the notification opens, and its mutation's callbacks with it.
  const open = useOpenNotification(workspace, close);
  const label = unread > 0 ? `Notifications, ${unread} unread` : 'Notifications';

  return (
    // Controlled (the panel closes itself after a click), so the target toggles it; onChange reports outside clicks and Escape.
    <Popover opened={opened} onChange={set} position="bottom-end" width={380} shadow="md">
      <Popover.Target>
        {/* Visible overflow: the count sits on the icon's corner and may be wider than the button ("99+"). */}
        <ActionIcon size="lg" onClick={toggle} aria-label={label} style={{ overflow: 'visible' }} data-testid="notification-bell">
          <Indicator
            label={unread}
            disabled={unread === 0}
            maxValue={99}
            size={16}
            offset={2}
            color="red"
            fz={10}
            fw={700}
            attributes={{ indicator: { 'data-testid': 'notification-bell-count' } }}
          >
            <IconBell size={19} stroke={1.7} aria-hidden />
          </Indicator>
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown className={classes.dropdown} data-testid="notification-popover" aria-label="Notifications">
        {opened && <BellPanel workspace={workspace} unread={unread} onOpen={open} onClose={close} />}
      </Popover.Dropdown>
    </Popover>
  );
}

interface BellPanelProps {
  workspace: string;
  unread: number;
  onOpen: (notification: Notification) => void;
  onClose: () => void;
}

function BellPanel({ workspace, unread, onOpen, onClose }: BellPanelProps) {
  const list = useNotifications(workspace, { unreadOnly: false, limit: BELL_LIMIT }, { staleTime: 0 });
  const markAll = useMarkAllNotificationsRead(workspace);
  const items = list.data?.pages[0]?.items ?? [];

  return (
    <>
      <Group justify="space-between" px="md" py="xs" wrap="nowrap">
        <Text fw={650} c="bright">
          Notifications
        </Text>
        <Button
          variant="subtle"
          size="compact-sm"
          leftSection={<IconChecks size={14} aria-hidden />}
          disabled={unread === 0}
          onClick={() => markAll.mutate(undefined, { onError: (error) => notifyError(error, 'Could not mark all as read') })}
          data-testid="notification-mark-all"
        >
          Mark all as read
        </Button>
      </Group>
      <Divider />
      <ScrollArea.Autosize mah="min(420px, 60vh)" type="auto">
        {list.isPending ? (
          <Stack gap="sm" p="md" aria-busy="true" aria-label="Loading notifications">
            {[0, 1, 2].map((key) => (
              <Skeleton key={key} h={44} />
            ))}
          </Stack>
        ) : list.isError ? (
          <Stack gap="xs" p="md" align="flex-start" role="alert">
            <Text size="sm" c="red">
              {list.error.message}
            </Text>
            <Button size="compact-sm" variant="light" color="red" onClick={() => void list.refetch()} loading={list.isFetching}>
              Retry
            </Button>
          </Stack>
        ) : items.length === 0 ? (
          <Text size="sm" c="dimmed" ta="center" p="xl" data-testid="notifications-empty">
            You’re all caught up
          </Text>
        ) : (
          <div data-testid="notification-list">
            {items.map((notification) => (
              <NotificationItem key={notification.id} notification={notification} onOpen={onOpen} />
            ))}
          </div>
        )}
      </ScrollArea.Autosize>
      <Divider />
      <RouterButton
        to="/w/$workspace/notifications"
        params={{ workspace }}
        variant="subtle"
        fullWidth
        radius={0}
        onClick={onClose}
        data-testid="notification-see-all"
      >
        See all
      </RouterButton>
    </>
  );
}
