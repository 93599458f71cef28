import type pg from 'pg';
import type { Scope } from '@grip/contracts/access';
import { tenantRead, withTenant, type TenantContext } from '../db/tenant.ts';
import { notFound } from '../plugins/errors.ts';
import type { AuditMeta } from '../modules/audit/audit.service.ts';
import { csvRow } from './csv.ts';
import { Params } from './keyset.ts';

/** Selections up to this size run inside the request; larger ones (and "all matching") run as a job. */
export const INLINE_LIMIT = 200;
const CHUNK = 500;

type Q = Pick<pg.PoolClient, 'query'>;
export interface BulkContext {
  workspaceId: string;
  userId: string;
  /** The job was started with scope own: it may touch only the starter's records. */
  ownOnly: boolean;
}
export type Selection<F> = { ids: string[] } | { filter: F };

/** What one record kind contributes to a bulk job; the runner does the rest (chunks, checkpoints, audit, errors). */
export interface BulkHandler<F, A> {
  resource: string;
  /** The audit entity of each changed record. */
  entityType: string;
  /** FROM clause and id expression the filter conditions are written against. */
  from: string;
  idExpr: string;
  /** WHERE conditions of a filter selection (they also validate it: throw a 400 naming `field`). */
  conditions(client: Q, ctx: BulkContext, filter: F, params: Params, field: string): Promise<string[]>;
  /**
   * Locks the chunk's records, applies the action set-based and says, per id, what changed (for the audit log) or
   * why it could not. `meta` names the actor.
   */
  applyChunk(
    client: Q,
    ctx: BulkContext,
    action: A,
    ids: string[],
    meta: AuditMeta,
  ): Promise<{ auditAction: string; changes: Array<{ id: string; before: unknown; after: unknown }>; errors: Array<{ id: string; name: string | null; error: string }>; emails?: number }>;
}

export interface BulkJobRow<A> {
  id: string;
  resource: string;
  action: A;
  status: 'queued' | 'running' | 'done' | 'failed';
  total: number;
  processed: number;
  failed: number;
  createdAt: string;
  finishedAt: string | null;
}

const JOB_COLUMNS = `id, resource, action, status, total, processed, failed, created_at AS "createdAt", finished_at AS "finishedAt"`;
const toJob = <A>(r: Record<string, unknown>): BulkJobRow<A> => ({
  id: r.id as string,
  resource: r.resource as string,
  action: r.action as A,
  status: r.status as BulkJobRow<A>['status'],
  total: r.total as number,
  processed: r.processed as number,
  failed: r.failed as number,
  createdAt: new Date(r.createdAt as string).toISOString(),
  finishedAt: r.finishedAt ? new Date(r.finishedAt as string).toISOString() : null,
});

/**
 * Records a bulk job (after validating a filter selection), then runs it now when it is small, or hands it to the
 * job queue (`enqueue`). Returns the job: finished for small selections, queued otherwise.
 */
export async function startBulkJob<F, A>(
  pool: pg.Pool,
  handler: BulkHandler<F, A>,
  caller: TenantContext & { userId: string },
  scope: Scope,
  body: { selection: Selection<F>; action: A },
  enqueue: (jobId: string) => Promise<void>,
): Promise<BulkJobRow<A> & { emails: number }> {
  const job = await withTenant(pool, caller, async ({ client }) => {
    if ('filter' in body.selection) await handler.conditions(client, { ...caller, ownOnly: false }, body.selection.filter, new Params(), 'body.selection.filter');
    const { rows } = await client.query(
      `INSERT INTO bulk_jobs (workspace_id, resource, action, selection, scope, created_by, total)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${JOB_COLUMNS}`,
      [caller.workspaceId, handler.resource, JSON.stringify(body.action), JSON.stringify(body.selection), scope, caller.userId, 'ids' in body.selection ? body.selection.ids.length : 0],
    );
    return toJob<A>(rows[0]!);
  });
  if ('ids' in body.selection && body.selection.ids.length <= INLINE_LIMIT) {
    const { emails } = await runBulkJob(pool, handler, caller.workspaceId, job.id);
    return { ...(await getBulkJob<A>(pool, caller, handler.resource, job.id, 'all')), emails };
  }
  await enqueue(job.id);
  return { ...job, emails: 0 };
}

export async function getBulkJob<A>(pool: pg.Pool, caller: TenantContext & { userId: string }, resource: string, id: string, scope: Scope): Promise<BulkJobRow<A>> {
  const rows = await tenantRead(pool, caller, `SELECT ${JOB_COLUMNS}, created_by AS "createdBy" FROM bulk_jobs WHERE workspace_id = $1 AND id = $2 AND resource = $3`, [
    caller.workspaceId,
    id,
    resource,
  ]);
  if (!rows[0] || (scope === 'own' && rows[0].createdBy !== caller.userId)) throw notFound('Bulk job');
  return toJob<A>(rows[0]);
}

/** The per-row error report of a job as CSV (formula-safe cells). */
export async function bulkErrorsCsv(pool: pg.Pool, caller: TenantContext & { userId: string }, resource: string, id: string, scope: Scope): Promise<string> {
  await getBulkJob(pool, caller, resource, id, scope);
  const rows = await tenantRead<{ recordId: string | null; recordName: string | null; error: string }>(
    pool,
    caller,
    'SELECT record_id AS "recordId", record_name AS "recordName", error FROM bulk_job_errors WHERE workspace_id = $1 AND job_id = $2 ORDER BY record_name, id',
    [caller.workspaceId, id],
  );
  return csvRow(['id', 'name', 'error']) + rows.map((r) => csvRow([r.recordId ?? '', r.recordName ?? '', r.error])).join('');
}

/**
 * Runs a bulk job in chunks of 500 records: each chunk is one transaction that locks its records, applies the
 * change set-based, writes one audit entry per changed record and the per-record errors, and advances the
 * progress counters. Every record is changed whole or not at all, and each chunk commits with its checkpoint
 * (`last_id`), so a job that dies midway resumes after its last finished chunk when it is run again. Only the
 * last attempt (`final`) marks the job failed. `afterChunk` lets tests stop a run between chunks.
 */
export async function runBulkJob<F, A>(
  pool: pg.Pool,
  handler: BulkHandler<F, A>,
  workspaceId: string,
  jobId: string,
  opts: { final?: boolean; chunkSize?: number; afterChunk?: () => void } = {},
): Promise<{ emails: number }> {
  const chunkSize = opts.chunkSize ?? CHUNK;
  let emails = 0;
  const start = await withTenant(pool, { workspaceId }, async ({ client }) => {
    const { rows } = await client.query(
      `UPDATE bulk_jobs SET status = 'running', started_at = coalesce(started_at, now())
        WHERE workspace_id = $1 AND id = $2 AND status IN ('queued', 'running')
        RETURNING action, selection, scope, created_by AS "createdBy", processed, last_id AS "lastId"`,
      [workspaceId, jobId],
    );
    return rows[0] as { action: A; selection: Selection<F>; scope: Scope; createdBy: string | null; processed: number; lastId: string | null } | undefined;
  });
  if (!start) return { emails };
  const userId = start.createdBy ?? '00000000-0000-0000-0000-000000000000';
  const ctx: BulkContext = { workspaceId, userId, ownOnly: start.scope === 'own' };
  try {
    const actor = await pool.query<{ email: string }>('SELECT email FROM users WHERE id = $1', [userId]);
    const meta: AuditMeta = { actorUserId: start.createdBy, actorEmail: actor.rows[0]?.email ?? null, ip: null, userAgent: null, requestId: `bulk:${jobId}` };
    const params = new Params();
    const filterSql =
      'filter' in start.selection ? (await withTenant(pool, ctx, ({ client }) => handler.conditions(client, ctx, (start.selection as { filter: F }).filter, params, 'filter'))).join(' AND ') : null;
    if (filterSql && start.processed === 0) {
      await withTenant(pool, ctx, async ({ client }) => {
        const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${handler.from} WHERE ${filterSql}`, params.values);
        await client.query('UPDATE bulk_jobs SET total = $3 WHERE workspace_id = $1 AND id = $2', [workspaceId, jobId, rows[0]!.n]);
      });
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
            `SELECT ${handler.idExpr} AS id FROM ${handler.from} WHERE ${filterSql} AND ${handler.idExpr} > $${params.values.length + 1} ORDER BY ${handler.idExpr} LIMIT ${chunkSize}`,
            [...params.values, last],
          );
          chunk = rows.map((r) => r.id);
        }
        if (chunk.length === 0) return true;
        last = chunk[chunk.length - 1]!;
        const result = await handler.applyChunk(client, ctx, start.action, chunk, meta);
        emails += result.emails ?? 0;
        if (result.changes.length > 0) {
          await client.query(
            `INSERT INTO audit_log (workspace_id, actor_user_id, actor_email, action, entity_type, entity_id, before, after, request_id)
             SELECT $1, $2, $3, $4, $5, x.id, x.b, x.a, $6 FROM unnest($7::text[], $8::jsonb[], $9::jsonb[]) AS x(id, b, a)`,
            [
              workspaceId,
              meta.actorUserId,
              meta.actorEmail,
              result.auditAction,
              handler.entityType,
              meta.requestId,
              result.changes.map((c) => c.id),
              result.changes.map((c) => JSON.stringify(c.before)),
              result.changes.map((c) => JSON.stringify(c.after)),
            ],
          );
        }
        if (result.errors.length > 0) {
          await client.query(
            `INSERT INTO bulk_job_errors (workspace_id, job_id, record_id, record_name, error)
             SELECT $1, $2, x.id, x.name, x.error FROM unnest($3::uuid[], $4::text[], $5::text[]) AS x(id, name, error)`,
            [workspaceId, jobId, result.errors.map((e) => e.id), result.errors.map((e) => e.name), result.errors.map((e) => e.error)],
          );
        }
        await client.query('UPDATE bulk_jobs SET processed = processed + $3, failed = failed + $4, last_id = $5 WHERE workspace_id = $1 AND id = $2', [
          workspaceId,
          jobId,
          chunk.length,
          result.errors.length,
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
      await withTenant(pool, ctx, ({ client }) => client.query(`UPDATE bulk_jobs SET status = 'failed', finished_at = now() WHERE workspace_id = $1 AND id = $2`, [workspaceId, jobId]));
    }
    throw err;
  }
  return { emails };
}
