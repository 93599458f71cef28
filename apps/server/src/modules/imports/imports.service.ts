import { Transform, type Readable } from 'node:stream';
import type pg from 'pg';
import type { z } from 'zod';
import type { Grants } from '@grip/contracts/access';
import type { CustomField } from '@grip/contracts/customers';
import {
  foldHeader,
  IMPORT_RUNNING,
  type createImportTemplateBody,
  type ImportDetail,
  type ImportEntity,
  type ImportField,
  type ImportIssue,
  type ImportJob,
  type ImportMapping,
  type ImportPreview,
  type ImportStatus,
  type ImportTemplate,
  type UndoImportResult,
  type UpdateImportBody,
} from '@grip/contracts/imports';
import { tenantRead, withTenant, type TenantContext } from '../../db/tenant.ts';
import { AppError, notFound } from '../../plugins/errors.ts';
import { decodeCursor, fieldError, isTimeIdCursor, toPage } from '../../lib/cursor.ts';
import type { Storage } from '../../lib/storage.ts';
import { recordAudit, type AuditMeta } from '../audit/audit.service.ts';
import { cachedFields, fieldsOf } from '../customers/customers.service.ts';
import { convertContext, ENTITIES, importFields, type ConvertContext, type EntityDef } from './entities.ts';
import { autoMap, templateScore } from './mapping.ts';
import { decodeHead, detectDelimiter, detectFormat, HEAD_BYTES, readHead, readRows, type Delimiter, type Encoding, type FileFormat } from './file-reader.ts';
import { copyLine } from './copy-text.ts';
import { bind, CHUNK_ROWS, copyChunk, createStage, importRows, parseInWorker, planChunk, plannedRows } from './imports.engine.ts';

export type Caller = TenantContext & { userId: string };

/** Uploads bigger than this are refused (IMPORT_MAX_MB). */
export const DEFAULT_IMPORT_MAX_BYTES = 1024 * 1024 * 1024;
const SAMPLE_ROWS = 20;
const PREVIEW_ROWS = 50;
/** Session memory of an import's own connection (PostgreSQL side): staging buffers and sort/hash memory. */
const IMPORT_SESSION = { tempBuffers: '256MB', workMem: '128MB' };
/** Uploads never started are removed after this long. */
const ABANDONED_HOURS = 24;

interface JobRow {
  id: string;
  entity: ImportEntity;
  file_name: string;
  file_key: string | null;
  file_size: string | number;
  format: FileFormat;
  encoding: Encoding;
  delimiter: Delimiter;
  headers: string[];
  sample: string[][];
  mapping: ImportMapping;
  duplicate_mode: ImportJob['duplicateMode'];
  match_key: string;
  dry_run: boolean;
  status: ImportStatus;
  bytes_done: string | number;
  rows_total: number;
  rows_done: number;
  created: number;
  updated: number;
  skipped: number;
  failed: number;
  rows_per_second: number | null;
  error: string | null;
  cancel_requested: boolean;
  created_by: string | null;
  creator_name: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  undone_at: Date | null;
}

const JOB_SELECT = `SELECT j.*, u.name AS creator_name FROM import_jobs j LEFT JOIN users u ON u.id = j.created_by`;
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

function toJob(r: JobRow): ImportJob {
  const fileSize = Number(r.file_size);
  const bytesDone = Number(r.bytes_done);
  let eta: number | null = null;
  if (r.status === 'loading' && r.started_at && bytesDone > 0) {
    const elapsed = (Date.now() - new Date(r.started_at).getTime()) / 1000;
    eta = Math.max(0, Math.round((elapsed / bytesDone) * (fileSize - bytesDone)));
  }
  return {
    id: r.id,
    entity: r.entity,
    fileName: r.file_name,
    fileSize,
    format: r.format,
    encoding: r.encoding,
    delimiter: r.delimiter,
    status: r.status,
    dryRun: r.dry_run,
    mapping: r.mapping,
    duplicateMode: r.duplicate_mode,
    matchKey: r.match_key,
    bytesDone,
    rowsDone: r.rows_done,
    rowsTotal: r.rows_total,
    rowsPerSecond: r.rows_per_second,
    etaSeconds: eta,
    created: r.created,
    updated: r.updated,
    skipped: r.skipped,
    failed: r.failed,
    error: r.error,
    createdBy: r.created_by ? { id: r.created_by, name: r.creator_name ?? '' } : null,
    createdAt: iso(r.created_at)!,
    startedAt: iso(r.started_at),
    finishedAt: iso(r.finished_at),
    undoneAt: iso(r.undone_at),
  };
}

async function loadJob(pool: pg.Pool, ctx: TenantContext, id: string): Promise<JobRow> {
  const rows = await tenantRead<JobRow>(pool, ctx, `${JOB_SELECT} WHERE j.workspace_id = $1 AND j.id = $2`, [ctx.workspaceId, id]);
  if (!rows[0]) throw notFound('Import');
  return rows[0];
}

/** The fields of a kind (custom fields from the customers' short cache; the job itself reads them fresh). */
async function fieldsFor(pool: pg.Pool, ctx: TenantContext, def: EntityDef): Promise<{ fields: ImportField[]; custom: CustomField[] }> {
  const custom = def.entity === 'customers' ? await cachedFields(pool, ctx) : [];
  return { fields: importFields(def, custom), custom };
}

async function templatesFor(pool: pg.Pool, ctx: TenantContext, entity: ImportEntity, headers: string[]) {
  const rows = await tenantRead<{ id: string; entity: ImportEntity; name: string; mapping: Record<string, string>; duplicate_mode: ImportTemplate['duplicateMode']; match_key: string; created_at: Date }>(
    pool,
    ctx,
    'SELECT * FROM import_templates WHERE workspace_id = $1 AND entity = $2 ORDER BY name LIMIT 100',
    [ctx.workspaceId, entity],
  );
  return rows
    .map((t) => ({ ...toTemplate(t), score: templateScore(headers, t.mapping) }))
    .filter((t) => t.score > 0)
    .sort((a, b) => b.score - a.score);
}

function toTemplate(t: { id: string; entity: ImportEntity; name: string; mapping: Record<string, string>; duplicate_mode: ImportTemplate['duplicateMode']; match_key: string; created_at: Date }): ImportTemplate {
  return { id: t.id, entity: t.entity, name: t.name, mapping: t.mapping, duplicateMode: t.duplicate_mode, matchKey: t.match_key, createdAt: new Date(t.created_at).toISOString() };
}

/** An import with its headers, sample, fields and fitting templates (`known`: those the caller has already read). */
async function detail(pool: pg.Pool, ctx: TenantContext, row: JobRow, known: { fields?: ImportField[]; templates?: ImportDetail['templates'] } = {}): Promise<ImportDetail> {
  const fields = known.fields ?? (await fieldsFor(pool, ctx, ENTITIES[row.entity])).fields;
  const templates = known.templates ?? (await templatesFor(pool, ctx, row.entity, row.headers));
  return { ...toJob(row), headers: row.headers, sample: row.sample, fields, templates };
}

// ───────────────────────── permissions

/** The importer needs the kind's create permission, and its update permission to update; returns the scope that applies. */
function checkPermissions(def: EntityDef, grants: Grants, mode: ImportJob['duplicateMode']): { ownOnly: boolean } {
  const create = grants[def.permissions.create as keyof Grants];
  if (!create) throw new AppError('forbidden', `Importing ${def.entity} needs the ${def.permissions.create} permission`, 403);
  if (mode === 'update') {
    const update = grants[def.permissions.update as keyof Grants];
    if (!update) throw new AppError('forbidden', `Updating ${def.entity} from a file needs the ${def.permissions.update} permission`, 403);
    return { ownOnly: update === 'own' || create === 'own' };
  }
  return { ownOnly: create === 'own' };
}

// ───────────────────────── upload

/** Counts the bytes of an upload (refusing it past `maxBytes`) and keeps its head for detection. */
function uploadInspector(maxBytes: number) {
  const head: Buffer[] = [];
  let headBytes = 0;
  const result = { size: 0, head: Buffer.alloc(0) };
  const stream = new Transform({
    transform(chunk: Buffer, _enc, done) {
      result.size += chunk.length;
      if (result.size > maxBytes) return done(new AppError('file_too_large', `Import files may be at most ${Math.round(maxBytes / 1024 / 1024)} MB`, 413, { maxBytes }));
      if (headBytes < HEAD_BYTES) {
        head.push(chunk);
        headBytes += chunk.length;
      }
      done(null, chunk);
    },
    flush(done) {
      result.head = Buffer.concat(head).subarray(0, HEAD_BYTES);
      done();
    },
  });
  return { stream, result };
}

async function readFileHead(storage: Storage, key: string, opts: { format: FileFormat; encoding: Encoding; delimiter: Delimiter }) {
  try {
    const { headers, sample } = await readHead(storage.read(key), opts, SAMPLE_ROWS);
    return { headers, sample: sample.map((r) => headers.map((_h, i) => r.cells[i] ?? '')) };
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('unreadable_file', `The file could not be read as ${opts.format.toUpperCase()}: ${(err as Error).message}`, 400, {
      fields: [{ field: 'body.file', message: 'could not be read' }],
    });
  }
}

function noHeader(): AppError {
  return fieldError('validation_failed', 400, 'body.file', 'has no header row: the first row must name the columns');
}

/** Stores an uploaded file, detects its format, encoding and delimiter, and suggests a mapping. */
export async function uploadImport(
  pool: pg.Pool,
  storage: Storage,
  caller: Caller,
  grants: Grants,
  entity: ImportEntity,
  file: { filename: string; stream: Readable },
  maxBytes: number,
  meta: AuditMeta,
): Promise<ImportDetail> {
  const def = ENTITIES[entity];
  checkPermissions(def, grants, 'skip');
  const { stream, result } = uploadInspector(maxBytes);
  let key: string;
  try {
    key = await storage.put(caller.workspaceId, file.stream, stream);
  } catch (err) {
    file.stream.resume();
    throw err;
  }
  try {
    if (result.size === 0) throw fieldError('validation_failed', 400, 'body.file', 'is empty');
    const detected = detectFormat(result.head);
    if (!detected) throw new AppError('unsupported_file_type', 'Import a CSV file (any common encoding) or an Excel workbook (.xlsx)', 415);
    const delimiter = detected.format === 'csv' ? detectDelimiter(decodeHead(result.head, detected.encoding)) : ',';
    const { headers, sample } = await readFileHead(storage, key, { format: detected.format, encoding: detected.encoding, delimiter });
    if (headers.length === 0 || headers.every((h) => h === '')) throw noHeader();
    const { fields } = await fieldsFor(pool, caller, def);
    const templates = await templatesFor(pool, caller, entity, headers);
    const best = templates[0] && templates[0].score >= 0.5 ? templates[0] : undefined;
    const mapping = autoMap(headers, sample, fields, best?.mapping);
    // eslint-disable-next-line no-control-regex
    const name = file.filename.split(/[/\\]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, '').slice(-200) || 'import';
    const row = await withTenant(pool, caller, async ({ client }) => {
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO import_jobs (workspace_id, entity, file_name, file_key, file_size, format, encoding, delimiter, headers, sample, mapping,
                                  duplicate_mode, match_key, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
        [caller.workspaceId, entity, name, key, result.size, detected.format, detected.encoding, delimiter, headers, JSON.stringify(sample), JSON.stringify(mapping),
          best?.duplicateMode ?? 'skip', best?.matchKey ?? def.matchKeys(fields)[0] ?? 'email', caller.userId],
      );
      await recordAudit(client, caller.workspaceId, meta, { action: 'import.uploaded', entityType: 'import', entityId: rows[0]!.id, after: { entity, fileName: name, size: result.size } });
      return rows[0]!;
    });
    return detail(pool, caller, await loadJob(pool, caller, row.id), { fields, templates });
  } catch (err) {
    await storage.remove(key);
    throw err;
  }
}

// ───────────────────────── reading

export async function getImport(pool: pg.Pool, ctx: TenantContext, id: string): Promise<ImportDetail> {
  return detail(pool, ctx, await loadJob(pool, ctx, id));
}

export async function listImports(pool: pg.Pool, ctx: TenantContext, q: { entity?: ImportEntity; limit: number; cursor?: string }) {
  const after = decodeCursor(q.cursor, isTimeIdCursor);
  const rows = await tenantRead<JobRow>(
    pool,
    ctx,
    `${JOB_SELECT} WHERE j.workspace_id = $1 AND ($2::text IS NULL OR j.entity = $2)
       AND ($3::timestamptz IS NULL OR (j.created_at, j.id) < ($3::timestamptz, $4::uuid))
     ORDER BY j.created_at DESC, j.id DESC LIMIT $5`,
    [ctx.workspaceId, q.entity ?? null, after?.[0] ?? null, after?.[1] ?? null, q.limit + 1],
  );
  return toPage(rows.map(toJob), q.limit, (j) => [j.createdAt, j.id]);
}

// ───────────────────────── choosing the mapping

/** Problems with a mapping that stop an import: unknown fields, one field twice, required fields or the match key missing. */
export function mappingIssues(def: EntityDef, fields: ImportField[], headers: string[], m: { mapping: ImportMapping; duplicateMode: string; matchKey: string }) {
  const issues: Array<{ field: string; message: string }> = [];
  const seen = new Map<string, string>();
  for (const [column, key] of Object.entries(m.mapping)) {
    if (!key) continue;
    if (Number(column) >= headers.length) issues.push({ field: `mapping.${column}`, message: `the file has no column ${column}` });
    else if (!fields.some((f) => f.key === key)) issues.push({ field: `mapping.${column}`, message: `${key} is not a field of ${def.entity}` });
    else if (seen.has(key)) issues.push({ field: `mapping.${column}`, message: `“${headers[Number(column)]}” and “${seen.get(key)}” are both mapped to ${key}` });
    seen.set(key, headers[Number(column)] ?? column);
  }
  const mapped = new Set(seen.keys());
  if (m.duplicateMode !== 'update') {
    for (const f of fields) {
      if (!f.required || mapped.has(f.key)) continue;
      if (f.key === 'name' && (mapped.has('firstName') || mapped.has('lastName'))) continue;
      if (f.key.startsWith('custom.')) continue; // a required custom field is checked per row
      issues.push({ field: f.key, message: `map a column to ${f.label}` });
    }
  }
  const matchable = def.matchKeys(fields);
  if (matchable.length > 0) {
    if (!matchable.includes(m.matchKey)) issues.push({ field: 'matchKey', message: `duplicates can be matched on: ${matchable.join(', ')}` });
    else if (m.duplicateMode !== 'create' && !mapped.has(m.matchKey) && !(m.matchKey === 'name' && (mapped.has('firstName') || mapped.has('lastName')))) {
      issues.push({ field: 'matchKey', message: `map a column to ${m.matchKey} to find duplicates by it, or choose “create”` });
    }
  }
  return issues;
}

const EDITABLE: readonly ImportStatus[] = ['uploaded', 'failed', 'cancelled'];
const editable = (r: JobRow) => EDITABLE.includes(r.status) || (r.status === 'done' && r.dry_run);

export async function updateImport(pool: pg.Pool, storage: Storage, ctx: TenantContext, id: string, body: UpdateImportBody): Promise<ImportDetail> {
  const row = await loadJob(pool, ctx, id);
  if (!editable(row) || !row.file_key) throw new AppError('conflict', `This import is ${row.status}: its settings can no longer change`, 409);
  const def = ENTITIES[row.entity];
  const { fields } = await fieldsFor(pool, ctx, def);
  let { headers, sample } = row;
  const encoding = body.encoding ?? row.encoding;
  const delimiter = body.delimiter ?? row.delimiter;
  let mapping = body.mapping ?? row.mapping;
  if (encoding !== row.encoding || delimiter !== row.delimiter) {
    if (row.format === 'xlsx') throw fieldError('validation_failed', 400, 'body.encoding', 'an Excel workbook has no encoding or delimiter to choose');
    ({ headers, sample } = await readFileHead(storage, row.file_key, { format: row.format, encoding, delimiter }));
    if (headers.length === 0) throw noHeader();
    if (!body.mapping) mapping = autoMap(headers, sample, fields);
  }
  const blocking = mappingIssues(def, fields, headers, { mapping, duplicateMode: 'update', matchKey: def.matchKeys(fields)[0] ?? '' }).filter((i) => i.field.startsWith('mapping.'));
  if (blocking.length) {
    throw new AppError('validation_failed', `Invalid request — body.${blocking[0]!.field}: ${blocking[0]!.message}`, 400, {
      fields: blocking.map((i) => ({ field: `body.${i.field}`, message: i.message })),
    });
  }
  const matchKey = body.matchKey ?? row.match_key;
  if (body.matchKey !== undefined && def.matchKeys(fields).length > 0 && !def.matchKeys(fields).includes(body.matchKey)) {
    throw fieldError('validation_failed', 400, 'body.matchKey', `duplicates can be matched on: ${def.matchKeys(fields).join(', ')}`);
  }
  await withTenant(pool, ctx, ({ client }) =>
    client.query(
      `UPDATE import_jobs SET encoding = $3, delimiter = $4, headers = $5, sample = $6, mapping = $7, duplicate_mode = $8, match_key = $9
        WHERE workspace_id = $1 AND id = $2`,
      [ctx.workspaceId, id, encoding, delimiter, headers, JSON.stringify(sample), JSON.stringify(mapping), body.duplicateMode ?? row.duplicate_mode, matchKey],
    ),
  );
  return detail(pool, ctx, await loadJob(pool, ctx, id), { fields });
}

const headerMap = (ctx: ConvertContext, fields: ImportField[]) => Object.fromEntries(fields.map((f) => [f.key, ctx.headerOf(f.key)]));

/** Staging column → field key: `owner_email` → owner, `start_date` → startDate, jsonb objects flattened (address.city). */
function previewValues(values: Record<string, unknown>): Record<string, string | null> {
  const rename: Record<string, string> = { customer_ref: 'customer', owner_email: 'owner', assignee_email: 'assignee', stage_name: 'stage' };
  const out: Record<string, string | null> = {};
  const text = (v: unknown) => (v === null || v === undefined ? null : Array.isArray(v) ? v.join(', ') : String(v));
  for (const [column, v] of Object.entries(values)) {
    const key = rename[column] ?? column.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
    if (v && typeof v === 'object' && !Array.isArray(v)) for (const [k, x] of Object.entries(v)) out[`${key}.${k}`] = text(x);
    else out[key] = text(v);
  }
  return out;
}

/** The first rows validated by the real engine, in a transaction that keeps nothing. */
export async function previewImport(pool: pg.Pool, storage: Storage, caller: Caller, grants: Grants, id: string): Promise<ImportPreview> {
  const row = await loadJob(pool, caller, id);
  if (!row.file_key) throw new AppError('conflict', 'The file of this import is no longer kept', 409);
  const def = ENTITIES[row.entity];
  const { fields, custom } = await fieldsFor(pool, caller, def);
  const issues = mappingIssues(def, fields, row.headers, { mapping: row.mapping, duplicateMode: row.duplicate_mode, matchKey: row.match_key });
  if (issues.length) return { rows: [], mappingIssues: issues };
  const { ownOnly } = checkPermissions(def, grants, row.duplicate_mode);
  const ctx = convertContext(row, custom);
  const rows = await withTenant(pool, caller, async ({ client }) => {
    await createStage(client, def, { onCommitDrop: true });
    const convert = def.converter(ctx);
    let lines = '';
    let n = 0;
    for await (const r of readRows(storage.read(row.file_key!), row).rows) {
      lines += copyLine(r.rowNo, convert(r.cells));
      if (++n >= PREVIEW_ROWS) break;
    }
    if (n === 0) return [];
    await copyChunk(client, def, lines);
    await planChunk(client, def, { workspaceId: caller.workspaceId, userId: caller.userId, mode: row.duplicate_mode, matchKey: row.match_key, ownOnly }, headerMap(ctx, fields));
    return plannedRows(client, PREVIEW_ROWS);
  });
  // A cell that could not be read shows its text as the file has it (its issue says why).
  const fieldOfHeader = new Map([...ctx.columns].map(([field, column]) => [row.headers[column] ?? field, field]));
  const withRaw = (values: Record<string, string | null>, issues: ImportIssue[]) => {
    for (const i of issues) {
      const field = fieldOfHeader.get(i.column);
      if (field && values[field] == null && i.value !== null) values[field] = i.value;
    }
    return values;
  };
  return {
    rows: rows.map((r) => ({ rowNo: r.row_no, values: withRaw(previewValues(r.values), r.issues ?? []), action: r.action as ImportPreview['rows'][number]['action'], issues: r.issues ?? [] })),
    mappingIssues: [],
  };
}

// ───────────────────────── running

export async function startImport(
  pool: pg.Pool,
  caller: Caller,
  grants: Grants,
  id: string,
  body: { dryRun: boolean },
  enqueue: (id: string) => Promise<void>,
  meta: AuditMeta,
): Promise<ImportJob> {
  const row = await loadJob(pool, caller, id);
  if (!editable(row) || !row.file_key) throw new AppError('conflict', `This import is ${row.status}: it cannot start again`, 409);
  const def = ENTITIES[row.entity];
  const { fields } = await fieldsFor(pool, caller, def);
  const issues = mappingIssues(def, fields, row.headers, { mapping: row.mapping, duplicateMode: row.duplicate_mode, matchKey: row.match_key });
  if (issues.length) {
    throw new AppError('validation_failed', `The mapping cannot be imported: ${issues[0]!.message}`, 400, { fields: issues.map((i) => ({ field: `body.${i.field}`, message: i.message })) });
  }
  checkPermissions(def, grants, row.duplicate_mode);
  const started = await withTenant(pool, caller, async ({ client }) => {
    const { rowCount } = await client.query(
      `UPDATE import_jobs SET status = 'queued', dry_run = $3, cancel_requested = false, error = NULL, bytes_done = 0, rows_done = 0, rows_total = 0,
              created = 0, updated = 0, skipped = 0, failed = 0, rows_per_second = NULL, started_at = NULL, finished_at = NULL, created_by = coalesce(created_by, $4)
        WHERE workspace_id = $1 AND id = $2 AND status = $5`,
      [caller.workspaceId, id, body.dryRun, caller.userId, row.status],
    );
    if (rowCount) await recordAudit(client, caller.workspaceId, meta, { action: body.dryRun ? 'import.dry_run' : 'import.started', entityType: 'import', entityId: id, after: { mapping: row.mapping, duplicateMode: row.duplicate_mode, matchKey: row.match_key } });
    return rowCount === 1;
  });
  if (!started) throw new AppError('conflict', 'This import was started by someone else just now', 409);
  await enqueue(id);
  return toJob(await loadJob(pool, caller, id));
}

export async function cancelImport(pool: pg.Pool, caller: Caller, id: string, meta: AuditMeta): Promise<ImportJob> {
  const row = await loadJob(pool, caller, id);
  if (!IMPORT_RUNNING.includes(row.status) && row.status !== 'uploaded') throw new AppError('conflict', `This import is ${row.status}: there is nothing to cancel`, 409);
  await withTenant(pool, caller, async ({ client }) => {
    // Queued or merely uploaded: cancelled at once. Running: the job stops at its next checkpoint.
    await client.query(
      `UPDATE import_jobs SET cancel_requested = true,
              status = CASE WHEN status IN ('uploaded', 'queued') THEN 'cancelled' ELSE status END,
              finished_at = CASE WHEN status IN ('uploaded', 'queued') THEN now() ELSE finished_at END
        WHERE workspace_id = $1 AND id = $2`,
      [caller.workspaceId, id],
    );
    await recordAudit(client, caller.workspaceId, meta, { action: 'import.cancelled', entityType: 'import', entityId: id });
  });
  return toJob(await loadJob(pool, caller, id));
}

class Cancelled extends Error {}

/**
 * The job: runs an import from its file to the end, in one transaction (chunk after chunk, see importRows), so a
 * crash or a cancel at any point leaves nothing behind. Safe to run again: a retry either finds the import done
 * (the transaction that wrote the rows also marked it done) or starts over from the file. `final` is the last
 * attempt: a failure is then recorded on the import.
 */
export async function runImport(pool: pg.Pool, storage: Storage, workspaceId: string, importId: string, opts: { final: boolean; chunkRows?: number } = { final: true }): Promise<void> {
  const row = await withTenant(pool, { workspaceId }, async ({ client }) => {
    const { rows } = await client.query<JobRow>(`${JOB_SELECT} WHERE j.workspace_id = $1 AND j.id = $2`, [workspaceId, importId]);
    return rows[0];
  });
  if (!row || !IMPORT_RUNNING.includes(row.status) || !row.file_key || !row.created_by) return;
  const userId = row.created_by;
  const ctxUser = { workspaceId, userId };
  const setJob = (sql: string, values: unknown[] = []) =>
    withTenant(pool, ctxUser, ({ client }) => client.query<{ cancel_requested: boolean }>(`UPDATE import_jobs SET ${sql} WHERE workspace_id = $1 AND id = $2 RETURNING cancel_requested`, [workspaceId, importId, ...values]));
  const def = ENTITIES[row.entity];
  const client = await pool.connect();
  try {
    // The connection is the job's alone (and closed after it): tenant settings for the session, and memory for
    // the staging tables (local buffers must be sized before the first temporary table) and the planner's hashes.
    await client.query(`SET temp_buffers = '${IMPORT_SESSION.tempBuffers}'; SET work_mem = '${IMPORT_SESSION.workMem}'`);
    await client.query("SELECT set_config('app.workspace_id', $1, false), set_config('app.user_id', $2, false)", [workspaceId, userId]);
    const { rows: grantRows } = await client.query<{ permissions: Grants }>(
      'SELECT r.permissions FROM memberships m JOIN roles r ON r.workspace_id = m.workspace_id AND r.id = m.role_id WHERE m.workspace_id = $1 AND m.user_id = $2',
      [workspaceId, userId],
    );
    if (!grantRows[0]) throw new AppError('forbidden', 'The person who started this import is no longer a member', 403);
    const { ownOnly } = checkPermissions(def, grantRows[0].permissions, row.duplicate_mode);
    const custom = def.entity === 'customers' ? await fieldsOf(pool, ctxUser) : [];
    const ctx = convertContext(row, custom);
    await setJob(`status = 'loading', started_at = clock_timestamp(), error = NULL, rows_done = 0, bytes_done = 0, created = 0, updated = 0, skipped = 0, failed = 0`);
    const started = Date.now();
    let bytes = 0;
    let last = 0;
    await createStage(client, def, { onCommitDrop: false });
    await client.query('BEGIN');
    await client.query('DELETE FROM import_errors WHERE workspace_id = $1 AND import_id = $2', [workspaceId, importId]);
    const chunks = parseInWorker(
      storage.read(row.file_key),
      { entity: row.entity, job: row, customFields: custom, file: { format: row.format, encoding: row.encoding, delimiter: row.delimiter }, chunkRows: opts.chunkRows ?? CHUNK_ROWS },
      (n) => (bytes = n),
    );
    const { rows: total, counts } = await importRows(
      client,
      def,
      chunks,
      { workspaceId, userId, mode: row.duplicate_mode, matchKey: row.match_key, ownOnly },
      headerMap(ctx, importFields(def, custom)),
      { workspaceId, userId, importId },
      {
        dryRun: row.dry_run,
        // Progress (and a look for a cancel) after each chunk, at most once a second, on another connection.
        onChunk: async (done, c) => {
          if (Date.now() - last < 1000) return;
          last = Date.now();
          const res = await setJob('bytes_done = $3, rows_done = $4, rows_per_second = $5, created = $6, updated = $7, skipped = $8, failed = $9', [
            bytes, done, Math.round(done / Math.max(0.001, (last - started) / 1000)), c.create, c.update, c.skip, c.error,
          ]);
          if (res.rows[0]?.cancel_requested) throw new Cancelled();
        },
      },
    );
    const streamed = Date.now();
    await setJob(`status = 'writing', rows_total = $3, rows_done = $3, bytes_done = file_size`, [total]);
    const { rows: state } = await client.query<{ cancel_requested: boolean }>('SELECT cancel_requested FROM import_jobs WHERE workspace_id = $1 AND id = $2 FOR UPDATE', [workspaceId, importId]);
    if (state[0]?.cancel_requested) throw new Cancelled();
    await client.query(
      `UPDATE import_jobs SET status = 'done', rows_total = $7::int, rows_done = $7::int, created = $3, updated = $4, skipped = $5, failed = $6, finished_at = clock_timestamp(),
              rows_per_second = round($7::int / greatest(extract(epoch FROM clock_timestamp() - started_at), 0.001))::int
        WHERE workspace_id = $1 AND id = $2`,
      [workspaceId, importId, counts.create, counts.update, counts.skip, counts.error, total],
    );
    await recordAudit(client, workspaceId, { actorUserId: userId, actorEmail: null, ip: null, userAgent: null, requestId: null }, {
      action: row.dry_run ? 'import.checked' : 'import.finished',
      entityType: 'import',
      entityId: importId,
      // Where the time went, in seconds: the rows (parse, stage, plan, write, chunk by chunk) and the commit.
      after: { entity: row.entity, rows: total, ...counts, seconds: { rows: (streamed - started) / 1000, commit: (Date.now() - streamed) / 1000 } },
    });
    await client.query('COMMIT');
    if (!row.dry_run) {
      await storage.remove(row.file_key).catch(() => {});
      await setJob('file_key = NULL');
    }
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    const reset = 'rows_done = 0, created = 0, updated = 0, skipped = 0, failed = 0, finished_at = now()';
    if (err instanceof Cancelled) {
      await setJob(`status = 'cancelled', ${reset}`);
      return;
    }
    const message = err instanceof AppError ? err.message : `The import failed: ${(err as Error).message}`;
    if (opts.final || err instanceof AppError) await setJob(`status = 'failed', error = $3, ${reset}`, [message]);
    else await setJob(`status = 'queued', error = $3`, [`retrying after: ${message}`]);
    if (!(err instanceof AppError)) throw err;
  } finally {
    // The connection carries session settings and temporary tables: it is closed, never reused.
    client.release(true);
  }
}

// ───────────────────────── after an import

/** The error report: one line per problem (row, column, value, reason), formula-safe. */
export function errorReportSelect(ctx: TenantContext, id: string): string {
  const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
  return `SELECT row_no AS "row", grip_csv_safe("column") AS "column", grip_csv_safe(value) AS "value", grip_csv_safe(reason) AS "reason"
            FROM import_errors WHERE workspace_id = ${lit(ctx.workspaceId)}::uuid AND import_id = ${lit(id)}::uuid ORDER BY row_no, "column"`;
}

export async function assertImport(pool: pg.Pool, ctx: TenantContext, id: string): Promise<ImportJob> {
  return toJob(await loadJob(pool, ctx, id));
}

/** Undoes a finished import: removes what it created (customers go to the trash), restores what it updated. */
export async function undoImport(pool: pg.Pool, caller: Caller, grants: Grants, id: string, meta: AuditMeta): Promise<UndoImportResult> {
  const row = await loadJob(pool, caller, id);
  if (row.status !== 'done' || row.dry_run) throw new AppError('conflict', row.status === 'undone' ? 'This import was already undone' : 'Only a finished import can be undone', 409);
  const def = ENTITIES[row.entity];
  checkPermissions(def, grants, row.updated > 0 ? 'update' : 'skip');
  return withTenant(pool, caller, async ({ client }) => {
    const { rows: locked } = await client.query("SELECT 1 FROM import_jobs WHERE workspace_id = $1 AND id = $2 AND status = 'done' FOR UPDATE", [caller.workspaceId, id]);
    if (!locked[0]) throw new AppError('conflict', 'This import was already undone', 409);
    // What it did: the records it created (counted on the import) and those it updated (their previous values kept).
    const { rows: total } = await client.query<{ n: number }>(
      'SELECT $3::int + count(*)::int AS n FROM import_records WHERE workspace_id = $1 AND import_id = $2',
      [caller.workspaceId, id, row.created],
    );
    const args = [caller.workspaceId, id, caller.userId];
    const removed = (await client.query<{ n: number }>(def.undoSql.removeCreated, bind(def.undoSql.removeCreated, args))).rows[0]!.n;
    const restored = def.undoSql.restoreUpdated ? (await client.query<{ n: number }>(def.undoSql.restoreUpdated, bind(def.undoSql.restoreUpdated, args))).rows[0]!.n : 0;
    const result = { removed, restored, kept: total[0]!.n - removed - restored };
    await client.query(`UPDATE import_jobs SET status = 'undone', undone_at = now(), undone_by = $3 WHERE workspace_id = $1 AND id = $2`, [caller.workspaceId, id, caller.userId]);
    await recordAudit(client, caller.workspaceId, meta, { action: 'import.undone', entityType: 'import', entityId: id, after: result });
    return result;
  });
}

/** Uploads never started (or whose import ended without needing the file) are removed after a day. */
export async function purgeImportFiles(pool: pg.Pool, storage: Storage, now = new Date()): Promise<number> {
  const { rows: workspaces } = await pool.query<{ id: string }>('SELECT id FROM workspaces');
  let removed = 0;
  for (const { id: workspaceId } of workspaces) {
    const keys = await withTenant(pool, { workspaceId }, async ({ client }) => {
      const { rows } = await client.query<{ file_key: string }>(
        `UPDATE import_jobs j SET file_key = NULL, status = CASE WHEN j.status = 'uploaded' THEN 'cancelled' ELSE j.status END
           FROM (SELECT id, file_key FROM import_jobs
                  WHERE workspace_id = $1 AND file_key IS NOT NULL AND status IN ('uploaded', 'done', 'failed', 'cancelled', 'undone')
                    AND coalesce(finished_at, created_at) < $2::timestamptz - make_interval(hours => $3)
                  FOR UPDATE) old
          WHERE j.workspace_id = $1 AND j.id = old.id
         RETURNING old.file_key`,
        [workspaceId, now.toISOString(), ABANDONED_HOURS],
      );
      return rows.map((r) => r.file_key);
    });
    for (const key of keys) await storage.remove(key).catch(() => {});
    removed += keys.length;
  }
  return removed;
}

// ───────────────────────── templates

export async function listTemplates(pool: pg.Pool, ctx: TenantContext, entity?: ImportEntity) {
  const rows = await tenantRead<Parameters<typeof toTemplate>[0]>(
    pool,
    ctx,
    'SELECT * FROM import_templates WHERE workspace_id = $1 AND ($2::text IS NULL OR entity = $2) ORDER BY entity, name LIMIT 200',
    [ctx.workspaceId, entity ?? null],
  );
  return { items: rows.map(toTemplate) };
}

export async function createTemplate(pool: pg.Pool, caller: Caller, body: z.output<typeof createImportTemplateBody>, meta: AuditMeta): Promise<ImportTemplate> {
  const def = ENTITIES[body.entity];
  const { fields } = await fieldsFor(pool, caller, def);
  const mapping: Record<string, string> = {};
  for (const [header, key] of Object.entries(body.mapping)) {
    if (!key) continue;
    if (!fields.some((f) => f.key === key)) throw fieldError('validation_failed', 400, `body.mapping.${header}`, `${key} is not a field of ${body.entity}`);
    mapping[foldHeader(header)] = key;
  }
  return withTenant(pool, caller, async ({ client }) => {
    const { rows } = await client.query(
      `INSERT INTO import_templates (workspace_id, entity, name, mapping, duplicate_mode, match_key, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (workspace_id, entity, name) DO UPDATE SET mapping = excluded.mapping, duplicate_mode = excluded.duplicate_mode, match_key = excluded.match_key
       RETURNING *`,
      [caller.workspaceId, body.entity, body.name, JSON.stringify(mapping), body.duplicateMode, body.matchKey, caller.userId],
    );
    await recordAudit(client, caller.workspaceId, meta, { action: 'import_template.saved', entityType: 'import_template', entityId: rows[0].id, after: { name: body.name, mapping } });
    return toTemplate(rows[0]);
  });
}

export async function deleteTemplate(pool: pg.Pool, caller: Caller, id: string, meta: AuditMeta): Promise<void> {
  await withTenant(pool, caller, async ({ client }) => {
    const { rows } = await client.query('DELETE FROM import_templates WHERE workspace_id = $1 AND id = $2 RETURNING name', [caller.workspaceId, id]);
    if (!rows[0]) throw notFound('Template');
    await recordAudit(client, caller.workspaceId, meta, { action: 'import_template.deleted', entityType: 'import_template', entityId: id, before: rows[0] });
  });
}

