import { z } from 'zod';

/** What a notification is about. Each kind has its own in-app and email preference. */
export const NOTIFICATION_KINDS = ['ticket_assigned', 'ticket_overdue'] as const;
export const notificationKindSchema = z.enum(NOTIFICATION_KINDS);
export type NotificationKind = z.infer<typeof notificationKindSchema>;
export const NOTIFICATION_KIND_LABELS: Record<NotificationKind, string> = {
  ticket_assigned: 'A ticket is assigned to me',
  ticket_overdue: 'A ticket assigned to me is overdue',
};

export const notificationSchema = z
  .object({
    id: z.uuid(),
    kind: notificationKindSchema,
    title: z.string(),
    body: z.string(),
    /** The app path it opens, e.g. /w/acme/tickets/<id>. */
    link: z.string().nullable(),
    readAt: z.iso.datetime({ offset: true }).nullable(),
    createdAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'Notification' });
export type Notification = z.infer<typeof notificationSchema>;

export const notificationListQuery = z.object({
  unread: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(500).optional(),
});
export const notificationPageSchema = z
  .object({ items: z.array(notificationSchema), nextCursor: z.string().nullable(), unread: z.number().int() })
  .meta({ id: 'NotificationPage' });
export type NotificationPage = z.infer<typeof notificationPageSchema>;
export const unreadCountSchema = z.object({ unread: z.number().int() });

export const notificationPreferenceSchema = z.object({ kind: notificationKindSchema, inApp: z.boolean(), email: z.boolean() });
export type NotificationPreference = z.infer<typeof notificationPreferenceSchema>;
export const notificationPreferencesSchema = z.object({ items: z.array(notificationPreferenceSchema) }).meta({ id: 'NotificationPreferences' });
export const updateNotificationPreferencesBody = z.object({ items: z.array(notificationPreferenceSchema).min(1).max(NOTIFICATION_KINDS.length) });
