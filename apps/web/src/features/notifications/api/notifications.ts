import { infiniteQueryOptions, queryOptions, useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData, type QueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import {
  notificationPageSchema,
  notificationPreferencesSchema,
  unreadCountSchema,
  type NotificationPage,
  type NotificationPreference,
} from '@grip/contracts/notifications';
import { apiFetch } from '@/lib/api.ts';

const workspacePath = (slug: string) => `/api/v1/w/${encodeURIComponent(slug)}`;
const notificationsPath = (slug: string) => `${workspacePath(slug)}/notifications`;

/** Every notification query of a workspace starts with this: one invalidation refreshes the bell and the page. */
export const notificationsQueryKey = (slug: string) => ['notifications', slug] as const;
export const unreadCountQueryKey = (slug: string) => [...notificationsQueryKey(slug), 'unread-count'] as const;
const notificationListQueryKey = (slug: string, filter: NotificationListFilter) => [...notificationsQueryKey(slug), 'list', filter] as const;
export const notificationPreferencesQueryKey = (slug: string) => ['notification-preferences', slug] as const;

export interface NotificationListFilter {
  unreadOnly: boolean;
  /** Page size: the bell shows a few, the page more. */
  limit: number;
}

/** How many of the caller's notifications are unread; polled so the bell stays current without real-time. */
export const getUnreadCountQueryOptions = (slug: string) =>
  queryOptions({
    queryKey: unreadCountQueryKey(slug),
    queryFn: ({ signal }) => apiFetch(`${notificationsPath(slug)}/unread-count`, { schema: unreadCountSchema, signal }),
    select: (data) => data.unread,
    staleTime: 10_000,
    refetchInterval: 30_000,
    refetchOnWindowFocus: 'always',
  });

export function useUnreadCount(slug: string) {
  return useQuery(getUnreadCountQueryOptions(slug));
}

/** The caller's notifications, newest first. Each page carries the unread count, which keeps the bell in step. */
export const getNotificationsQueryOptions = (slug: string, filter: NotificationListFilter) =>
  infiniteQueryOptions({
    queryKey: notificationListQueryKey(slug, filter),
    queryFn: async ({ pageParam, signal, client }) => {
      const query = new URLSearchParams({ limit: String(filter.limit) });
      if (filter.unreadOnly) query.set('unread', 'true');
      if (pageParam) query.set('cursor', pageParam);
      const page = await apiFetch(`${notificationsPath(slug)}?${query.toString()}`, { schema: notificationPageSchema, signal });
      client.setQueryData(unreadCountQueryKey(slug), { unread: page.unread });
      return page;
    },
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });

/** `enabled: false` until the list is shown (the bell's popover); `staleTime: 0` refreshes it on every showing. */
export function useNotifications(slug: string, filter: NotificationListFilter, options: { enabled?: boolean; staleTime?: number } = {}) {
  return useInfiniteQuery({ ...getNotificationsQueryOptions(slug, filter), ...options });
}

type ListData = InfiniteData<NotificationPage, string | null>;
type UnreadData = z.infer<typeof unreadCountSchema>;

interface Snapshot {
  lists: [readonly unknown[], ListData | undefined][];
  unread: UnreadData | undefined;
}

/**
 * Applies a read change to every cached list and the unread count at once, so the bell, its badge and the page agree
 * before the server answers. Returns what was there, for a rollback.
 */
async function markCachedAsRead(queryClient: QueryClient, slug: string, isTarget: (id: string) => boolean, unreadAfter: (unread: number, wasUnread: number) => number): Promise<Snapshot> {
  await queryClient.cancelQueries({ queryKey: notificationsQueryKey(slug) });
  const lists = queryClient.getQueriesData<ListData>({ queryKey: [...notificationsQueryKey(slug), 'list'] });
  const unread = queryClient.getQueryData<UnreadData>(unreadCountQueryKey(slug));
  const readAt = new Date().toISOString();

  // Seen once across lists: the same notification can sit in both the "all" and the "unread" list.
  const wasUnreadIds = new Set<string>();
  for (const [key, data] of lists) {
    if (!data) continue;
    queryClient.setQueryData<ListData>(key, {
      ...data,
      pages: data.pages.map((page) => ({
        ...page,
        items: page.items.map((item) => {
          if (!isTarget(item.id) || item.readAt !== null) return item;
          wasUnreadIds.add(item.id);
          return { ...item, readAt };
        }),
      })),
    });
  }
  if (unread) queryClient.setQueryData<UnreadData>(unreadCountQueryKey(slug), { unread: Math.max(0, unreadAfter(unread.unread, wasUnreadIds.size)) });
  return { lists, unread };
}

function restore(queryClient: QueryClient, slug: string, snapshot: Snapshot | undefined) {
  if (!snapshot) return;
  for (const [key, data] of snapshot.lists) queryClient.setQueryData(key, data);
  queryClient.setQueryData(unreadCountQueryKey(slug), snapshot.unread);
}

export function useMarkNotificationRead(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (notificationId: string) =>
      apiFetch(`${notificationsPath(slug)}/${encodeURIComponent(notificationId)}/read`, { method: 'POST', schema: z.unknown() }),
    onMutate: (notificationId) => markCachedAsRead(queryClient, slug, (id) => id === notificationId, (unread, marked) => unread - marked),
    onError: (_error, _id, snapshot) => restore(queryClient, slug, snapshot),
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationsQueryKey(slug) }),
  });
}

export function useMarkAllNotificationsRead(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch(`${notificationsPath(slug)}/read-all`, { method: 'POST', schema: z.unknown() }),
    onMutate: () => markCachedAsRead(queryClient, slug, () => true, () => 0),
    onError: (_error, _input, snapshot) => restore(queryClient, slug, snapshot),
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationsQueryKey(slug) }),
  });
}

/** Per kind: in the app, by email; every kind is listed (the server fills in the defaults). */
export const getNotificationPreferencesQueryOptions = (slug: string) =>
  queryOptions({
    queryKey: notificationPreferencesQueryKey(slug),
    queryFn: ({ signal }) => apiFetch(`${workspacePath(slug)}/notification-preferences`, { schema: notificationPreferencesSchema, signal }),
    select: (data) => data.items,
  });

export function useNotificationPreferences(slug: string) {
  return useQuery(getNotificationPreferencesQueryOptions(slug));
}

export function useUpdateNotificationPreferences(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (items: NotificationPreference[]) =>
      apiFetch(`${workspacePath(slug)}/notification-preferences`, { method: 'PUT', body: { items }, schema: notificationPreferencesSchema }),
    onSuccess: (saved) => queryClient.setQueryData(notificationPreferencesQueryKey(slug), saved),
  });
}
