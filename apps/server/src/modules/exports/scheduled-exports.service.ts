import { buffer } from 'node:stream/consumers';
import type pg from 'pg';
import type { z } from 'zod';
import type { Grants } from '@grip/contracts/access';
import {
  ATTACHMENT_LIMIT_BYTES,
  type ExportEntity,
  type ScheduledExport,
  type ScheduledExportRun,
  type createScheduledExportBody,
  type updateScheduledExportBody,
} from '@grip/contracts/exports';
import { tenantRead, withTenant } from '../../db/tenant.ts';
import { decodeCursor, fieldError, isTimeIdCursor, toPage } from '../../lib/cursor.ts';
import { AppError, notFound } from '../../plugins/errors.ts';
import { recordAudit, type AuditMeta } from '../audit/audit.service.ts';
import type { Caller } from '../customers/customers.service.ts';
import { downloadLinkOf, entityCaller, insertJob, runExportJob, type ExportDeps } from './export-jobs.service.ts';
import { CONTENT_TYPES, buildExportSelect, readPermissionOf, scopeOf } from './exports.service.ts';
import { nextRunAt, type Recurrence } from './schedule-time.ts';

// Scheduled exports: a saved export (kind of record, filter, fields, format) run on a daily, weekly or monthly
// clock in the schedule's time zone and mailed to recipients, attached or as a link. A cron tick every minute
// claims what is due, each due run exactly once however many instances tick (a conditional UPDATE on the old
// next_run_at), and hands each run to the queue; a run produces its file through the export-job machinery.

type Q = Pick<pg.PoolClient, 'query'>;
type Body = z.output<typeof createScheduledExportBody>;
type Patch = z.output<typeof updateScheduledExportBody>;

const COLUMNS = `s.id, s.name, s.entity, s.format, s.fields, s.filter, s.bom, s.frequency, s.time_of_day AS "timeOfDay", s.timezone,
  s.day_of_week AS "dayOfWeek", s.day_of_month AS "dayOfMonth", s.recipients, s.delivery, s.paused, s.next_run_at AS "nextRunAt",
  s.last_run_at AS "lastRunAt", s.version, s.created_by AS "createdById", u.name AS "createdByName", u.email AS "createdByEmail",
  s.created_at AS "createdAt", s.created_at::text AS "cursorAt", s.updated_at AS "updatedAt",
  lr.status AS "lastRunStatus", lr.error AS "lastRunError", lr.started_at AS "lastRunStartedAt"`;
const FROM = `scheduled_exports s LEFT JOIN users u ON u.id = s.created_by
  LEFT JOIN LATERAL (SELECT r.status, r.error, r.started_at FROM scheduled_export_runs r
                      WHERE r.workspace_id = s.workspace_id AND r.scheduled_export_id = s.id ORDER BY r.started_at DESC, r.id DESC LIMIT 1) lr ON true`;

type Row = Omit<ScheduledExport, 'createdBy' | 'lastRun' | 'nextRunAt' | 'lastRunAt' | 'createdAt' | 'updatedAt' | 'filter'> & {
  filter: Record<string, string>;
  nextRunAt: Date | null;
  lastRunAt: Date | null;
  createdById: string | null;
  createdByName: string | null;
  createdByEmail: string | null;
  createdAt: Date;
  cursorAt: string;
  updatedAt: Date;
  lastRunStatus: ScheduledExportRun['status'] | null;
  lastRunError: string | null;
  lastRunStartedAt: Date | null;
};

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
const toSchedule = (r: Row): ScheduledExport => ({
  id: r.id,
  name: r.name,
  entity: r.entity,
  format: r.format,
  fields: r.fields,
  filter: r.filter,
  bom: r.bom,
  frequency: r.frequency,
  timeOfDay: r.timeOfDay,
  timezone: r.timezone,
  dayOfWeek: r.dayOfWeek,
  dayOfMonth: r.dayOfMonth,
  recipients: r.recipients,
  delivery: r.delivery,
  paused: r.paused,
  nextRunAt: iso(r.nextRunAt),
  lastRunAt: iso(r.lastRunAt),
  lastRun: r.lastRunStatus && r.lastRunStartedAt ? { status: r.lastRunStatus, error: r.lastRunError, startedAt: new Date(r.lastRunStartedAt).toISOString() } : null,
  version: r.version,
  createdBy: r.createdById ? { id: r.createdById, name: r.createdByName ?? '', email: r.createdByEmail ?? '' } : null,
  createdAt: new Date(r.createdAt).toISOString(),
  updatedAt: new Date(r.updatedAt).toISOString(),
});

const snapshot = (s: ScheduledExport) => ({
  name: s.name, entity: s.entity, format: s.format, fields: s.fields, filter: s.filter, bom: s.bom, frequency: s.frequency, timeOfDay: s.timeOfDay,
  timezone: s.timezone, dayOfWeek: s.dayOfWeek, dayOfMonth: s.dayOfMonth, recipients: s.recipients, delivery: s.delivery, paused: s.paused,
});

async function findSchedule(client: Q, workspaceId: string, id: string, lock = false): Promise<Row | undefined> {
  const { rows } = await client.query<Row>(
    lock
      ? `SELECT ${COLUMNS} FROM ${FROM} WHERE s.workspace_id = $1 AND s.id = $2 FOR UPDATE OF s`
      : `SELECT ${COLUMNS} FROM ${FROM} WHERE s.workspace_id = $1 AND s.id = $2`,
    [workspaceId, id],
  );
  return rows[0];
}

export async function listSchedules(pool: pg.Pool, caller: Caller, page: { limit: number; cursor?: string | undefined }) {
  const values: unknown[] = [caller.workspaceId];
  const where = ['s.workspace_id = $1'];
  const after = decodeCursor(page.cursor, isTimeIdCursor);
  if (after) where.push(`(s.created_at, s.id) < ($${values.push(after[0])}::timestamptz, $${values.push(after[1])}::uuid)`);
  const rows = await tenantRead<Row & pg.QueryResultRow>(
    pool,
    caller,
    `SELECT ${COLUMNS} FROM ${FROM} WHERE ${where.join(' AND ')} ORDER BY s.created_at DESC, s.id DESC LIMIT $${values.push(page.limit + 1)}`,
    values,
  );
  const found = toPage(rows, page.limit, (last) => [last.cursorAt, last.id]);
  return { items: found.items.map(toSchedule), nextCursor: found.nextCursor };
}

export async function getSchedule(pool: pg.Pool, caller: Caller, id: string): Promise<ScheduledExport> {
  const rows = await tenantRead<Row & pg.QueryResultRow>(pool, caller, `SELECT ${COLUMNS} FROM ${FROM} WHERE s.workspace_id = $1 AND s.id = $2`, [caller.workspaceId, id]);
  if (!rows[0]) throw notFound('Scheduled export');
  return toSchedule(rows[0]);
}

/** What a schedule is once a change is applied: the days that do not apply to its frequency are cleared. */
type Settings = Omit<Body, 'dayOfWeek' | 'dayOfMonth'> & { dayOfWeek: number | null; dayOfMonth: number | null };

/**
 * Checks a schedule as a whole (the day its frequency needs, the caller's right to read those records, the filter
 * and fields against the list) and says when it runs next.
 */
async function checkSettings(pool: pg.Pool, caller: Caller, grants: Grants, s: Settings, now: Date): Promise<Date> {
  if (s.frequency === 'weekly' && s.dayOfWeek === null) throw fieldError('validation_failed', 400, 'body.dayOfWeek', 'is required for a weekly schedule');
  if (s.frequency === 'monthly' && s.dayOfMonth === null) throw fieldError('validation_failed', 400, 'body.dayOfMonth', 'is required for a monthly schedule');
  const reader = entityCaller(caller, grants, s.entity);
  await buildExportSelect(pool, reader, { entity: s.entity, query: s.filter, fields: s.fields }, { query: 'body.filter', fields: 'body.fields' });
  return nextRunAt(recurrenceOf(s), now);
}

const recurrenceOf = (s: Pick<Settings, 'frequency' | 'timeOfDay' | 'timezone' | 'dayOfWeek' | 'dayOfMonth'>): Recurrence => ({
  frequency: s.frequency,
  timeOfDay: s.timeOfDay,
  timezone: s.timezone,
  dayOfWeek: s.dayOfWeek,
  dayOfMonth: s.dayOfMonth,
});

const daysFor = (s: { frequency: Settings['frequency']; dayOfWeek?: number | null | undefined; dayOfMonth?: number | null | undefined }) => ({
  dayOfWeek: s.frequency === 'weekly' ? (s.dayOfWeek ?? null) : null,
  dayOfMonth: s.frequency === 'monthly' ? (s.dayOfMonth ?? null) : null,
});

export async function createSchedule(pool: pg.Pool, caller: Caller, grants: Grants, body: Body, meta: AuditMeta, now = new Date()): Promise<ScheduledExport> {
  const settings: Settings = { ...body, ...daysFor(body), recipients: [...new Set(body.recipients.map((r) => r.toLowerCase()))] };
  const next = await checkSettings(pool, caller, grants, settings, now);
  return withTenant(pool, caller, async ({ client }) => {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO scheduled_exports (workspace_id, name, entity, format, fields, filter, bom, frequency, time_of_day, timezone, day_of_week, day_of_month,
                                      recipients, delivery, paused, next_run_at, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id`,
      [
        caller.workspaceId, settings.name, settings.entity, settings.format, settings.fields, JSON.stringify(settings.filter), settings.bom, settings.frequency,
        settings.timeOfDay, settings.timezone, settings.dayOfWeek, settings.dayOfMonth, settings.recipients, settings.delivery, settings.paused, next, caller.userId,
      ],
    );
    const created = toSchedule((await findSchedule(client, caller.workspaceId, rows[0]!.id))!);
    await recordAudit(client, caller.workspaceId, meta, { action: 'scheduled_export.created', entityType: 'scheduled_export', entityId: created.id, after: snapshot(created) });
    return created;
  });
}

/**
 * Changes a schedule; a stale `version` is a 409 with the current schedule. A change of timing, or a resume,
 * computes the next run from now.
 */
export async function updateSchedule(pool: pg.Pool, caller: Caller, grants: Grants, id: string, patch: Patch, meta: AuditMeta, now = new Date()): Promise<ScheduledExport> {
  const current = await getSchedule(pool, caller, id);
  if (current.version !== patch.version) throw new AppError('version_conflict', 'Someone else changed this schedule since you loaded it', 409, { current });
  const { version: _version, ...changes } = patch;
  const merged = { ...snapshot(current), ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) } as Settings;
  const settings: Settings = { ...merged, ...daysFor(merged), recipients: [...new Set(merged.recipients.map((r) => r.toLowerCase()))] };
  const next = await checkSettings(pool, caller, grants, settings, now);
  return withTenant(pool, caller, async ({ client }) => {
    const locked = await findSchedule(client, caller.workspaceId, id, true);
    if (!locked) throw notFound('Scheduled export');
    // Re-checked under the lock: a change that landed since the read above wins the race.
    if (locked.version !== patch.version) throw new AppError('version_conflict', 'Someone else changed this schedule since you loaded it', 409, { current: toSchedule(locked) });
    const timing = ['frequency', 'timeOfDay', 'timezone', 'dayOfWeek', 'dayOfMonth'] as const;
    const retimed = timing.some((k) => settings[k] !== locked[k]) || (locked.paused && !settings.paused) || locked.nextRunAt === null;
    await client.query(
      `UPDATE scheduled_exports SET name = $3, entity = $4, format = $5, fields = $6, filter = $7, bom = $8, frequency = $9, time_of_day = $10, timezone = $11,
              day_of_week = $12, day_of_month = $13, recipients = $14, delivery = $15, paused = $16, next_run_at = $17, version = version + 1, updated_at = now()
        WHERE workspace_id = $1 AND id = $2`,
      [
        caller.workspaceId, id, settings.name, settings.entity, settings.format, settings.fields, JSON.stringify(settings.filter), settings.bom, settings.frequency,
        settings.timeOfDay, settings.timezone, settings.dayOfWeek, settings.dayOfMonth, settings.recipients, settings.delivery, settings.paused,
        retimed ? next : locked.nextRunAt,
      ],
    );
    const updated = toSchedule((await findSchedule(client, caller.workspaceId, id))!);
    const action = locked.paused !== updated.paused && Object.keys(changes).every((k) => k === 'paused') ? (updated.paused ? 'scheduled_export.paused' : 'scheduled_export.resumed') : 'scheduled_export.updated';
    await recordAudit(client, caller.workspaceId, meta, { action, entityType: 'scheduled_export', entityId: id, before: snapshot(toSchedule(locked)), after: snapshot(updated) });
    return updated;
  });
}

/** Pauses or resumes without a version (idempotent: pausing a paused schedule changes nothing). */
export async function setPaused(pool: pg.Pool, caller: Caller, grants: Grants, id: string, paused: boolean, meta: AuditMeta, now = new Date()): Promise<ScheduledExport> {
  const current = await getSchedule(pool, caller, id);
  if (current.paused === paused) return current;
  try {
    return await updateSchedule(pool, caller, grants, id, { version: current.version, paused }, meta, now);
  } catch (err) {
    // Changed by someone else in between: once more, from what is there now.
    if (!(err instanceof AppError && err.code === 'version_conflict')) throw err;
    const again = await getSchedule(pool, caller, id);
    return again.paused === paused ? again : updateSchedule(pool, caller, grants, id, { version: again.version, paused }, meta, now);
  }
}

export async function deleteSchedule(pool: pg.Pool, caller: Caller, id: string, meta: AuditMeta): Promise<void> {
  await withTenant(pool, caller, async ({ client }) => {
    const current = await findSchedule(client, caller.workspaceId, id, true);
    if (!current) throw notFound('Scheduled export');
    await client.query('DELETE FROM scheduled_exports WHERE workspace_id = $1 AND id = $2', [caller.workspaceId, id]);
    await recordAudit(client, caller.workspaceId, meta, { action: 'scheduled_export.deleted', entityType: 'scheduled_export', entityId: id, before: snapshot(toSchedule(current)) });
  });
}

// ───────────────────────── runs

const RUN_COLUMNS = `r.id, r.status, r.rows, r.file_size AS "fileSize", r.export_job_id AS "exportJobId", r.error, r.started_at AS "startedAt",
  r.started_at::text AS "cursorAt", r.finished_at AS "finishedAt"`;
type RunRow = Omit<ScheduledExportRun, 'startedAt' | 'finishedAt' | 'fileSize'> & { fileSize: string | number | null; startedAt: Date; cursorAt: string; finishedAt: Date | null };
const toRun = (r: RunRow): ScheduledExportRun => ({
  id: r.id,
  status: r.status,
  rows: r.rows,
  fileSize: r.fileSize === null ? null : Number(r.fileSize),
  exportJobId: r.exportJobId,
  error: r.error,
  startedAt: new Date(r.startedAt).toISOString(),
  finishedAt: iso(r.finishedAt),
});

/** A schedule's runs, newest first (keyset pages). */
export async function listRuns(pool: pg.Pool, caller: Caller, id: string, page: { limit: number; cursor?: string | undefined }) {
  await getSchedule(pool, caller, id);
  const values: unknown[] = [caller.workspaceId, id];
  const where = ['r.workspace_id = $1', 'r.scheduled_export_id = $2'];
  const after = decodeCursor(page.cursor, isTimeIdCursor);
  if (after) where.push(`(r.started_at, r.id) < ($${values.push(after[0])}::timestamptz, $${values.push(after[1])}::uuid)`);
  const rows = await tenantRead<RunRow & pg.QueryResultRow>(
    pool,
    caller,
    `SELECT ${RUN_COLUMNS} FROM scheduled_export_runs r WHERE ${where.join(' AND ')} ORDER BY r.started_at DESC, r.id DESC LIMIT $${values.push(page.limit + 1)}`,
    values,
  );
  const found = toPage(rows, page.limit, (last) => [last.cursorAt, last.id]);
  return { items: found.items.map(toRun), nextCursor: found.nextCursor };
}

async function insertRun(client: Q, workspaceId: string, scheduleId: string): Promise<RunRow> {
  const { rows } = await client.query<RunRow>(
    `INSERT INTO scheduled_export_runs AS r (workspace_id, scheduled_export_id) VALUES ($1, $2) RETURNING ${RUN_COLUMNS}`,
    [workspaceId, scheduleId],
  );
  return rows[0]!;
}

/** "Run now": a run outside the clock (the next scheduled run stays as it was). */
export async function runNow(pool: pg.Pool, caller: Caller, grants: Grants, id: string, meta: AuditMeta, enqueue: (runId: string) => Promise<void>): Promise<ScheduledExportRun> {
  const schedule = await getSchedule(pool, caller, id);
  entityCaller(caller, grants, schedule.entity);
  const run = await withTenant(pool, caller, async ({ client }) => {
    const inserted = await insertRun(client, caller.workspaceId, id);
    await recordAudit(client, caller.workspaceId, meta, { action: 'scheduled_export.run', entityType: 'scheduled_export', entityId: id });
    return inserted;
  });
  await enqueue(run.id);
  return toRun(run);
}

/**
 * The cron tick: in each workspace, the schedules that are due move their next run on (computed in their time
 * zone from now, so a schedule missed while nothing ran runs once, not once per missed slot) with an UPDATE that
 * only succeeds where next_run_at still holds the value read, and get a run. However many instances tick at once,
 * each due run is claimed once. The runs are handed to `enqueue` after their transaction commits.
 */
export async function tickScheduledExports(owner: pg.Pool, enqueue: (workspaceId: string, runId: string) => Promise<void>, now = new Date()): Promise<number> {
  const { rows: workspaces } = await owner.query<{ id: string }>('SELECT id FROM workspaces WHERE disabled_at IS NULL');
  let claimed = 0;
  for (const ws of workspaces) {
    const runs = await withTenant(owner, { workspaceId: ws.id }, async ({ client }) => {
      const { rows: due } = await client.query<Row>(
        `SELECT id, frequency, time_of_day AS "timeOfDay", timezone, day_of_week AS "dayOfWeek", day_of_month AS "dayOfMonth", next_run_at::text AS "cursorAt", next_run_at AS "nextRunAt"
           FROM scheduled_exports WHERE workspace_id = $1 AND NOT paused AND next_run_at <= $2`,
        [ws.id, now],
      );
      const mine: string[] = [];
      for (const s of due) {
        const next = nextRunAt(recurrenceOf(s), new Date(Math.max(now.getTime(), new Date(s.nextRunAt!).getTime())));
        const { rowCount } = await client.query(
          `UPDATE scheduled_exports SET next_run_at = $4, last_run_at = $5 WHERE workspace_id = $1 AND id = $2 AND next_run_at = $3::timestamptz AND NOT paused`,
          [ws.id, s.id, s.cursorAt, next, now],
        );
        if (rowCount === 1) mine.push((await insertRun(client, ws.id, s.id)).id);
      }
      return mine;
    });
    for (const runId of runs) await enqueue(ws.id, runId);
    claimed += runs.length;
  }
  return claimed;
}

/**
 * One run: the export is produced as an export job with the schedule creator's current scope (someone who can no
 * longer read those records gets a failed run, not an export), then mailed to the recipients — attached when the
 * file is at most 10 MB and the schedule says so, else as a link that expires. The run records the outcome.
 */
export async function runScheduledExport(deps: ExportDeps, workspaceId: string, runId: string): Promise<ScheduledExportRun['status'] | null> {
  const { pool } = deps;
  const claimed = await withTenant(pool, { workspaceId }, async ({ client }) => {
    const { rows } = await client.query<{ scheduleId: string; jobId: string | null }>(
      `SELECT scheduled_export_id AS "scheduleId", export_job_id AS "jobId" FROM scheduled_export_runs WHERE workspace_id = $1 AND id = $2 AND status = 'running' FOR UPDATE`,
      [workspaceId, runId],
    );
    const run = rows[0];
    if (!run || run.jobId) return null;
    const schedule = await findSchedule(client, workspaceId, run.scheduleId);
    if (!schedule) return null;
    const scope = await scopeOf(client, workspaceId, schedule.createdById, readPermissionOf(schedule.entity));
    if (!scope) return { schedule, jobId: null };
    const jobId = await insertJob(
      pool,
      { workspaceId, userId: schedule.createdById },
      { entity: schedule.entity, format: schedule.format, params: { query: schedule.filter, fields: schedule.fields, bom: schedule.bom, scope, notify: false }, scheduledExportId: schedule.id },
      client,
    );
    await client.query('UPDATE scheduled_export_runs SET export_job_id = $3 WHERE workspace_id = $1 AND id = $2', [workspaceId, runId, jobId]);
    return { schedule, jobId };
  });
  if (!claimed) return null;
  const { schedule, jobId } = claimed;
  const finish = (status: 'sent' | 'failed', values: { rows?: number; fileSize?: number; error?: string }) =>
    withTenant(pool, { workspaceId }, ({ client }) =>
      client.query(`UPDATE scheduled_export_runs SET status = $3, rows = $4, file_size = $5, error = $6, finished_at = now() WHERE workspace_id = $1 AND id = $2`, [
        workspaceId, runId, status, values.rows ?? null, values.fileSize ?? null, values.error ?? null,
      ]),
    );
  if (!jobId) {
    await finish('failed', { error: `${schedule.createdByEmail ?? 'The person who set up this schedule'} can no longer read ${schedule.entity}; edit the schedule to take it over.` });
    return 'failed';
  }
  try {
    const done = await runExportJob(deps, workspaceId, jobId);
    if (!done) {
      await finish('failed', { error: 'The export was cancelled.' });
      return 'failed';
    }
    const attach = schedule.delivery === 'attachment' && done.fileSize <= ATTACHMENT_LIMIT_BYTES;
    const rowsText = `${done.rows.toLocaleString('en-US')} ${done.rows === 1 ? singular(schedule.entity) : schedule.entity}`;
    const link = downloadLinkOf(deps.appUrl, done.token);
    const until = `${done.expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
    await deps.mailer.send({
      to: schedule.recipients,
      subject: `${schedule.name}: ${rowsText}`,
      text: attach
        ? `The scheduled export “${schedule.name}” is attached: ${done.fileName}, ${rowsText}.\n`
        : `The scheduled export “${schedule.name}” (${rowsText}) is ready:\n\n${link}\n\nThe link works until ${until}.` +
          (schedule.delivery === 'attachment' ? ' (The file is larger than 10 MB, too large to attach.)\n' : '\n'),
      ...(attach ? { attachments: [{ filename: done.fileName, content: await buffer(deps.storage.read(done.fileKey)), contentType: CONTENT_TYPES[done.format] }] } : {}),
    });
    await finish('sent', { rows: done.rows, fileSize: done.fileSize });
    return 'sent';
  } catch (err) {
    await finish('failed', { error: err instanceof AppError ? err.message : 'The export could not be made or mailed; the next run tries again.' });
    throw err;
  }
}

const singular = (entity: ExportEntity) => ({ customers: 'customer', policies: 'policy', tickets: 'ticket' })[entity];
