import type pg from 'pg';
import { PLATFORM_WORKSPACE_ID } from '../../db/schema/audit.ts';
import { withTenant } from '../../db/tenant.ts';
import { decodeCursor, isTimeIdCursor, toPage } from '../../lib/cursor.ts';
import { csvRow } from '../../lib/csv.ts';
import { selectAuditPage, type AuditFilters } from './audit.repository.ts';

export { PLATFORM_WORKSPACE_ID };

/** Who did it, from where: taken from the request by the routes, passed down to services. */
export interface AuditMeta {
  actorUserId: string | null;
  actorEmail: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

export interface AuditEvent {
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
}

type Queryable = Pick<pg.PoolClient, 'query'>;

/** Appends one entry inside the caller's tenant transaction, so the entry commits or rolls back with the change. */
export async function recordAudit(client: Queryable, workspaceId: string, meta: AuditMeta, event: AuditEvent): Promise<void> {
  await client.query(
    `INSERT INTO audit_log (workspace_id, actor_user_id, actor_email, action, entity_type, entity_id, before, after, ip, user_agent, request_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      workspaceId,
      meta.actorUserId,
      meta.actorEmail,
      event.action,
      event.entityType,
      event.entityId ?? null,
      event.before === undefined ? null : JSON.stringify(event.before),
      event.after === undefined ? null : JSON.stringify(event.after),
      meta.ip,
      meta.userAgent?.slice(0, 500) ?? null,
      meta.requestId,
    ],
  );
}

/** Platform-level events (sign-in, password, 2FA, sessions) in their own transaction. */
export function recordPlatformAudit(pool: pg.Pool, meta: AuditMeta, event: AuditEvent): Promise<void> {
  return withTenant(pool, { workspaceId: PLATFORM_WORKSPACE_ID, userId: meta.actorUserId }, ({ client }) =>
    recordAudit(client, PLATFORM_WORKSPACE_ID, meta, event),
  );
}

export const AUDIT_CSV_COLUMNS = ['createdAt', 'actorEmail', 'actorUserId', 'action', 'entityType', 'entityId', 'ip', 'userAgent', 'requestId', 'before', 'after'] as const;

export async function listAudit(pool: pg.Pool, ctx: { workspaceId: string; userId?: string | null }, q: AuditFilters & { limit: number; cursor?: string }) {
  const after = decodeCursor(q.cursor, isTimeIdCursor);
  const rows = await withTenant(pool, ctx, ({ client }) => selectAuditPage(client, ctx.workspaceId, q, after, q.limit + 1));
  return toPage(rows.map((r) => ({ ...r, createdAt: (r.createdAt as Date).toISOString() })), q.limit, (l) => [l.createdAt, l.id]);
}

/** The whole filtered log as CSV, read in keyset batches so memory stays constant whatever its size. */
export async function* auditCsv(pool: pg.Pool, ctx: { workspaceId: string; userId?: string | null }, f: AuditFilters): AsyncGenerator<string> {
  yield csvRow([...AUDIT_CSV_COLUMNS]);
  let after: [string, string] | null = null;
  for (;;) {
    const cursor: [string, string] | null = after;
    const rows: Array<Record<string, unknown>> = await withTenant(pool, ctx, ({ client }) => selectAuditPage(client, ctx.workspaceId, f, cursor, 1000));
    if (rows.length === 0) return;
    let chunk = '';
    for (const r of rows) chunk += csvRow(AUDIT_CSV_COLUMNS.map((c) => r[c]));
    yield chunk;
    const last = rows[rows.length - 1]!;
    after = [(last.createdAt as Date).toISOString(), last.id as string];
    if (rows.length < 1000) return;
  }
}
