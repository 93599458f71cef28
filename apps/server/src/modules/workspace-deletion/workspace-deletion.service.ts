import { createHash, randomBytes } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { ZipFile } from 'yazl';
import type { WorkspaceDeletion } from '@grip/contracts/workspace-deletion';
import { tenantRead, withTenant, type TenantContext } from '../../db/tenant.ts';
import { fieldError } from '../../lib/cursor.ts';
import type { Mailer } from '../../lib/mailer.ts';
import type { Storage } from '../../lib/storage.ts';
import { AppError, notFound } from '../../plugins/errors.ts';
import { PLATFORM_WORKSPACE_ID, recordAudit, type AuditMeta } from '../audit/audit.service.ts';

type Q = Pick<pg.ClientBase, 'query'>;

/** How long a final archive stays downloadable while the deletion is not confirmed (then the request lapses). */
export const UNCONFIRMED_ARCHIVE_DAYS = 7;
export const ARCHIVE_FORMAT = 'grip-workspace-archive/1';

/**
 * Tenant tables left out of the archive, with why. Every other table with a `workspace_id` column is in it, found
 * from the catalog when the archive is built, so tables added later are included without a change here.
 */
export const ARCHIVE_SKIPPED_TABLES: Record<string, string> = {
  events: 'the live-update outbox: copies of changes already in the other tables, kept for a day only',
  workspace_deletions: 'this deletion’s own bookkeeping (the manifest describes it)',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ident = (name: string) => pg.Client.prototype.escapeIdentifier(name);
/** A workspace id inlined in COPY (which takes no parameters): only ever a validated UUID. */
function uuidLiteral(id: string): string {
  if (!UUID.test(id)) throw new Error('workspace-deletion: workspace id must be a UUID');
  return `'${id}'::uuid`;
}

const systemMeta = (workspaceId: string): AuditMeta => ({ actorUserId: null, actorEmail: null, ip: null, userAgent: null, requestId: `workspace-deletion:${workspaceId}` });
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const iso = (d: Date | null) => (d ? d.toISOString() : null);

// ───────────────────────── reading the state

interface Row {
  status: WorkspaceDeletion['status'];
  requestedAt: Date;
  requestedBy: string | null;
  requestedByEmail: string | null;
  archiveKey: string | null;
  archiveSize: number | null;
  archiveExpiresAt: Date | null;
  confirmedAt: Date | null;
  confirmedByEmail: string | null;
  purgeAfter: Date | null;
  cancelledAt: Date | null;
  error: string | null;
}

const SELECT_ROW = `SELECT d.status, d.requested_at AS "requestedAt", d.requested_by AS "requestedBy", ru.email AS "requestedByEmail",
         d.archive_key AS "archiveKey", d.archive_size AS "archiveSize", d.archive_expires_at AS "archiveExpiresAt",
         d.confirmed_at AS "confirmedAt", cu.email AS "confirmedByEmail", d.purge_after AS "purgeAfter",
         d.cancelled_at AS "cancelledAt", d.error
    FROM workspace_deletions d
    LEFT JOIN users ru ON ru.id = d.requested_by
    LEFT JOIN users cu ON cu.id = d.confirmed_by
   WHERE d.workspace_id = $1`;

function toDeletion(r: Row, graceHours: number): WorkspaceDeletion {
  return {
    status: r.status,
    requestedAt: r.requestedAt.toISOString(),
    requestedBy: r.requestedByEmail,
    archive: r.archiveKey && r.archiveSize !== null && r.archiveExpiresAt ? { size: Number(r.archiveSize), expiresAt: r.archiveExpiresAt.toISOString() } : null,
    confirmedAt: iso(r.confirmedAt),
    confirmedBy: r.confirmedByEmail,
    purgeAfter: iso(r.purgeAfter),
    cancelledAt: iso(r.cancelledAt),
    error: r.error,
    graceHours,
  };
}

/** The workspace's deletion, whatever its state (404 when none was ever requested). */
export async function getDeletion(pool: pg.Pool, ctx: TenantContext, graceHours: number): Promise<WorkspaceDeletion | null> {
  const rows = await tenantRead<Row>(pool, ctx, SELECT_ROW, [ctx.workspaceId]);
  return rows[0] ? toDeletion(rows[0], graceHours) : null;
}

/** The deletion just written (it exists). */
async function written(pool: pg.Pool, ctx: TenantContext, graceHours: number): Promise<WorkspaceDeletion> {
  const d = await getDeletion(pool, ctx, graceHours);
  if (!d) throw notFound('Workspace deletion');
  return d;
}

// ───────────────────────── request, confirm, cancel

/**
 * Starts a deletion: the state becomes `preparing` and the caller queues the archive job (`enqueue`). Refused while
 * one is under way; after a cancellation (or a failed preparation) a new request starts from the beginning.
 */
export async function requestDeletion(
  pool: pg.Pool,
  caller: TenantContext & { userId: string },
  meta: AuditMeta,
  graceHours: number,
  enqueue: (requestedAt: string) => Promise<void>,
): Promise<WorkspaceDeletion> {
  const requestedAt = await withTenant(pool, caller, async ({ client }) => {
    const { rows } = await client.query<{ requestedAt: Date }>(
      `INSERT INTO workspace_deletions (workspace_id, status, requested_by, requested_at) VALUES ($1, 'preparing', $2, date_trunc('milliseconds', clock_timestamp()))
       ON CONFLICT (workspace_id) DO UPDATE
          SET status = 'preparing', requested_by = EXCLUDED.requested_by, requested_at = EXCLUDED.requested_at,
              archive_key = NULL, archive_size = NULL, archive_token_hash = NULL, archive_expires_at = NULL,
              confirmed_by = NULL, confirmed_at = NULL, purge_after = NULL, cancelled_at = NULL, error = NULL
        WHERE workspace_deletions.status = 'cancelled' OR (workspace_deletions.status = 'preparing' AND workspace_deletions.error IS NOT NULL)
       RETURNING requested_at AS "requestedAt"`,
      [caller.workspaceId, caller.userId],
    );
    if (!rows[0]) throw new AppError('deletion_in_progress', 'A deletion of this workspace is already under way: cancel it first', 409);
    await recordAudit(client, caller.workspaceId, meta, { action: 'workspace.deletion_requested', entityType: 'workspace', entityId: caller.workspaceId });
    return rows[0].requestedAt;
  });
  await enqueue(requestedAt.toISOString());
  return written(pool, caller, graceHours);
}

export interface ScheduledNotice {
  deletion: WorkspaceDeletion;
  /** Who is told by email: members whose role may change the workspace (workspace:update), and owners. */
  recipients: string[];
}

/**
 * Confirms a deletion whose archive is ready, by the workspace's name typed exactly: the purge is scheduled
 * `graceHours` from now, and the archive stays downloadable until then.
 */
export async function confirmDeletion(
  pool: pg.Pool,
  caller: TenantContext & { userId: string },
  workspace: { name: string },
  typedName: string,
  meta: AuditMeta,
  graceHours: number,
): Promise<ScheduledNotice> {
  if (typedName !== workspace.name) throw fieldError('validation_failed', 400, 'body.name', 'must be the workspace’s name, exactly as it is written');
  const recipients = await withTenant(pool, caller, async ({ client }) => {
    const { rows } = await client.query<{ status: string; expired: boolean }>(
      'SELECT status, archive_expires_at <= now() AS expired FROM workspace_deletions WHERE workspace_id = $1 FOR UPDATE',
      [caller.workspaceId],
    );
    const current = rows[0];
    if (!current || current.status === 'cancelled') throw notFound('Workspace deletion');
    if (current.status === 'preparing') throw new AppError('deletion_not_ready', 'The final archive is still being prepared: confirm once it is ready', 409);
    if (current.status !== 'ready') throw new AppError('deletion_already_confirmed', 'This deletion is already confirmed', 409);
    if (current.expired) throw new AppError('archive_expired', 'The final archive has expired: cancel and request the deletion again', 409);
    const { rows: updated } = await client.query(
      `UPDATE workspace_deletions
          SET status = 'scheduled', confirmed_by = $2, confirmed_at = now(),
              purge_after = now() + make_interval(hours => $3), archive_expires_at = now() + make_interval(hours => $3)
        WHERE workspace_id = $1 RETURNING purge_after AS "purgeAfter"`,
      [caller.workspaceId, caller.userId, graceHours],
    );
    await recordAudit(client, caller.workspaceId, meta, {
      action: 'workspace.deletion_confirmed',
      entityType: 'workspace',
      entityId: caller.workspaceId,
      after: { purgeAfter: (updated[0]!.purgeAfter as Date).toISOString(), graceHours },
    });
    const { rows: people } = await client.query<{ email: string }>(
      `SELECT DISTINCT u.email FROM memberships m JOIN roles r ON r.workspace_id = m.workspace_id AND r.id = m.role_id JOIN users u ON u.id = m.user_id
        WHERE m.workspace_id = $1 AND (r.key = 'owner' OR r.permissions ? 'workspace:update') AND NOT u.banned ORDER BY 1`,
      [caller.workspaceId],
    );
    return people.map((p) => p.email);
  });
  return { deletion: await written(pool, caller, graceHours), recipients };
}

/** Cancels a deletion that has not started purging; the archive is removed. */
export async function cancelDeletion(pool: pg.Pool, storage: Storage, caller: TenantContext & { userId: string }, meta: AuditMeta, graceHours: number): Promise<WorkspaceDeletion> {
  const archiveKey = await withTenant(pool, caller, async ({ client }) => {
    const { rows } = await client.query<{ status: string; archiveKey: string | null }>(
      'SELECT status, archive_key AS "archiveKey" FROM workspace_deletions WHERE workspace_id = $1 FOR UPDATE',
      [caller.workspaceId],
    );
    const current = rows[0];
    if (!current || current.status === 'cancelled') throw notFound('Workspace deletion');
    if (current.status === 'purging') throw new AppError('deletion_purging', 'The workspace is being deleted now: it can no longer be cancelled', 409);
    await client.query(`UPDATE workspace_deletions SET status = 'cancelled', cancelled_at = now(), archive_key = NULL, archive_size = NULL WHERE workspace_id = $1`, [
      caller.workspaceId,
    ]);
    await recordAudit(client, caller.workspaceId, meta, { action: 'workspace.deletion_cancelled', entityType: 'workspace', entityId: caller.workspaceId, before: { status: current.status } });
    return current.archiveKey;
  });
  // After the commit: a failed removal leaves an orphan file, which the purge or a new archive never reads.
  if (archiveKey) await storage.remove(archiveKey);
  return written(pool, caller, graceHours);
}

// ───────────────────────── downloads

export interface ArchiveDownload {
  key: string;
  size: number;
  fileName: string;
}

const archiveFileName = (slug: string, at: Date) => `grip-${slug}-final-archive-${at.toISOString().slice(0, 10)}.zip`;

/** The archive for a member allowed to delete the workspace: 404 while there is none, 410 once expired. */
export async function archiveForMember(pool: pg.Pool, ctx: TenantContext, slug: string, now = new Date()): Promise<ArchiveDownload> {
  const rows = await tenantRead<Row>(pool, ctx, SELECT_ROW, [ctx.workspaceId]);
  const r = rows[0];
  if (!r?.archiveKey || (r.status !== 'ready' && r.status !== 'scheduled')) throw notFound('Final archive');
  if (r.archiveExpiresAt && r.archiveExpiresAt <= now) throw new AppError('archive_expired', 'The final archive has expired', 410);
  return { key: r.archiveKey, size: Number(r.archiveSize), fileName: archiveFileName(slug, r.requestedAt) };
}

/**
 * The archive for the emailed link. The token names its workspace (`<workspace id>.<secret>`) so that the lookup
 * runs under that workspace's tenant context; only the secret's hash is stored. Unknown → 404; expired, cancelled
 * or purged → 410.
 */
export async function archiveForToken(pool: pg.Pool, token: string, now = new Date()): Promise<ArchiveDownload> {
  const workspaceId = token.split('.', 1)[0] ?? '';
  if (!UUID.test(workspaceId)) throw notFound('Archive');
  const rows = await tenantRead<{ status: string; hash: string | null; archiveKey: string | null; archiveSize: number | null; expiresAt: Date | null; requestedAt: Date; slug: string }>(
    pool,
    { workspaceId },
    `SELECT d.status, d.archive_token_hash AS hash, d.archive_key AS "archiveKey", d.archive_size AS "archiveSize",
            d.archive_expires_at AS "expiresAt", d.requested_at AS "requestedAt", w.slug
       FROM workspace_deletions d JOIN workspaces w ON w.id = d.workspace_id WHERE d.workspace_id = $1`,
    [workspaceId],
  );
  const r = rows[0];
  if (!r) {
    // The workspace is gone: say so when the platform log records its purge.
    const purged = await tenantRead(
      pool,
      { workspaceId: PLATFORM_WORKSPACE_ID },
      `SELECT 1 FROM audit_log WHERE workspace_id = $1 AND entity_type = 'workspace' AND entity_id = $2 AND action = 'workspace.purged' LIMIT 1`,
      [PLATFORM_WORKSPACE_ID, workspaceId],
    );
    if (purged.length > 0) throw new AppError('archive_gone', 'The workspace has been deleted, and its archive with it', 410);
    throw notFound('Archive');
  }
  if (r.hash !== hashToken(token)) throw notFound('Archive');
  if (!r.archiveKey || (r.status !== 'ready' && r.status !== 'scheduled') || !r.expiresAt || r.expiresAt <= now) {
    throw new AppError('archive_gone', 'This archive link has expired', 410);
  }
  return { key: r.archiveKey, size: Number(r.archiveSize), fileName: archiveFileName(r.slug, r.requestedAt) };
}

// ───────────────────────── the final archive (job)

interface TenantTable {
  name: string;
  columns: string[];
}

/** Every table of the public schema with a `workspace_id` column (partitions counted once, as their parent). */
async function tenantTables(client: Q): Promise<TenantTable[]> {
  const { rows } = await client.query<{ name: string; columns: string[] }>(
    `SELECT c.relname AS name, array_agg(a.attname::text ORDER BY a.attnum) AS columns
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        AND EXISTS (SELECT 1 FROM pg_attribute w WHERE w.attrelid = c.oid AND w.attname = 'workspace_id' AND NOT w.attisdropped)
      GROUP BY c.relname ORDER BY c.relname`,
  );
  return rows;
}

export interface ArchiveManifest {
  format: string;
  createdAt: string;
  workspace: { id: string; slug: string; name: string };
  tables: Array<{ name: string; rows: number; files: string[] }>;
  skipped: Array<{ name: string; reason: string }>;
  files: { count: number; bytes: number; missing: string[] };
}

/** Counts the lines (= rows) going through a JSON Lines stream. */
function lineCounter(): Transform & { lines: number } {
  const t = new Transform({
    transform(chunk: Buffer, _enc, done) {
      let n = 0;
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) n++;
      t.lines += n;
      done(null, chunk);
    },
  }) as Transform & { lines: number };
  t.lines = 0;
  return t;
}

// Names were cleaned at upload; this keeps an entry name from ever leaving its folder inside the zip.
// eslint-disable-next-line no-control-regex
const safeName = (name: string) => name.replace(/[\\/\u0000-\u001f\u007f]/g, '_').replace(/^\.+/, '_').slice(0, 180) || 'file';

const README = (m: ArchiveManifest) => `Final archive of the Grip workspace “${m.workspace.name}” (${m.workspace.slug}), made ${m.createdAt}.

tables/<table>.csv     every row of the table for this workspace, CSV with a header row (PostgreSQL COPY format:
                       empty unquoted = NULL). Cells are written as stored: they are NOT neutralised for
                       spreadsheets (a cell may start with = + - @), because this is a dump for re-import.
tables/<table>.jsonl   the same rows as JSON Lines (one JSON object per line).
tables/users.*         the accounts of this workspace's members (name and email; accounts are not deleted).
workspace.json         the workspace itself.
files/                 the uploaded files (ticket attachments), as files/ticket-attachments/<attachment id>/<name>.
manifest.json          row counts per table, the files, and the tables left out with why.
`;

/**
 * Builds the final archive of a workspace — a zip streamed into storage with constant memory — from one consistent
 * snapshot (a REPEATABLE READ transaction under the workspace's tenant context; every query also filters on the
 * workspace, since the owner role may bypass row-level security). Returns its key, size and manifest.
 */
export async function writeArchive(owner: pg.Pool, storage: Storage, workspaceId: string, now = new Date()): Promise<{ key: string; size: number; manifest: ArchiveManifest }> {
  const ws = uuidLiteral(workspaceId);
  const client = await owner.connect();
  const zip = new ZipFile();
  const output = zip.outputStream as Readable;
  const stored = storage.put(workspaceId, output);
  // Observed at each step below; an early failure of the write stops the copy instead of hanging it.
  const storeFailed = stored.then(() => {
    throw new Error('archive: storage finished before the archive did');
  });
  storeFailed.catch(() => undefined);
  zip.on('error', (err: Error) => output.destroy(err));
  const add = async (stream: Readable, name: string) => {
    zip.addReadStream(stream, name, { mtime: now });
    await Promise.race([finished(stream), storeFailed]);
  };
  let broken = false;
  try {
    await client.query(`BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SELECT set_config('app.workspace_id', ${ws}::text, true)`);
    const { rows: wsRows } = await client.query<{ workspace: { id: string; slug: string; name: string } }>(`SELECT row_to_json(w) AS workspace FROM workspaces w WHERE w.id = ${ws}`);
    const workspace = wsRows[0]?.workspace;
    if (!workspace) throw notFound('Workspace');
    zip.addBuffer(Buffer.from(`${JSON.stringify(workspace, null, 2)}\n`), 'workspace.json', { mtime: now });

    const manifest: ArchiveManifest = {
      format: ARCHIVE_FORMAT,
      createdAt: now.toISOString(),
      workspace: { id: workspace.id, slug: workspace.slug, name: workspace.name },
      tables: [],
      skipped: [],
      files: { count: 0, bytes: 0, missing: [] },
    };
    const sources: Array<{ name: string; select: string }> = [];
    for (const t of await tenantTables(client)) {
      const reason = ARCHIVE_SKIPPED_TABLES[t.name];
      if (reason) manifest.skipped.push({ name: t.name, reason });
      else sources.push({ name: t.name, select: `SELECT ${t.columns.map(ident).join(', ')} FROM ${ident(t.name)} WHERE workspace_id = ${ws}` });
    }
    sources.push({
      name: 'users',
      select: `SELECT u.id, u.name, u.email, u.created_at FROM users u WHERE u.id IN (SELECT m.user_id FROM memberships m WHERE m.workspace_id = ${ws}) ORDER BY u.email`,
    });
    for (const s of sources) {
      await add(client.query(copyTo(`COPY (${s.select}) TO STDOUT WITH (FORMAT csv, HEADER)`)), `tables/${s.name}.csv`);
      // JSON text never holds a raw control character, so CSV format with control characters as delimiter and
      // quote writes each JSON object as is, one per line (the text format would escape its backslashes).
      const counter = lineCounter();
      const jsonl = client.query(copyTo(`COPY (SELECT row_to_json(x)::text FROM (${s.select}) x) TO STDOUT WITH (FORMAT csv, DELIMITER E'\\x01', QUOTE E'\\x02')`));
      jsonl.on('error', (err) => counter.destroy(err));
      await add(jsonl.pipe(counter), `tables/${s.name}.jsonl`);
      manifest.tables.push({ name: s.name, rows: counter.lines, files: [`tables/${s.name}.csv`, `tables/${s.name}.jsonl`] });
    }

    // Uploaded files, in keyset batches so that any number of them takes constant memory.
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const { rows } = await client.query<{ id: string; filename: string; storageKey: string }>(
        `SELECT id, filename, storage_key AS "storageKey" FROM ticket_attachments WHERE workspace_id = ${ws} AND id > $1 ORDER BY id LIMIT 500`,
        [after],
      );
      for (const f of rows) {
        const name = `files/ticket-attachments/${f.id}/${safeName(f.filename)}`;
        let size: number;
        try {
          size = await storage.size(f.storageKey);
        } catch {
          manifest.files.missing.push(name);
          continue;
        }
        await add(storage.read(f.storageKey), name);
        manifest.files.count++;
        manifest.files.bytes += size;
      }
      if (rows.length < 500) break;
      after = rows[rows.length - 1]!.id;
    }
    await client.query('COMMIT');
    zip.addBuffer(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), 'manifest.json', { mtime: now });
    zip.addBuffer(Buffer.from(README(manifest)), 'README.txt', { mtime: now });
    zip.end();
    const key = await stored;
    return { key, size: await storage.size(key), manifest };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => (broken = true));
    // Ends the write with the error: storage removes its partial file.
    output.destroy(err instanceof Error ? err : new Error(String(err)));
    await stored.catch(() => undefined);
    throw err;
  } finally {
    client.release(broken);
  }
}

/**
 * The archive job: builds the archive of the request made at `requestedAt`, marks it ready with a download token,
 * and emails the link to whoever asked. A request cancelled or renewed meanwhile keeps its own state and the
 * archive just built is removed. The last attempt (`final`) records the failure for the owner to see.
 */
export async function prepareArchive(
  owner: pg.Pool,
  storage: Storage,
  mailer: Mailer,
  appUrl: string,
  workspaceId: string,
  requestedAt: string,
  opts: { final?: boolean; now?: Date } = {},
): Promise<'ready' | 'stale'> {
  const current = async () =>
    withTenant(owner, { workspaceId }, async ({ client }) => {
      const { rows } = await client.query<{ status: string; requestedAt: Date }>('SELECT status, requested_at AS "requestedAt" FROM workspace_deletions WHERE workspace_id = $1', [workspaceId]);
      return rows[0]?.status === 'preparing' && rows[0].requestedAt.toISOString() === requestedAt;
    });
  if (!(await current())) return 'stale';
  let built: Awaited<ReturnType<typeof writeArchive>>;
  try {
    built = await writeArchive(owner, storage, workspaceId, opts.now);
  } catch (err) {
    if (opts.final !== false) {
      await withTenant(owner, { workspaceId }, ({ client }) =>
        client.query(`UPDATE workspace_deletions SET error = $3 WHERE workspace_id = $1 AND status = 'preparing' AND requested_at = $2`, [
          workspaceId,
          requestedAt,
          'The final archive could not be prepared. Request the deletion again; if it keeps failing, ask the operator to check the server log.',
        ]),
      );
    }
    throw err;
  }
  const token = `${workspaceId}.${randomBytes(32).toString('base64url')}`;
  const marked = await withTenant(owner, { workspaceId }, async ({ client }) => {
    const { rows } = await client.query<{ email: string | null; expiresAt: Date }>(
      `UPDATE workspace_deletions d
          SET status = 'ready', archive_key = $3, archive_size = $4, archive_token_hash = $5, archive_expires_at = now() + make_interval(days => $6), error = NULL
        WHERE d.workspace_id = $1 AND d.status = 'preparing' AND d.requested_at = $2
        RETURNING (SELECT email FROM users WHERE id = d.requested_by) AS email, d.archive_expires_at AS "expiresAt"`,
      [workspaceId, requestedAt, built.key, built.size, hashToken(token), UNCONFIRMED_ARCHIVE_DAYS],
    );
    if (rows[0]) {
      await recordAudit(client, workspaceId, systemMeta(workspaceId), {
        action: 'workspace.deletion_archive_ready',
        entityType: 'workspace',
        entityId: workspaceId,
        after: { size: built.size, tables: built.manifest.tables.length, files: built.manifest.files.count },
      });
    }
    return rows[0];
  });
  if (!marked) {
    await storage.remove(built.key);
    return 'stale';
  }
  if (marked.email) {
    const { name, slug } = built.manifest.workspace;
    await mailer
      .send({
        to: marked.email,
        subject: `The final archive of “${name}” is ready`,
        text:
          `The final archive of the workspace “${name}” is ready: every record as CSV and JSON, and the uploaded files, in one zip (${formatBytes(built.size)}).\n\n` +
          `Download it: ${appUrl}/api/v1/workspace-archives/${token}\n\n` +
          `The link works until the workspace is deleted (${UNCONFIRMED_ARCHIVE_DAYS} days at most while the deletion is not confirmed). ` +
          `To go on, confirm the deletion in Grip: ${appUrl}/w/${encodeURIComponent(slug)}/settings/danger-zone\n\n` +
          'If you did not ask for this, cancel the deletion there.',
      })
      // The archive is ready either way (the page shows it); a mail that cannot go out must not rebuild it.
      .catch(() => undefined);
  }
  return 'ready';
}

const formatBytes = (n: number) => (n < 1024 ? `${n} B` : n < 1_048_576 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1_048_576).toFixed(1)} MB`);

// ───────────────────────── the purge (cron)

export interface PurgedWorkspace {
  workspaceId: string;
  slug: string;
  name: string;
  rows: Record<string, number>;
}

/** Tenant tables in an order where each comes before the tables it points to (children first). */
async function deletionOrder(client: Q, tables: string[]): Promise<string[]> {
  const { rows: deps } = await client.query<{ child: string; parent: string }>(
    `SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent FROM pg_constraint c
       JOIN pg_namespace n ON n.oid = c.connamespace WHERE c.contype = 'f' AND n.nspname = 'public' AND c.conrelid <> c.confrelid`,
  );
  const ordered: string[] = [];
  const remaining = new Set(tables);
  while (remaining.size > 0) {
    // A table is ready when no remaining table points to it.
    const ready = [...remaining].filter((t) => !deps.some((d) => d.parent === t && remaining.has(d.child)));
    if (ready.length === 0) throw new Error('workspace purge: foreign keys form a cycle');
    for (const t of ready.sort()) {
      ordered.push(t);
      remaining.delete(t);
    }
  }
  // The live-update triggers write events while the others go, and the audit log has no foreign key: both last.
  return [...ordered.filter((t) => t !== 'events' && t !== 'audit_log'), ...ordered.filter((t) => t === 'events' || t === 'audit_log')];
}

/**
 * Purges one workspace if its deletion is due, in one transaction: the conditional claim (`scheduled` and due →
 * `purging`) makes a second purger wait on the row and then find nothing, so each workspace is purged exactly
 * once however many instances run the cron. Every tenant table's rows are counted, then deleted (children first,
 * the workspace's own audit log included — the archive holds it), the workspace row goes, a platform audit entry
 * keeps the snapshot, and the workspace's files are removed before the commit (a failure there rolls it all
 * back, to be tried again on the next run).
 */
async function purgeOne(owner: pg.Pool, storage: Storage, workspaceId: string, now: Date): Promise<(PurgedWorkspace & { requesterEmail: string | null }) | null> {
  return withTenant(owner, { workspaceId }, async ({ client }) => {
    const { rows: claimed } = await client.query<{ requestedBy: string | null; requestedAt: Date; confirmedBy: string | null; confirmedAt: Date | null; purgeAfter: Date }>(
      `UPDATE workspace_deletions SET status = 'purging' WHERE workspace_id = $1 AND status = 'scheduled' AND purge_after <= $2
       RETURNING requested_by AS "requestedBy", requested_at AS "requestedAt", confirmed_by AS "confirmedBy", confirmed_at AS "confirmedAt", purge_after AS "purgeAfter"`,
      [workspaceId, now],
    );
    const deletion = claimed[0];
    if (!deletion) return null;
    // Locking the workspace row holds back any insert into its tables (their foreign keys need a share lock on it).
    const { rows: wsRows } = await client.query<{ slug: string; name: string; createdAt: Date }>(
      'SELECT slug, name, created_at AS "createdAt" FROM workspaces WHERE id = $1 FOR UPDATE',
      [workspaceId],
    );
    const ws = wsRows[0]!;
    const tables = (await tenantTables(client)).map((t) => t.name);
    const { rows: countRows } = await client.query<Record<string, string>>(
      `SELECT ${tables.map((t) => `(SELECT count(*) FROM ${ident(t)} WHERE workspace_id = $1) AS ${ident(t)}`).join(', ')}`,
      [workspaceId],
    );
    const rows = Object.fromEntries(tables.map((t) => [t, Number(countRows[0]![t])]));
    for (const t of await deletionOrder(client, tables)) await client.query(`DELETE FROM ${ident(t)} WHERE workspace_id = $1`, [workspaceId]);
    await client.query('DELETE FROM workspaces WHERE id = $1', [workspaceId]);
    const { rows: people } = await client.query<{ id: string; email: string }>('SELECT id, email FROM users WHERE id = ANY($1::uuid[])', [
      [deletion.requestedBy, deletion.confirmedBy].filter((id): id is string => id !== null),
    ]);
    const emailOf = (id: string | null) => people.find((p) => p.id === id)?.email ?? null;
    // The platform's own log: the same transaction, under the platform's tenant context.
    await client.query(`SELECT set_config('app.workspace_id', $1, true)`, [PLATFORM_WORKSPACE_ID]);
    await recordAudit(client, PLATFORM_WORKSPACE_ID, systemMeta(workspaceId), {
      action: 'workspace.purged',
      entityType: 'workspace',
      entityId: workspaceId,
      before: {
        workspace: { id: workspaceId, slug: ws.slug, name: ws.name, createdAt: ws.createdAt.toISOString() },
        requestedBy: { id: deletion.requestedBy, email: emailOf(deletion.requestedBy) },
        requestedAt: deletion.requestedAt.toISOString(),
        confirmedBy: { id: deletion.confirmedBy, email: emailOf(deletion.confirmedBy) },
        confirmedAt: iso(deletion.confirmedAt),
        purgeAfter: deletion.purgeAfter.toISOString(),
        rows,
      },
      after: { purgedAt: now.toISOString() },
    });
    await storage.removeWorkspace(workspaceId);
    return { workspaceId, slug: ws.slug, name: ws.name, rows, requesterEmail: emailOf(deletion.requestedBy) };
  });
}

/** Lapses a ready archive that was never confirmed: the request is cancelled and the file removed. */
async function lapseUnconfirmed(owner: pg.Pool, storage: Storage, workspaceId: string, now: Date): Promise<boolean> {
  const key = await withTenant(owner, { workspaceId }, async ({ client }) => {
    const { rows } = await client.query<{ archiveKey: string | null }>(
      `SELECT archive_key AS "archiveKey" FROM workspace_deletions WHERE workspace_id = $1 AND status = 'ready' AND archive_expires_at <= $2 FOR UPDATE`,
      [workspaceId, now],
    );
    if (!rows[0]) return undefined;
    await client.query(`UPDATE workspace_deletions SET status = 'cancelled', cancelled_at = $2, archive_key = NULL, archive_size = NULL WHERE workspace_id = $1`, [workspaceId, now]);
    await recordAudit(client, workspaceId, systemMeta(workspaceId), { action: 'workspace.deletion_lapsed', entityType: 'workspace', entityId: workspaceId });
    return rows[0].archiveKey;
  });
  if (key) await storage.remove(key);
  return key !== undefined;
}

/**
 * The cron task: purges every workspace whose deletion is due (and lapses archives never confirmed), then tells
 * each requester that their workspace is gone. Returns what was purged.
 */
export async function purgeDueDeletions(owner: pg.Pool, storage: Storage, mailer: Mailer, now = new Date()): Promise<PurgedWorkspace[]> {
  // Deletions are tenant rows: each workspace is looked at under its own context (RLS holds for the owner role too).
  const { rows: workspaces } = await owner.query<{ id: string }>('SELECT id FROM workspaces ORDER BY id');
  const purged: PurgedWorkspace[] = [];
  for (const { id } of workspaces) {
    const done = await purgeOne(owner, storage, id, now);
    if (!done) {
      await lapseUnconfirmed(owner, storage, id, now);
      continue;
    }
    const { requesterEmail, ...result } = done;
    purged.push(result);
    if (requesterEmail) {
      await mailer
        .send({
          to: requesterEmail,
          subject: `The workspace “${result.name}” has been deleted`,
          text:
            `As you asked, the workspace “${result.name}” (${result.slug}) and all its data and files have now been deleted from Grip. ` +
            'This cannot be undone. The final archive you downloaded is the only copy left.\n\n' +
            'The platform keeps a record of the deletion (who asked, who confirmed, when, and how many records there were), not the data.',
        })
        .catch(() => undefined);
    }
  }
  return purged;
}
