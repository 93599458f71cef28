import type pg from 'pg';
import type { Grants } from '@grip/contracts/access';
import type { Note } from '@grip/contracts/notes';
import { tenantRead, withTenant } from '../../db/tenant.ts';
import { AppError, notFound } from '../../plugins/errors.ts';
import { decodeCursor, isTimeIdCursor, toPage } from '../../lib/cursor.ts';
import { recordAudit, type AuditMeta } from '../audit/audit.service.ts';
import { getCustomer, type Caller } from '../customers/customers.service.ts';

const COLUMNS = `n.id, n.customer_id AS "customerId", n.body, n.author_id AS "authorId", u.name AS "authorName", u.email AS "authorEmail",
  n.created_at AS "createdAt", n.updated_at AS "updatedAt"`;
const FROM = 'notes n LEFT JOIN users u ON u.id = n.author_id';

interface Row {
  id: string;
  customerId: string;
  body: string;
  authorId: string | null;
  authorName: string | null;
  authorEmail: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Notes are edited or deleted by their author, or by anyone whose role grants it for all notes. */
const may = (grants: Grants, permission: 'notes:update' | 'notes:delete', userId: string, authorId: string | null) =>
  grants[permission] === 'all' || (grants[permission] === 'own' && authorId === userId);

const toNote = (r: Row, caller: Caller, grants: Grants): Note => ({
  id: r.id,
  customerId: r.customerId,
  body: r.body,
  author: r.authorId ? { id: r.authorId, name: r.authorName ?? '', email: r.authorEmail ?? '' } : null,
  canEdit: may(grants, 'notes:update', caller.userId, r.authorId),
  canDelete: may(grants, 'notes:delete', caller.userId, r.authorId),
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

/** The customer must be one the caller may see: notes follow their customer's visibility. */
const customerCaller = (caller: Caller, grants: Grants): Caller => ({ ...caller, scope: grants['customers:read'] ?? 'own' });

export async function listNotes(pool: pg.Pool, caller: Caller, grants: Grants, customerId: string, page: { limit: number; cursor?: string }) {
  await getCustomer(pool, customerCaller(caller, grants), customerId);
  const after = decodeCursor(page.cursor, isTimeIdCursor);
  const rows = await tenantRead<Row>(
    pool,
    caller,
    `SELECT ${COLUMNS} FROM ${FROM} WHERE n.workspace_id = $1 AND n.customer_id = $2
        AND ($3::timestamptz IS NULL OR (n.created_at, n.id) < ($3, $4::uuid))
      ORDER BY n.created_at DESC, n.id DESC LIMIT $5`,
    [caller.workspaceId, customerId, after?.[0] ?? null, after?.[1] ?? null, page.limit + 1],
  );
  return toPage(rows.map((r) => toNote(r, caller, grants)), page.limit, (l) => [l.createdAt, l.id]);
}

export async function createNote(pool: pg.Pool, caller: Caller, grants: Grants, customerId: string, body: string, meta: AuditMeta) {
  const customer = await getCustomer(pool, customerCaller(caller, grants), customerId);
  if (customer.deletedAt) throw new AppError('in_trash', 'This customer is in the trash; restore it first', 409);
  return withTenant(pool, caller, async ({ client }) => {
    const { rows } = await client.query<{ id: string }>('INSERT INTO notes (workspace_id, customer_id, author_id, body) VALUES ($1, $2, $3, $4) RETURNING id', [
      caller.workspaceId,
      customerId,
      caller.userId,
      body,
    ]);
    const note = await findNote(client, caller.workspaceId, rows[0]!.id);
    await recordAudit(client, caller.workspaceId, meta, { action: 'note.created', entityType: 'customer', entityId: customerId, after: { noteId: note!.id, body } });
    return toNote(note!, caller, grants);
  });
}

async function findNote(client: Pick<pg.PoolClient, 'query'>, workspaceId: string, id: string, forUpdate = false) {
  const { rows } = await client.query<Row>(`SELECT ${COLUMNS} FROM ${FROM} WHERE n.workspace_id = $1 AND n.id = $2${forUpdate ? ' FOR UPDATE OF n' : ''}`, [workspaceId, id]);
  return rows[0];
}

async function lockNote(client: Pick<pg.PoolClient, 'query'>, pool: pg.Pool, caller: Caller, grants: Grants, id: string, permission: 'notes:update' | 'notes:delete') {
  const note = await findNote(client, caller.workspaceId, id, true);
  if (!note) throw notFound('Note');
  await getCustomer(pool, customerCaller(caller, grants), note.customerId).catch(() => {
    throw notFound('Note');
  });
  if (!may(grants, permission, caller.userId, note.authorId)) {
    throw new AppError('forbidden', permission === 'notes:update' ? 'You can edit only your own notes' : 'You can delete only your own notes', 403);
  }
  return note;
}

export async function updateNote(pool: pg.Pool, caller: Caller, grants: Grants, id: string, body: string, meta: AuditMeta) {
  return withTenant(pool, caller, async ({ client }) => {
    const before = await lockNote(client, pool, caller, grants, id, 'notes:update');
    await client.query('UPDATE notes SET body = $3, updated_at = now() WHERE workspace_id = $1 AND id = $2', [caller.workspaceId, id, body]);
    await recordAudit(client, caller.workspaceId, meta, { action: 'note.updated', entityType: 'customer', entityId: before.customerId, before: { noteId: id, body: before.body }, after: { noteId: id, body } });
    return toNote((await findNote(client, caller.workspaceId, id))!, caller, grants);
  });
}

export async function deleteNote(pool: pg.Pool, caller: Caller, grants: Grants, id: string, meta: AuditMeta) {
  await withTenant(pool, caller, async ({ client }) => {
    const before = await lockNote(client, pool, caller, grants, id, 'notes:delete');
    await client.query('DELETE FROM notes WHERE workspace_id = $1 AND id = $2', [caller.workspaceId, id]);
    await recordAudit(client, caller.workspaceId, meta, { action: 'note.deleted', entityType: 'customer', entityId: before.customerId, before: { noteId: id, body: before.body } });
  });
}
