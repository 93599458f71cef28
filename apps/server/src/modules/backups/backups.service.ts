import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { PassThrough } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { AppError } from '../../plugins/errors.ts';

/**
 * Grip's own backup format, so that a backup needs no pg_dump of the right major version: a gzipped text file of
 * a JSON header line, then per table `\table <name> <columns as JSON>`, its rows in COPY text format, and `\.`.
 * It holds every row of the public schema (the schema itself comes from the migrations, whose count the header
 * records), not uploaded files or the secrets in DATA_DIR (docs/operations.md).
 */
export const BACKUP_SUFFIX = '.gripbak.gz';
const FORMAT = 'grip-backup/1';

export interface BackupFile {
  name: string;
  size: number;
  createdAt: string;
}

type Q = Pick<pg.ClientBase, 'query'>;

/** Tables of the public schema in an order where every foreign key points to an earlier table. */
async function tablesInOrder(client: Q): Promise<Array<{ name: string; columns: string[] }>> {
  const { rows: tables } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY 1`,
  );
  const { rows: deps } = await client.query<{ child: string; parent: string }>(
    `SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent FROM pg_constraint c
       JOIN pg_namespace n ON n.oid = c.connamespace WHERE c.contype = 'f' AND n.nspname = 'public' AND c.conrelid <> c.confrelid`,
  );
  const { rows: cols } = await client.query<{ table: string; column: string }>(
    `SELECT c.relname AS table, a.attname AS column FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '' ORDER BY c.relname, a.attnum`,
  );
  const ordered: string[] = [];
  const remaining = new Set(tables.map((t) => t.name));
  while (remaining.size > 0) {
    const ready = [...remaining].filter((t) => !deps.some((d) => d.child === t && remaining.has(d.parent) && d.parent !== t));
    if (ready.length === 0) throw new Error('backup: foreign keys form a cycle');
    for (const t of ready.sort()) {
      ordered.push(t);
      remaining.delete(t);
    }
  }
  return ordered.map((name) => ({ name, columns: cols.filter((c) => c.table === name).map((c) => c.column) }));
}

const ident = (name: string) => pg.Client.prototype.escapeIdentifier(name);

/** Row-level security is forced on tenant tables: only a superuser or a BYPASSRLS role sees every workspace. */
async function checkCanSeeEverything(client: Q) {
  const { rows } = await client.query<{ ok: boolean }>('SELECT rolsuper OR rolbypassrls AS ok FROM pg_roles WHERE rolname = current_user');
  if (!rows[0]?.ok) {
    throw new AppError('backup_role', 'Backups need a database role that bypasses row-level security (superuser or BYPASSRLS) in DATABASE_URL', 409);
  }
}

/** Writes a backup of the whole database into `dir` from one consistent snapshot; returns the file. */
export async function createBackup(owner: pg.Pool, dir: string, now = new Date()): Promise<BackupFile> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const name = `grip-${now.toISOString().replace(/[:.]/g, '-')}${BACKUP_SUFFIX}`;
  const file = path.join(dir, name);
  const client = await owner.connect();
  try {
    await checkCanSeeEverything(client);
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const migrations = (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations')).rows[0]!.n;
    const tables = await tablesInOrder(client);
    const out = new PassThrough();
    const written = pipeline(out, createGzip(), createWriteStream(`${file}.partial`, { mode: 0o600 }));
    out.write(`${JSON.stringify({ format: FORMAT, createdAt: now.toISOString(), migrations, tables: tables.map((t) => t.name) })}\n`);
    for (const t of tables) {
      out.write(`\\table ${t.name} ${JSON.stringify(t.columns)}\n`);
      const copy = client.query(copyTo(`COPY ${ident(t.name)} (${t.columns.map(ident).join(', ')}) TO STDOUT`));
      for await (const chunk of copy) if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
      out.write('\\.\n');
    }
    out.end();
    await written;
    await client.query('COMMIT');
    await rename(`${file}.partial`, file);
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    await rm(`${file}.partial`, { force: true });
    throw err;
  } finally {
    client.release();
  }
  const s = await stat(file);
  return { name, size: s.size, createdAt: now.toISOString() };
}

/**
 * Replaces every row of the database with the backup's, in one transaction: all or nothing. The database must be
 * at the same migration as the backup (run the same Grip version). User triggers (the live-update events) are
 * off during the load, so the restored events table is exactly the backup's; sequences continue after the
 * restored ids. Run it with the app stopped.
 */
export async function restoreBackup(ownerUrl: string, file: string): Promise<{ tables: number; rows: number }> {
  const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  const it = lines[Symbol.asyncIterator]();
  const first = await it.next();
  const header = JSON.parse(first.value ?? '{}') as { format?: string; migrations?: number; tables?: string[] };
  if (header.format !== FORMAT) throw new AppError('backup_format', `${path.basename(file)} is not a Grip backup`, 400);
  const client = new pg.Client({ connectionString: ownerUrl, application_name: 'grip-restore' });
  await client.connect();
  let rows = 0;
  try {
    await checkCanSeeEverything(client);
    const applied = (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations')).rows[0]!.n;
    const status = { applied };
    if (status.applied !== header.migrations) {
      throw new AppError('backup_version', `The backup is at migration ${header.migrations}, this database at ${status.applied}: restore with the Grip version that made it`, 409);
    }
    await client.query('BEGIN');
    const tables = await tablesInOrder(client);
    for (const t of tables) await client.query(`ALTER TABLE ${ident(t.name)} DISABLE TRIGGER USER`);
    await client.query(`TRUNCATE ${tables.map((t) => ident(t.name)).join(', ')} CASCADE`);
    for (;;) {
      const next = await it.next();
      if (next.done) break;
      const m = /^\\table (\S+) (.*)$/.exec(next.value);
      if (!m) throw new AppError('backup_format', 'The backup is damaged (expected a table)', 400);
      const table = m[1]!;
      const columns = JSON.parse(m[2]!) as string[];
      if (!tables.some((t) => t.name === table)) throw new AppError('backup_format', `The backup has a table this database lacks: ${table}`, 400);
      const copy = client.query(copyFrom(`COPY ${ident(table)} (${columns.map(ident).join(', ')}) FROM STDIN`));
      const done = new Promise<void>((resolve, reject) => {
        copy.on('finish', resolve);
        copy.on('error', reject);
      });
      done.catch(() => undefined); // observed below, or replaced by the error that aborted it
      for (;;) {
        const line = await it.next();
        if (line.done) {
          // Abort the COPY (CopyFail) so the connection leaves COPY mode and the transaction can roll back.
          const damaged = new AppError('backup_format', 'The backup is damaged (truncated)', 400);
          copy.destroy(damaged);
          await done.catch(() => undefined);
          throw damaged;
        }
        if (line.value === '\\.') break;
        rows++;
        if (!copy.write(`${line.value}\n`)) await new Promise((r) => copy.once('drain', r));
      }
      copy.end();
      await done;
    }
    for (const t of tables) await client.query(`ALTER TABLE ${ident(t.name)} ENABLE TRIGGER USER`);
    // Identity and serial sequences continue after the restored ids.
    await client.query(`
      DO $$ DECLARE r record; BEGIN
        FOR r IN SELECT s.seq, s.tab, s.col FROM (
          SELECT pg_get_serial_sequence(quote_ident(c.relname), a.attname) AS seq, c.relname AS tab, a.attname AS col
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped) s WHERE s.seq IS NOT NULL
        LOOP
          EXECUTE format('SELECT setval(%L, coalesce((SELECT max(%I) FROM %I), 0) + 1, false)', r.seq, r.col, r.tab);
        END LOOP;
      END $$`);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await client.end();
  }
  return { tables: header.tables?.length ?? 0, rows };
}

export async function listBackups(dir: string): Promise<BackupFile[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const files = await Promise.all(
    names
      .filter((n) => n.endsWith(BACKUP_SUFFIX))
      .map(async (name) => {
        const s = await stat(path.join(dir, name));
        return { name, size: s.size, createdAt: s.mtime.toISOString() };
      }),
  );
  return files.sort((a, b) => b.name.localeCompare(a.name));
}

/**
 * Which backups a retention policy keeps: the newest `daily` ones, and the newest of each of the last `weekly`
 * ISO weeks that have one. Names sort by time (they carry the UTC timestamp).
 */
export function retained(names: string[], policy: { daily: number; weekly: number }): Set<string> {
  const sorted = [...names].sort().reverse();
  const keep = new Set(sorted.slice(0, policy.daily));
  const weeks = new Map<string, string>();
  for (const name of sorted) {
    const stamp = /grip-(\d{4}-\d{2}-\d{2})T/.exec(name)?.[1];
    if (!stamp) continue;
    const week = isoWeek(new Date(`${stamp}T00:00:00Z`));
    if (!weeks.has(week)) weeks.set(week, name);
  }
  for (const name of [...weeks.values()].slice(0, policy.weekly)) keep.add(name);
  return keep;
}

function isoWeek(d: Date): string {
  const day = (d.getUTCDay() + 6) % 7;
  const thursday = new Date(d.getTime() + (3 - day) * 86_400_000);
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  return `${thursday.getUTCFullYear()}-W${Math.ceil(((thursday.getTime() - yearStart) / 86_400_000 + 1) / 7)}`;
}

/** The daily job: a backup, then the files the retention policy no longer keeps are removed. */
export async function dailyBackup(owner: pg.Pool, dir: string, policy: { daily: number; weekly: number }, now = new Date()) {
  const made = await createBackup(owner, dir, now);
  const all = await listBackups(dir);
  const keep = retained(all.map((b) => b.name), policy);
  const removed = all.filter((b) => !keep.has(b.name));
  for (const b of removed) await rm(path.join(dir, b.name), { force: true });
  return { made, removed: removed.map((b) => b.name) };
}
