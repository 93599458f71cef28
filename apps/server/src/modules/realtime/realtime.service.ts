import type pg from 'pg';
import type { Grants, Permission } from '@grip/contracts/access';
import type { EventEntity, RealtimeEvent } from '@grip/contracts/realtime';
import { tenantRead, withTenant } from '../../db/tenant.ts';

/** An event as stored, with what decides who may receive it. */
export interface StoredEvent {
  id: number;
  workspaceId: string;
  entity: EventEntity;
  op: RealtimeEvent['op'];
  entityId: string | null;
  customerId: string | null;
  /** The user scope `own` refers to: a customer's owner, a ticket's assignee. */
  ownerId: string | null;
  /** Set: only this user may receive it (notifications). */
  userId: string | null;
  internal: boolean;
  data: Record<string, unknown>;
  createdAt: Date;
}

/** Who is listening on a connection. */
export interface Listener {
  workspaceId: string;
  userId: string;
  roleKey: string;
  grants: Grants;
}

/** The read permission that governs each kind of event. */
const READ: Record<Exclude<EventEntity, 'notification'>, Permission> = {
  customer: 'customers:read',
  policy: 'policies:read',
  note: 'notes:read',
  ticket: 'tickets:read',
  ticket_message: 'tickets:read',
  pipeline: 'tickets:read',
};

/**
 * Whether a listener may receive an event: same workspace; a user's own notifications only; otherwise the read
 * permission of the record's kind, and with scope own only records they own or are assigned (or just stopped
 * being: `previousOwnerId`). Portal customers receive nothing here yet: their records are linked with the portal.
 */
export function mayReceive(listener: Listener, event: StoredEvent): boolean {
  if (event.workspaceId !== listener.workspaceId) return false;
  if (event.userId !== null || event.entity === 'notification') return event.userId === listener.userId;
  if (listener.roleKey === 'customer') return false;
  const scope = listener.grants[READ[event.entity]];
  if (!scope) return false;
  if (scope === 'own' && event.op !== 'bulk') return event.ownerId === listener.userId || event.data.previousOwnerId === listener.userId;
  return true;
}

/** The message a client receives for an event (the same text for every recipient). */
export function eventMessage(e: StoredEvent): string {
  const { previousOwnerId: _hidden, ...data } = e.data;
  return JSON.stringify({ type: 'event', id: e.id, entity: e.entity, op: e.op, entityId: e.entityId, customerId: e.customerId, data, at: e.createdAt.toISOString() });
}

const COLUMNS = `id, workspace_id AS "workspaceId", entity, op, entity_id AS "entityId", customer_id AS "customerId", owner_id AS "ownerId",
  user_id AS "userId", internal, data, created_at AS "createdAt"`;
type Row = Omit<StoredEvent, 'id'> & { id: string | number };
const toEvent = (r: Row): StoredEvent => ({ ...r, id: Number(r.id) });

/** Events of a workspace with ids in [from, to], in order. */
export async function loadRange(pool: pg.Pool, workspaceId: string, from: number, to: number): Promise<StoredEvent[]> {
  const rows = await tenantRead<Row>(pool, { workspaceId }, `SELECT ${COLUMNS} FROM events WHERE workspace_id = $1 AND id BETWEEN $2 AND $3 ORDER BY id`, [workspaceId, from, to], {
    prepare: true,
  });
  return rows.map(toEvent);
}

export const CATCH_UP_LIMIT = 1000;

/**
 * What a client resuming after `after` missed: the events in order, or `reset` when some of them may have been
 * purged already or there are too many to replay (the client then refetches).
 */
export async function catchUp(pool: pg.Pool, workspaceId: string, after: number): Promise<{ reset: true } | { reset: false; events: StoredEvent[] }> {
  const mark = await pool.query<{ through: string }>('SELECT purged_through AS through FROM event_purge_watermark');
  if (after < Number(mark.rows[0]?.through ?? 0)) return { reset: true };
  const rows = await tenantRead<Row>(pool, { workspaceId }, `SELECT ${COLUMNS} FROM events WHERE workspace_id = $1 AND id > $2 ORDER BY id LIMIT $3`, [
    workspaceId,
    after,
    CATCH_UP_LIMIT + 1,
  ]);
  if (rows.length > CATCH_UP_LIMIT) return { reset: true };
  return { reset: false, events: rows.map(toEvent) };
}

/** The newest event id of a workspace (0 when none). */
export async function lastEventId(pool: pg.Pool, workspaceId: string): Promise<number> {
  const rows = await tenantRead<{ id: string | null }>(pool, { workspaceId }, 'SELECT max(id) AS id FROM events WHERE workspace_id = $1', [workspaceId], { prepare: true });
  return Number(rows[0]?.id ?? 0);
}

export const EVENT_RETENTION_MS = 24 * 3600_000;

/** Removes events older than a day, workspace by workspace, and raises the purge watermark (system work). */
export async function purgeEvents(owner: pg.Pool, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - EVENT_RETENTION_MS);
  const { rows: workspaces } = await owner.query<{ id: string }>('SELECT id FROM workspaces');
  let removed = 0;
  let highest = 0;
  for (const ws of workspaces) {
    const r = await withTenant(owner, { workspaceId: ws.id }, async ({ client }) => {
      const { rows } = await client.query<{ n: number; top: string | null }>(
        `WITH gone AS (DELETE FROM events WHERE workspace_id = $1 AND created_at < $2 RETURNING id) SELECT count(*)::int AS n, max(id) AS top FROM gone`,
        [ws.id, cutoff],
      );
      return rows[0]!;
    });
    removed += r.n;
    highest = Math.max(highest, Number(r.top ?? 0));
  }
  if (highest > 0) await owner.query('UPDATE event_purge_watermark SET purged_through = greatest(purged_through, $1)', [highest]);
  return removed;
}
