import { Box, Text, Tooltip, UnstyledButton } from '@mantine/core';
import type { Notification } from '@grip/contracts/notifications';
import { formatDateTime, formatRelative } from '@/lib/format.ts';
import classes from './notifications.module.css';

interface NotificationItemProps {
  notification: Notification;
  onOpen: (notification: Notification) => void;
  /** Lines of body text before it is cut (the bell keeps items short). */
  bodyLines?: number;
}

/** One notification: unread dot, title, body and when; clicking opens what it is about. */
export function NotificationItem({ notification, onOpen, bodyLines = 2 }: NotificationItemProps) {
  const unread = notification.readAt === null;
  return (
    <UnstyledButton
      className={classes.item}
      mod={{ unread }}
      onClick={() => onOpen(notification)}
      data-testid="notification-item"
      aria-label={`${unread ? 'Unread: ' : ''}${notification.title}`}
    >
      <span className={classes.dot} data-unread={unread || undefined} data-testid={unread ? 'notification-unread-dot' : undefined} aria-hidden />
      <Box component="span" className={classes.text}>
        <Text component="span" display="block" size="sm" fw={unread ? 650 : 500} c={unread ? 'bright' : undefined} style={{ overflowWrap: 'anywhere' }}>
          {notification.title}
        </Text>
        {notification.body && (
          <Text component="span" size="sm" c="dimmed" lineClamp={bodyLines} style={{ overflowWrap: 'anywhere' }}>
            {notification.body}
          </Text>
        )}
        <Tooltip label={formatDateTime(notification.createdAt)}>
          <Text size="xs" c="dimmed" w="fit-content" component="time" dateTime={notification.createdAt}>
            {formatRelative(notification.createdAt)}
          </Text>
        </Tooltip>
      </Box>
    </UnstyledButton>
  );
}
