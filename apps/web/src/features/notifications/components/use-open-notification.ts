import { useNavigate } from '@tanstack/react-router';
import type { Notification } from '@grip/contracts/notifications';
import { notifyError } from '@/lib/notify.ts';
import { safeRedirect } from '@/lib/safe-redirect.ts';
import { useMarkNotificationRead } from '../api/notifications.ts';

/** Opening a notification marks it read (at once, in every list) and goes to what it is about. */
export function useOpenNotification(slug: string, onOpened?: () => void) {
  const markRead = useMarkNotificationRead(slug);
  const navigate = useNavigate();
  return (notification: Notification) => {
    if (notification.readAt === null) {
      markRead.mutate(notification.id, { onError: (error) => notifyError(error, 'Could not mark the notification as read') });
    }
    onOpened?.();
    // Only paths of this app are followed (an `href`, so a link with a query string works as well).
    const target = safeRedirect(notification.link ?? undefined, '');
    if (target) void navigate({ href: target });
  };
}
