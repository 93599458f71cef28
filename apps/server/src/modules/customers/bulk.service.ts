import type pg from 'pg';
import type { BulkAction, BulkBody, BulkJob, CustomerFilter } from '@grip/contracts/customers';
import type { Grants, Scope } from '@grip/contracts/access';
import { tenantRead, withTenant } from '../../db/tenant.ts';
import { AppError, notFound } from '../../plugins/errors.ts';
import { fieldError } from '../../lib/cursor.ts';
import { csvRow } from '../../lib/csv.ts';
import { Params } from '../../lib/keyset.ts';
import type { AuditMeta } from '../audit/audit.service.ts';
import { filterConditions, listFields } from './customers.repository.ts';
import type { Caller } from './customers.service.ts';

/** Selections up to this size run inside the request; larger ones (and "all matching") run as a job. */
export const INLINE_LIMIT = 200;
const CHUNK = 500;
const MAX_TAGS = 50;

const JOB_COLUMNS = `id, resource, action, status, total, processed, failed, created_at AS "createdAt", finished_at AS "finishedAt"`;
const toJob = (r: Record<string, unknown>): BulkJob => ({
  id: r.id as string,
  resource: r.resource as string,
  action: r.action as BulkAction,
  status: r.status as BulkJob['status'],
  total: r.total as number,
  processed: r.processed as number,
  failed: r.failed as number,
  createdAt: new Date(r.createdAt as string).toISOString(),
  finishedAt: r.finishedAt ? new Date(r.finishedAt as string).toISOString() : null,
});

/**
 * Starts a bulk change: checks the caller may make it, records the job, then runs it now (small selections) or
 * hands it to the job queue (`enqueue`). Deleting needs customers:delete besides customers:update.
 */
export async function startBulk(
  pool: pg.Pool,
  caller: Caller,
  grants: Grants,
  body: BulkBody,
  enqueue: (jobId: string) => Promise<void>,
): Promise<BulkJob> {
  let scope: Scope = caller.scope;
  if (body.action.type === 'delete') {
    const del = grants['customers:delete'];
    if (!del) throw new AppError('forbidden', 'Your role does not allow customers:delete', 403, { permission: 'customers:delete' });
    if (del === 'own') scope = 'own';
  }
  const action = body.action;
  if (action.type === 'owner' && action.ownerId) {
    if (scope === 'own' && action.ownerId !== caller.userId) throw fieldError('forbidden', 403, 'body.action.ownerId', 'you can change only customers you own, so you cannot hand them over');
    const rows = await tenantRead(pool, caller, 'SELECT 1 FROM memberships WHERE workspace_id = $1 AND user_id = $2', [caller.workspaceId, action.ownerId]);
    if (!rows[0]) throw fieldError('validation_failed', 400, 'body.action.ownerId', 'is not a member of this workspace');
  }
  if ('filter' in body.selection && body.selection.filter.trash) throw fieldError('validation_failed', 400, 'body.selection.filter.trash', 'bulk changes apply to live customers');
  const job = await withTenant(pool, caller, async ({ client }) => {
    if ('filter' in body.selection) filterConditions(body.selection.filter, { ...caller, ownOnly: false, fields: await listFields(client, caller.workspaceId) }, new Params(), 'body.selection.filter');
    const { rows } = await client.query(
      `INSERT INTO bulk_jobs (workspace_id, resource, action, selection, scope, created_by, total)
       VALUES ($1, 'customers', $2, $3, $4, $5, $6) RETURNING ${JOB_COLUMNS}`,
      [caller.workspaceId, JSON.stringify(action), JSON.stringify(body.selection), scope, caller.userId, 'ids' in body.selection ? body.selection.ids.length : 0],
    );
    return toJob(rows[0]!);
  });
  if ('ids' in body.selection && body.selection.ids.length <= INLINE_LIMIT) {
    await runBulkJob(pool, caller.workspaceId, job.id);
    return getBulkJob(pool, caller, job.id);
  }
  await enqueue(job.id);
  return job;
}

export async function getBulkJob(pool: pg.Pool, caller: Caller, id: string): Promise<BulkJob> {
  const rows = await tenantRead(pool, caller, `SELECT ${JOB_COLUMNS}, created_by AS "createdBy" FROM bulk_jobs WHERE workspace_id = $1 AND id = $2`, [caller.workspaceId, id]);
  if (!rows[0] || (caller.scope === 'own' && rows[0].createdBy !== caller.userId)) throw notFound('Bulk job');
  return toJob(rows[0]);
}

/** The per-row error report of a job as CSV (formula-safe cells). */
export async function bulkErrorsCsv(pool: pg.Pool, caller: Caller, id: string): Promise<string> {
  await getBulkJob(pool, caller, id);
  const rows = await tenantRead<{ recordId: string | null; recordName: string | null; error: string }>(
    pool,
    caller,
    'SELECT record_id AS "recordId", record_name AS "recordName", error FROM bulk_job_errors WHERE workspace_id = $1 AND job_id = $2 ORDER BY record_name, id',
    [caller.workspaceId, id],
  );
  return csvRow(['id', 'name', 'error']) + rows.map((r) => csvRow([r.recordId ?? '', r.recordName ?? '', r.error])).join('');
}

interface Before {
  id: string;
  name: string;
  status: string;
  ownerId: string | null;
  tags: string[];
}

/** The new values of one row under an action, or the reason it cannot take it. */
function apply(action: BulkAction, row: Before): { after: Record<string, unknown>; before: Record<string, unknown> } | { error: string } {
  switch (action.type) {
    case 'status':
      return { before: { status: row.status }, after: { status: action.status } };
    case 'owner':
      return { before: { ownerId: row.ownerId }, after: { ownerId: action.ownerId } };
    case 'addTags': {
      const tags = [...new Set([...row.tags, ...action.tags])];
      if (tags.length > MAX_TAGS) return { error: `would have more than ${MAX_TAGS} tags` };
      return { before: { tags: row.tags }, after: { tags } };
    }
    case 'removeTags':
      return { before: { tags: row.tags }, after: { tags: row.tags.filter((t) => !action.tags.includes(t)) } };
    case 'delete':
      return { before: { name: row.name, status: row.status }, after: {} };
  }
}

/**
 * Runs a bulk job in chunks of 500 rows: each chunk is one transaction that locks its rows, applies the change
 * set-based, writes one audit entry per changed row and the per-row errors, and advances the progress counters.
 * Every row is changed whole or not at all, and each chunk commits with its checkpoint (`last_id`), so a job that
 * dies midway resumes after its last finished chunk when it is run again. Only the last attempt (`final`) marks
 * the job failed. `afterChunk` lets tests stop a run between chunks.
 */
export async function runBulkJob(
  pool: pg.Pool,
  workspaceId: string,
  jobId: string,
  opts: { final?: boolean; chunkSize?: number; afterChunk?: () => void } = {},
): Promise<void> {
  const chunkSize = opts.chunkSize ?? CHUNK;
  const start = await withTenant(pool, { workspaceId }, async ({ client }) => {
    const { rows } = await client.query(
      `UPDATE bulk_jobs SET status = 'running', started_at = coalesce(started_at, now())
        WHERE workspace_id = $1 AND id = $2 AND status IN ('queued', 'running')
        RETURNING action, selection, scope, created_by AS "createdBy", processed, last_id AS "lastId"`,
      [workspaceId, jobId],
    );
    return rows[0] as
      | { action: BulkAction; selection: { ids: string[] } | { filter: CustomerFilter }; scope: Scope; createdBy: string | null; processed: number; lastId: string | null }
      | undefined;
  });
  if (!start) return;
  const userId = start.createdBy ?? '00000000-0000-0000-0000-000000000000';
  const ctx = { workspaceId, userId };
  try {
    const actor = await pool.query<{ email: string }>('SELECT email FROM users WHERE id = $1', [userId]);
    const meta: AuditMeta = { actorUserId: start.createdBy, actorEmail: actor.rows[0]?.email ?? null, ip: null, userAgent: null, requestId: `bulk:${jobId}` };
    const ownOnly = start.scope === 'own';
    const params = new Params();
    const fields = await withTenant(pool, ctx, ({ client }) => listFields(client, workspaceId));
    const filterSql =
      'filter' in start.selection ? filterConditions(start.selection.filter, { ...ctx, ownOnly, fields }, params, 'filter').join(' AND ') : null;
    if (filterSql && start.processed === 0) {
      const rows = await withTenant(pool, ctx, ({ client }) => client.query<{ n: number }>(`SELECT count(*)::int AS n FROM customers c WHERE ${filterSql}`, params.values));
      await withTenant(pool, ctx, ({ client }) => client.query('UPDATE bulk_jobs SET total = $3 WHERE workspace_id = $1 AND id = $2', [workspaceId, jobId, rows.rows[0]!.n]));
    }
    const ids = 'ids' in start.selection ? [...new Set(start.selection.ids)].sort() : null;
    let last = start.lastId ?? '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const done = await withTenant(pool, ctx, async ({ client }) => {
        const { rows: progress } = await client.query<{ status: string }>('SELECT status FROM bulk_jobs WHERE workspace_id = $1 AND id = $2 FOR UPDATE', [workspaceId, jobId]);
        if (progress[0]?.status !== 'running') return true;
        let chunk: string[];
        if (ids) {
          chunk = ids.filter((id) => id > last).slice(0, chunkSize);
        } else {
          const { rows } = await client.query<{ id: string }>(
            `SELECT c.id FROM customers c WHERE ${filterSql} AND c.id > $${params.values.length + 1} ORDER BY c.id LIMIT ${chunkSize}`,
            [...params.values, last],
          );
          chunk = rows.map((r) => r.id);
        }
        if (chunk.length === 0) return true;
        last = chunk[chunk.length - 1]!;
        const { rows: current } = await client.query<Before>(
          `SELECT id, name, status, owner_id AS "ownerId", tags FROM customers
            WHERE workspace_id = $1 AND id = ANY($2::uuid[]) AND deleted_at IS NULL${ownOnly ? ' AND owner_id = $3' : ''} FOR UPDATE`,
          ownOnly ? [workspaceId, chunk, userId] : [workspaceId, chunk],
        );
        const byId = new Map(current.map((r) => [r.id, r]));
        const errors: Array<{ id: string; name: string | null; error: string }> = [];
        const changes: Array<{ id: string; before: Record<string, unknown>; after: Record<string, unknown> }> = [];
        for (const id of chunk) {
          const row = byId.get(id);
          if (!row) {
            errors.push({ id, name: null, error: ownOnly ? 'not found, in the trash, or not yours' : 'not found or in the trash' });
            continue;
          }
          const result = apply(start.action, row);
          if ('error' in result) errors.push({ id, name: row.name, error: result.error });
          else changes.push({ id, ...result });
        }
        const okIds = changes.map((c) => c.id);
        if (okIds.length > 0) await applyChunk(client, workspaceId, userId, start.action, okIds, changes);
        if (okIds.length > 0) {
          const action = start.action.type === 'delete' ? 'customer.deleted' : 'customer.updated';
          await client.query(
            `INSERT INTO audit_log (workspace_id, actor_user_id, actor_email, action, entity_type, entity_id, before, after, request_id)
             SELECT $1, $2, $3, $4, 'customer', x.id, x.b, x.a, $5 FROM unnest($6::text[], $7::jsonb[], $8::jsonb[]) AS x(id, b, a)`,
            [workspaceId, meta.actorUserId, meta.actorEmail, action, meta.requestId, okIds, changes.map((c) => JSON.stringify(c.before)), changes.map((c) => JSON.stringify(c.after))],
          );
        }
        if (errors.length > 0) {
          await client.query(
            `INSERT INTO bulk_job_errors (workspace_id, job_id, record_id, record_name, error)
             SELECT $1, $2, x.id, x.name, x.error FROM unnest($3::uuid[], $4::text[], $5::text[]) AS x(id, name, error)`,
            [workspaceId, jobId, errors.map((e) => e.id), errors.map((e) => e.name), errors.map((e) => e.error)],
          );
        }
        await client.query('UPDATE bulk_jobs SET processed = processed + $3, failed = failed + $4, last_id = $5 WHERE workspace_id = $1 AND id = $2', [
          workspaceId,
          jobId,
          chunk.length,
          errors.length,
          last,
        ]);
        return false;
      });
      if (done) break;
      opts.afterChunk?.();
    }
    await withTenant(pool, ctx, ({ client }) =>
      client.query(`UPDATE bulk_jobs SET status = 'done', finished_at = now(), total = greatest(total, processed) WHERE workspace_id = $1 AND id = $2 AND status = 'running'`, [workspaceId, jobId]),
    );
  } catch (err) {
    if (opts.final !== false) {
      await withTenant(pool, ctx, ({ client }) =>
        client.query(`UPDATE bulk_jobs SET status = 'failed', finished_at = now() WHERE workspace_id = $1 AND id = $2`, [workspaceId, jobId]),
      );
    }
    throw err;
  }
}

async function applyChunk(
  client: Pick<pg.PoolClient, 'query'>,
  workspaceId: string,
  userId: string,
  action: BulkAction,
  ids: string[],
  changes: Array<{ id: string; after: Record<string, unknown> }>,
) {
  const bump = 'version = version + 1, updated_at = now()';
  switch (action.type) {
    case 'status':
      await client.query(`UPDATE customers SET status = $3, ${bump} WHERE workspace_id = $1 AND id = ANY($2::uuid[])`, [workspaceId, ids, action.status]);
      break;
    case 'owner':
      await client.query(`UPDATE customers SET owner_id = $3, ${bump} WHERE workspace_id = $1 AND id = ANY($2::uuid[])`, [workspaceId, ids, action.ownerId]);
      break;
    case 'addTags':
    case 'removeTags':
      // Each row's new tag list was computed from its locked current value.
      await client.query(
        `UPDATE customers c SET tags = x.tags, ${bump}
           FROM (SELECT x.id, array(SELECT jsonb_array_elements_text(x.t)) AS tags FROM unnest($2::uuid[], $3::jsonb[]) AS x(id, t)) x
          WHERE c.workspace_id = $1 AND c.id = x.id`,
        [workspaceId, ids, changes.map((c) => JSON.stringify(c.after.tags))],
      );
      break;
    case 'delete':
      await client.query(`UPDATE customers SET deleted_at = now(), deleted_by = $3, version = version + 1 WHERE workspace_id = $1 AND id = ANY($2::uuid[])`, [workspaceId, ids, userId]);
      break;
  }
}
