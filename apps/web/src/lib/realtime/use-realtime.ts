import { useQueryClient } from '@tanstack/react-query';
import { useRouter } from '@tanstack/react-router';
import { useEffect, useRef } from 'react';
import { z } from 'zod';
import { notificationKindSchema } from '@grip/contracts/notifications';
import type { RealtimeEvent } from '@grip/contracts/realtime';
import { safeRedirect } from '@/lib/safe-redirect.ts';
import { createCacheUpdater } from './realtime-cache.ts';
import { openRealtimeConnection } from './realtime-connection.ts';
import { setRealtimeStatus } from './realtime-status.ts';
import { showNotificationToast } from './realtime-toast.tsx';

const notificationSnapshotSchema = z.object({
  id: z.string(),
  kind: notificationKindSchema,
  title: z.string(),
  body: z.string(),
  /** The app path it opens, when the event names it. */
  link: z.string().nullish(),
});

/** A new notification as its event describes it. */
export interface LiveNotification {
  id: string;
  kind: z.infer<typeof notificationKindSchema>;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
}

export interface UseRealtimeOptions {
  /** false opens nothing (e.g. while the workspace refuses the user until two-factor is on). */
  enabled?: boolean;
  /** What opening a notification's toast does; by default, go to its link (or the notifications page). */
  onOpenNotification?: (notification: LiveNotification) => void;
}

/**
 * Live updates for one workspace: mount once, in the workspace's layout. Every change the user may see patches or
 * refreshes the cached queries that show it; a new notification also pops up as a toast.
 */
export function useRealtime(slug: string, { enabled = true, onOpenNotification }: UseRealtimeOptions = {}): void {
  const queryClient = useQueryClient();
  const router = useRouter();
  // The latest callback, without reconnecting each time the caller renders.
  const openNotification = useRef(onOpenNotification);
  useEffect(() => {
    openNotification.current = onOpenNotification;
  }, [onOpenNotification]);

  useEffect(() => {
    if (!enabled) return;
    const cache = createCacheUpdater(queryClient, slug);
    const toast = (event: RealtimeEvent) => {
      const parsed = notificationSnapshotSchema.safeParse(event.data);
      if (!parsed.success) return;
      // Events carry the link relative to the workspace (the API's lists give it with the /w/<slug> prefix).
      const link = parsed.data.link ? `/w/${encodeURIComponent(slug)}${parsed.data.link}` : null;
      const notification: LiveNotification = { ...parsed.data, link, createdAt: event.at };
      const open = () => {
        if (openNotification.current) return openNotification.current(notification);
        void router.navigate({ href: safeRedirect(notification.link ?? undefined, `/w/${encodeURIComponent(slug)}/notifications`) });
      };
      showNotificationToast({ id: notification.id, title: notification.title, body: notification.body, open });
    };
    const close = openRealtimeConnection(slug, {
      onEvent: (event) => {
        cache.apply(event);
        if (event.entity === 'notification' && event.op === 'created') toast(event);
      },
      onReset: cache.reset,
      onStatus: setRealtimeStatus,
      // Not signed in any more: asking who is signed in sends the user to sign in.
      onRefused: (code) => {
        if (code === 4401) void queryClient.invalidateQueries({ queryKey: ['me'] });
      },
    });
    return () => {
      close();
      cache.dispose();
      setRealtimeStatus(null);
    };
  }, [enabled, slug, queryClient, router]);
}
