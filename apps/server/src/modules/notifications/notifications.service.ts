import type pg from 'pg';
import {
  NOTIFICATION_KINDS,
  type Notification,
  type NotificationKind,
  type NotificationPage,
  type NotificationPreference,
} from '@grip/contracts/notifications';
import { tenantRead, withTenant, type TenantContext } from '../../db/tenant.ts';
import { notFound } from '../../plugins/errors.ts';
import { decodeCursor, isTimeIdCursor, toPage } from '../../lib/cursor.ts';
import type { Mailer } from '../../lib/mailer.ts';

type Q = Pick<pg.PoolClient, 'query'>;
type Me = TenantContext & { userId: string };

export interface NewNotification {
  userId: string;
  kind: NotificationKind;
  title: string;
  body: string;
  /** App path, e.g. /w/acme/tickets/<id>; emails turn it into a full link. */
  link: string | null;
  entityId: string | null;
}

/**
 * Records notifications inside the caller's transaction, following each recipient's preferences for the kind:
 * the in-app entry and the email are separate switches (both on by default); with both off nothing is stored.
 * Emails are sent afterwards by the `notifications_email` job. Set-based: one statement for any number.
 * Returns how many emails are now waiting.
 */
export async function notify(client: Q, workspaceId: string, items: NewNotification[]): Promise<number> {
  if (items.length === 0) return 0;
  const { rows } = await client.query<{ n: number }>(
    `WITH incoming AS (
       SELECT * FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::uuid[]) AS x(user_id, kind, title, body, link, entity_id)
     ), inserted AS (
       INSERT INTO notifications (workspace_id, user_id, kind, title, body, link, entity_id, in_app, email_state)
       SELECT $1, i.user_id, i.kind, i.title, i.body, i.link, i.entity_id, coalesce(p.in_app, true),
              CASE WHEN coalesce(p.email, true) THEN 'pending' ELSE 'skipped' END
         FROM incoming i
         LEFT JOIN notification_preferences p ON p.workspace_id = $1 AND p.user_id = i.user_id AND p.kind = i.kind
        WHERE coalesce(p.in_app, true) OR coalesce(p.email, true)
       RETURNING email_state
     )
     SELECT count(*) FILTER (WHERE email_state = 'pending')::int AS n FROM inserted`,
    [
      workspaceId,
      items.map((i) => i.userId),
      items.map((i) => i.kind),
      items.map((i) => i.title),
      items.map((i) => i.body),
      items.map((i) => i.link),
      items.map((i) => i.entityId),
    ],
  );
  return rows[0]!.n;
}

const COLUMNS = `id, kind, title, body, link, read_at AS "readAt", created_at AS "createdAt"`;
type Row = Omit<Notification, 'readAt' | 'createdAt'> & { readAt: Date | null; createdAt: Date };
const toNotification = (r: Row): Notification => ({ ...r, readAt: r.readAt ? r.readAt.toISOString() : null, createdAt: r.createdAt.toISOString() });

export async function unreadCount(pool: pg.Pool, me: Me): Promise<number> {
  const rows = await tenantRead<{ n: number }>(
    pool,
    me,
    'SELECT count(*)::int AS n FROM notifications WHERE workspace_id = $1 AND user_id = $2 AND in_app AND read_at IS NULL',
    [me.workspaceId, me.userId],
    { prepare: true },
  );
  return rows[0]!.n;
}

/** The caller's in-app notifications, newest first. */
export async function listNotifications(pool: pg.Pool, me: Me, slug: string, q: { unread?: 'true' | 'false'; limit: number; cursor?: string }): Promise<NotificationPage> {
  const after = decodeCursor(q.cursor, isTimeIdCursor);
  const params: unknown[] = [me.workspaceId, me.userId];
  let where = 'workspace_id = $1 AND user_id = $2 AND in_app';
  if (q.unread === 'true') where += ' AND read_at IS NULL';
  if (q.unread === 'false') where += ' AND read_at IS NOT NULL';
  if (after) {
    params.push(after[0], after[1]);
    where += ` AND (created_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`;
  }
  params.push(q.limit + 1);
  const rows = await tenantRead<Row & { k: string }>(
    pool,
    me,
    `SELECT ${COLUMNS}, created_at::text AS k FROM notifications WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
    params,
  );
  const page = toPage(rows, q.limit, (last) => [last.k, last.id]);
  // Links are stored relative to the workspace, so they survive a change of its slug.
  const items = page.items.map((r) => toNotification({ ...r, link: r.link ? `/w/${slug}${r.link}` : null }));
  return { items, nextCursor: page.nextCursor, unread: await unreadCount(pool, me) };
}

export async function markRead(pool: pg.Pool, me: Me, id: string): Promise<void> {
  await withTenant(pool, me, async ({ client }) => {
    const { rowCount } = await client.query(
      'UPDATE notifications SET read_at = coalesce(read_at, now()) WHERE workspace_id = $1 AND user_id = $2 AND id = $3 AND in_app',
      [me.workspaceId, me.userId, id],
    );
    if (!rowCount) throw notFound('Notification');
  });
}

export async function markAllRead(pool: pg.Pool, me: Me): Promise<void> {
  await withTenant(pool, me, ({ client }) =>
    client.query('UPDATE notifications SET read_at = now() WHERE workspace_id = $1 AND user_id = $2 AND in_app AND read_at IS NULL', [me.workspaceId, me.userId]),
  );
}

export async function getPreferences(pool: pg.Pool, me: Me): Promise<NotificationPreference[]> {
  const rows = await tenantRead<NotificationPreference>(
    pool,
    me,
    'SELECT kind, in_app AS "inApp", email FROM notification_preferences WHERE workspace_id = $1 AND user_id = $2',
    [me.workspaceId, me.userId],
  );
  return NOTIFICATION_KINDS.map((kind) => rows.find((r) => r.kind === kind) ?? { kind, inApp: true, email: true });
}

export async function setPreferences(pool: pg.Pool, me: Me, items: NotificationPreference[]): Promise<NotificationPreference[]> {
  await withTenant(pool, me, ({ client }) =>
    client.query(
      `INSERT INTO notification_preferences (workspace_id, user_id, kind, in_app, email)
       SELECT $1, $2, x.kind, x.in_app, x.email FROM unnest($3::text[], $4::bool[], $5::bool[]) AS x(kind, in_app, email)
       ON CONFLICT (workspace_id, user_id, kind) DO UPDATE SET in_app = EXCLUDED.in_app, email = EXCLUDED.email`,
      [me.workspaceId, me.userId, items.map((i) => i.kind), items.map((i) => i.inApp), items.map((i) => i.email)],
    ),
  );
  return getPreferences(pool, me);
}

/**
 * Sends the emails of pending notifications (system work, owner pool), workspace by workspace under each one's
 * tenant context. Rows are claimed with SKIP LOCKED so several workers never send one twice; a failed send is
 * marked `failed` rather than retried forever.
 */
export async function sendPendingEmails(owner: pg.Pool, mailer: Mailer, appUrl: string, batch = 50): Promise<number> {
  const { rows: workspaces } = await owner.query<{ id: string; slug: string }>('SELECT id, slug FROM workspaces');
  let sent = 0;
  for (const ws of workspaces) {
    for (;;) {
      const claimed = await withTenant(owner, { workspaceId: ws.id }, async ({ client }) => {
        const { rows } = await client.query<{ id: string; email: string; title: string; body: string; link: string | null }>(
          `SELECT n.id, u.email, n.title, n.body, n.link FROM notifications n JOIN users u ON u.id = n.user_id
            WHERE n.workspace_id = $1 AND n.email_state = 'pending' ORDER BY n.created_at LIMIT $2 FOR UPDATE OF n SKIP LOCKED`,
          [ws.id, batch],
        );
        for (const n of rows) {
          let state = 'sent';
          try {
            const url = new URL(n.link ? `/w/${ws.slug}${n.link}` : '/', appUrl).toString();
            await mailer.send({ to: n.email, subject: n.title, text: `${n.body}\n\nOpen it in Grip: ${url}\n\nChange which emails you get under Notifications → Preferences.` });
            sent++;
          } catch {
            state = 'failed';
          }
          await client.query('UPDATE notifications SET email_state = $3 WHERE workspace_id = $1 AND id = $2', [ws.id, n.id, state]);
        }
        return rows.length;
      });
      if (claimed < batch) break;
    }
  }
  return sent;
}
