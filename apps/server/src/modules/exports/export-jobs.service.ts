import { createHash, randomBytes } from 'node:crypto';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import type { Grants, Scope } from '@grip/contracts/access';
import { EXPORT_ENTITIES, type ExportEntity, type ExportFormat, type ExportJob, type createExportJobBody } from '@grip/contracts/exports';
import type { z } from 'zod';
import { tenantRead, withTenant } from '../../db/tenant.ts';
import { copyCsv, csvRecordCounter } from '../../lib/csv-export.ts';
import { decodeCursor, isTimeIdCursor, toPage } from '../../lib/cursor.ts';
import type { Mailer } from '../../lib/mailer.ts';
import type { Storage } from '../../lib/storage.ts';
import { csvToXlsx } from '../../lib/xlsx-export.ts';
import { AppError, notFound } from '../../plugins/errors.ts';
import type { Caller } from '../customers/customers.service.ts';
import { EXPORT_SOURCES, buildExportSelect, fileNameOf, readPermissionOf } from './exports.service.ts';

// Export jobs: an export written to a file in storage by a background task, with live progress, then downloaded
// by the people who may see it, or through an expiring link (the link carries a token; only its hash is stored).

/** What running an export needs: the owner pool (jobs are system work, each under its workspace's context). */
export interface ExportDeps {
  pool: pg.Pool;
  storage: Storage;
  mailer: Mailer;
  appUrl: string;
  /** How long the file and its link are kept (EXPORT_LINK_HOURS). */
  linkHours: number;
}

/** What a job was asked with, kept in `export_jobs.params`. */
interface JobParams {
  query: Record<string, unknown>;
  fields: string[] | null;
  bom: boolean;
  /** The scope of the entity's read permission the job runs with (that of its creator when it was asked). */
  scope: Scope;
  /** Mail the creator a download link when it is ready (exports asked for in the app, not scheduled ones). */
  notify: boolean;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** The token is `<workspace id>.<secret>`: the workspace part sets the tenant context; only the secret's hash is stored. */
function newDownloadToken(workspaceId: string) {
  const secret = randomBytes(24).toString('base64url');
  return { token: `${workspaceId}.${secret}`, hash: sha256(secret) };
}

function parseDownloadToken(token: string): { workspaceId: string; hash: string } | null {
  const m = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([A-Za-z0-9_-]{20,64})$/i.exec(token);
  return m ? { workspaceId: m[1]!.toLowerCase(), hash: sha256(m[2]!) } : null;
}

export const downloadLinkOf = (appUrl: string, token: string) => `${appUrl}/api/v1/export-downloads/${encodeURIComponent(token)}`;

const JOB_COLUMNS = `j.id, j.entity, j.format, j.status, j.rows_total AS "rowsTotal", j.rows_done AS "rowsDone", j.file_name AS "fileName",
  j.file_size AS "fileSize", j.file_key AS "fileKey", j.expires_at AS "expiresAt", j.error, j.scheduled_export_id AS "scheduledExportId",
  j.created_by AS "createdById", u.name AS "createdByName", u.email AS "createdByEmail", j.created_at AS "createdAt",
  j.created_at::text AS "cursorAt", j.finished_at AS "finishedAt"`;
const JOB_FROM = 'export_jobs j LEFT JOIN users u ON u.id = j.created_by';

interface JobRow {
  id: string;
  entity: ExportEntity;
  format: ExportFormat;
  status: ExportJob['status'];
  rowsTotal: number | null;
  rowsDone: number;
  fileName: string | null;
  fileSize: number | string | null;
  fileKey: string | null;
  expiresAt: Date | null;
  error: string | null;
  scheduledExportId: string | null;
  createdById: string | null;
  createdByName: string | null;
  createdByEmail: string | null;
  createdAt: Date;
  cursorAt: string;
  finishedAt: Date | null;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
const isExpired = (r: Pick<JobRow, 'expiresAt'>, now = new Date()) => r.expiresAt !== null && new Date(r.expiresAt) <= now;

const toJob = (r: JobRow): ExportJob => ({
  id: r.id,
  entity: r.entity,
  format: r.format,
  status: r.status,
  rowsTotal: r.rowsTotal,
  rowsDone: r.rowsDone,
  fileName: r.fileName,
  fileSize: r.fileSize === null ? null : Number(r.fileSize),
  expiresAt: iso(r.expiresAt),
  downloadable: r.status === 'done' && r.fileKey !== null && !isExpired(r),
  error: r.error,
  scheduledExportId: r.scheduledExportId,
  createdBy: r.createdById ? { id: r.createdById, name: r.createdByName ?? '', email: r.createdByEmail ?? '' } : null,
  createdAt: new Date(r.createdAt).toISOString(),
  finishedAt: iso(r.finishedAt),
});

/** The caller as the entity's read permission grants it, or a 403 naming that permission. */
export function entityCaller(caller: Caller, grants: Grants, entity: ExportEntity): Caller {
  const permission = readPermissionOf(entity);
  const scope = grants[permission];
  if (!scope) throw new AppError('forbidden', `Your role does not allow ${permission}`, 403, { permission });
  return { ...caller, scope };
}

/**
 * The jobs a caller may see: of the kinds of record they may read, and with scope own only those they asked for
 * (an export holds what its creator could see).
 */
function visibleJobs(caller: Caller, grants: Grants, values: unknown[]): string {
  const parts: string[] = [];
  for (const entity of EXPORT_ENTITIES) {
    const scope = grants[readPermissionOf(entity)];
    if (!scope) continue;
    const kind = `j.entity = $${values.push(entity)}`;
    parts.push(scope === 'own' ? `(${kind} AND j.created_by = $${values.push(caller.userId)})` : `(${kind})`);
  }
  return parts.length > 0 ? `(${parts.join(' OR ')})` : 'false';
}

/**
 * Records an export job after checking the request (the list's query, the fields, the caller's read permission),
 * then hands it to the queue (`enqueue`). The job keeps the caller's scope.
 */
export async function createExportJob(
  pool: pg.Pool,
  caller: Caller,
  grants: Grants,
  body: z.output<typeof createExportJobBody>,
  enqueue: (jobId: string) => Promise<void>,
): Promise<ExportJob> {
  const asReader = entityCaller(caller, grants, body.entity);
  await buildExportSelect(pool, asReader, { entity: body.entity, query: body.query, fields: body.fields }, { query: 'body.query', fields: 'body.fields' });
  const params: JobParams = { query: body.query, fields: body.fields ?? null, bom: body.bom, scope: asReader.scope, notify: true };
  const id = await insertJob(pool, caller, { entity: body.entity, format: body.format, params, scheduledExportId: null });
  await enqueue(id);
  return getExportJob(pool, caller, grants, id);
}

/** Inserts a queued job (also used by scheduled exports); returns its id. */
export async function insertJob(
  pool: pg.Pool,
  ctx: { workspaceId: string; userId: string | null },
  job: { entity: ExportEntity; format: ExportFormat; params: JobParams; scheduledExportId: string | null },
  client?: Pick<pg.PoolClient, 'query'>,
): Promise<string> {
  const insert = async (q: Pick<pg.PoolClient, 'query'>) => {
    const { rows } = await q.query<{ id: string }>(
      `INSERT INTO export_jobs (workspace_id, entity, format, params, scheduled_export_id, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [ctx.workspaceId, job.entity, job.format, JSON.stringify(job.params), job.scheduledExportId, ctx.userId],
    );
    return rows[0]!.id;
  };
  return client ? insert(client) : withTenant(pool, { workspaceId: ctx.workspaceId, userId: ctx.userId }, ({ client: c }) => insert(c));
}

export type { JobParams };

async function findJob(pool: pg.Pool, caller: Caller, grants: Grants, id: string): Promise<JobRow> {
  const values: unknown[] = [caller.workspaceId, id];
  const rows = await tenantRead<JobRow & pg.QueryResultRow>(pool, caller, `SELECT ${JOB_COLUMNS} FROM ${JOB_FROM} WHERE j.workspace_id = $1 AND j.id = $2 AND ${visibleJobs(caller, grants, values)}`, values);
  if (!rows[0]) throw notFound('Export');
  return rows[0];
}

export async function getExportJob(pool: pg.Pool, caller: Caller, grants: Grants, id: string): Promise<ExportJob> {
  return toJob(await findJob(pool, caller, grants, id));
}

/** Recent export jobs, newest first (keyset pages). */
export async function listExportJobs(pool: pg.Pool, caller: Caller, grants: Grants, page: { limit: number; cursor?: string | undefined }) {
  const values: unknown[] = [caller.workspaceId];
  const where = ['j.workspace_id = $1', visibleJobs(caller, grants, values)];
  const after = decodeCursor(page.cursor, isTimeIdCursor);
  if (after) where.push(`(j.created_at, j.id) < ($${values.push(after[0])}::timestamptz, $${values.push(after[1])}::uuid)`);
  const rows = await tenantRead<JobRow & pg.QueryResultRow>(
    pool,
    caller,
    `SELECT ${JOB_COLUMNS} FROM ${JOB_FROM} WHERE ${where.join(' AND ')} ORDER BY j.created_at DESC, j.id DESC LIMIT $${values.push(page.limit + 1)}`,
    values,
  );
  const found = toPage(rows, page.limit, (last) => [last.cursorAt, last.id]);
  return { items: found.items.map(toJob), nextCursor: found.nextCursor };
}

/** Stops a queued or running job (the task notices within a second and removes what it wrote). */
export async function cancelExportJob(pool: pg.Pool, caller: Caller, grants: Grants, id: string): Promise<ExportJob> {
  await findJob(pool, caller, grants, id);
  const cancelled = await withTenant(pool, caller, async ({ client }) => {
    const { rowCount } = await client.query(
      `UPDATE export_jobs SET status = 'cancelled', finished_at = now() WHERE workspace_id = $1 AND id = $2 AND status IN ('queued', 'running')`,
      [caller.workspaceId, id],
    );
    return (rowCount ?? 0) > 0;
  });
  if (!cancelled) throw new AppError('not_cancellable', 'This export has already finished', 409);
  return getExportJob(pool, caller, grants, id);
}

export interface ExportFile {
  stream: Readable;
  fileName: string;
  format: ExportFormat;
  size: number;
}

function fileOf(storage: Storage, row: JobRow): ExportFile {
  if (row.status !== 'done') throw new AppError('not_ready', 'This export has no file yet', 409);
  if (!row.fileKey || isExpired(row)) throw new AppError('export_expired', 'This export has expired; export again', 410);
  return { stream: storage.read(row.fileKey), fileName: row.fileName ?? fileNameOf(row.entity, row.format), format: row.format, size: Number(row.fileSize ?? 0) };
}

/** The file of a finished job, for someone who may see the job (410 once it has expired). */
export async function downloadExportJob(pool: pg.Pool, storage: Storage, caller: Caller, grants: Grants, id: string): Promise<ExportFile> {
  return fileOf(storage, await findJob(pool, caller, grants, id));
}

/** The file behind an emailed link: 404 for a token that was never issued, 410 once it has expired. */
export async function downloadByToken(pool: pg.Pool, storage: Storage, token: string): Promise<ExportFile> {
  const parsed = parseDownloadToken(token);
  if (!parsed) throw notFound('Export');
  const rows = await withTenant(pool, { workspaceId: parsed.workspaceId }, async ({ client }) => {
    const { rows } = await client.query<JobRow>(`SELECT ${JOB_COLUMNS} FROM ${JOB_FROM} WHERE j.workspace_id = $1 AND j.token_hash = $2`, [parsed.workspaceId, parsed.hash]);
    return rows;
  });
  if (!rows[0]) throw notFound('Export');
  return fileOf(storage, rows[0]);
}

// ───────────────────────── the task

const PROGRESS_MS = 1000;

export interface FinishedExport {
  jobId: string;
  entity: ExportEntity;
  format: ExportFormat;
  rows: number;
  fileKey: string;
  fileName: string;
  fileSize: number;
  token: string;
  expiresAt: Date;
}

class Cancelled extends Error {}

/**
 * Runs a queued export job under its workspace's tenant context with its creator's scope: counts the rows
 * (rowsTotal), streams the export (CSV from COPY, or XLSX written from it row by row) into storage while reporting
 * rowsDone about once a second, then marks it done with the file's size and a download token that expires after
 * `linkHours`. A job cancelled meanwhile stops within a second and leaves no file. Returns the finished export (with
 * the token, which is not stored), or null when there was nothing to run or it was cancelled.
 */
export async function runExportJob(deps: ExportDeps, workspaceId: string, jobId: string, opts: { progressMs?: number } = {}): Promise<FinishedExport | null> {
  const { pool, storage } = deps;
  const start = await withTenant(pool, { workspaceId }, async ({ client }) => {
    const { rows } = await client.query<{ entity: ExportEntity; format: ExportFormat; params: JobParams; createdBy: string | null }>(
      `UPDATE export_jobs SET status = 'running' WHERE workspace_id = $1 AND id = $2 AND status = 'queued'
        RETURNING entity, format, params, created_by AS "createdBy"`,
      [workspaceId, jobId],
    );
    return rows[0];
  });
  if (!start) return null;
  const { entity, format, params } = start;
  let key: string | null = null;
  try {
    if (!start.createdBy) throw new AppError('forbidden', 'The person who asked for this export is no longer a member', 403);
    const caller: Caller = { workspaceId, userId: start.createdBy, scope: params.scope };
    const { select, count } = await buildExportSelect(pool, caller, { entity, query: params.query, fields: params.fields ?? undefined }, { query: 'query', fields: 'fields' });
    await withTenant(pool, caller, async ({ client }) => {
      const { rows } = await client.query<{ n: number }>(count);
      await client.query('UPDATE export_jobs SET rows_total = $3 WHERE workspace_id = $1 AND id = $2', [workspaceId, jobId, rows[0]!.n]);
    });

    let done = 0;
    let reported = 0;
    let cancelled = false;
    const csv = await copyCsv(pool, caller, select, { bom: format === 'csv' && params.bom });
    const out = new PassThrough();
    const stored = storage.put(workspaceId, out);
    const written =
      format === 'csv'
        ? pipeline(csv, csvRecordCounter((records) => (done = Math.max(records - 1, 0))), out).then(() => done)
        : csvToXlsx(csv, out, { sheetName: EXPORT_SOURCES[entity].sheetName, onRows: (rows) => (done = rows) });
    // Either side failing stops the other (a failed write ends the COPY; a failed query leaves no file).
    const stop = (err: Error) => {
      csv.destroy(err);
      out.destroy(err);
    };
    stored.catch((err: Error) => stop(err));
    written.catch((err: Error) => stop(err));

    const timer = setInterval(() => {
      if (done === reported) return;
      reported = done;
      void withTenant(pool, { workspaceId }, async ({ client }) => {
        const { rowCount } = await client.query(`UPDATE export_jobs SET rows_done = $3 WHERE workspace_id = $1 AND id = $2 AND status = 'running'`, [workspaceId, jobId, reported]);
        if (rowCount === 0) {
          cancelled = true;
          stop(new Cancelled('cancelled'));
        }
      }).catch(() => undefined);
    }, opts.progressMs ?? PROGRESS_MS);
    let rows: number;
    try {
      [key, rows] = await Promise.all([stored, written]);
    } catch (err) {
      if (cancelled || err instanceof Cancelled) return null;
      throw err;
    } finally {
      clearInterval(timer);
    }

    const fileSize = await storage.size(key);
    const fileName = fileNameOf(entity, format);
    const { token, hash } = newDownloadToken(workspaceId);
    const finished = await withTenant(pool, { workspaceId }, async ({ client }) => {
      const { rows: updated } = await client.query<{ expiresAt: Date }>(
        `UPDATE export_jobs SET status = 'done', rows_done = $3, rows_total = $3, file_key = $4, file_name = $5, file_size = $6, token_hash = $7,
                expires_at = now() + make_interval(hours => $8), finished_at = now()
          WHERE workspace_id = $1 AND id = $2 AND status = 'running' RETURNING expires_at AS "expiresAt"`,
        [workspaceId, jobId, rows, key, fileName, fileSize, hash, deps.linkHours],
      );
      return updated[0];
    });
    if (!finished) {
      // Cancelled at the last moment: the file goes.
      await storage.remove(key);
      return null;
    }
    const result: FinishedExport = { jobId, entity, format, rows, fileKey: key, fileName, fileSize, token, expiresAt: finished.expiresAt };
    if (params.notify) await notifyReady(deps, start.createdBy, result);
    return result;
  } catch (err) {
    if (key) await storage.remove(key).catch(() => undefined);
    const message = err instanceof AppError ? err.message : 'The export failed; try again, or narrow it down.';
    await withTenant(pool, { workspaceId }, ({ client }) =>
      client.query(`UPDATE export_jobs SET status = 'failed', error = $3, finished_at = now() WHERE workspace_id = $1 AND id = $2 AND status = 'running'`, [workspaceId, jobId, message]),
    );
    throw err;
  }
}

/** Mails the person who asked for an export its download link (best effort: the export itself is done). */
async function notifyReady(deps: ExportDeps, userId: string, done: FinishedExport) {
  const { rows } = await deps.pool.query<{ email: string }>('SELECT email FROM users WHERE id = $1', [userId]);
  const to = rows[0]?.email;
  if (!to) return;
  try {
    await deps.mailer.send({
      to,
      subject: `Your ${done.entity} export is ready`,
      text:
        `Your export of ${done.rows.toLocaleString('en-US')} ${done.entity} (${done.format.toUpperCase()}) is ready:\n\n` +
        `${downloadLinkOf(deps.appUrl, done.token)}\n\nThe link works until ${done.expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
    });
  } catch {
    // The file is ready in the Exports page whether or not the mail went out.
  }
}

/**
 * Hourly: removes export files whose link has expired (the job stays, marked expired by its date), and marks jobs
 * that have been running for six hours (their process died) as failed. One tenant transaction per workspace.
 */
export async function purgeExpiredExports(owner: pg.Pool, storage: Storage): Promise<{ files: number; stale: number }> {
  const { rows: workspaces } = await owner.query<{ id: string }>('SELECT id FROM workspaces');
  const total = { files: 0, stale: 0 };
  for (const ws of workspaces) {
    const { keys, stale } = await withTenant(owner, { workspaceId: ws.id }, async ({ client }) => {
      const { rows } = await client.query<{ fileKey: string }>(
        `WITH expired AS (SELECT id, file_key FROM export_jobs WHERE workspace_id = $1 AND file_key IS NOT NULL AND expires_at <= now() FOR UPDATE)
         UPDATE export_jobs j SET file_key = NULL FROM expired e WHERE j.workspace_id = $1 AND j.id = e.id RETURNING e.file_key AS "fileKey"`,
        [ws.id],
      );
      const stuck = await client.query(
        `UPDATE export_jobs SET status = 'failed', error = 'The export stopped before it finished; export again.', finished_at = now()
          WHERE workspace_id = $1 AND status IN ('queued', 'running') AND created_at < now() - interval '6 hours'`,
        [ws.id],
      );
      return { keys: rows.map((r) => r.fileKey), stale: stuck.rowCount ?? 0 };
    });
    for (const key of keys) await storage.remove(key);
    total.files += keys.length;
    total.stale += stale;
  }
  return total;
}

