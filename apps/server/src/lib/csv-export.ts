import { PassThrough, Transform, type Readable } from 'node:stream';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { AppError } from '../plugins/errors.ts';
import type { TenantContext } from '../db/tenant.ts';

/** A column an export may have: its header and the SQL that computes it (already formula-safe where it is text). */
export interface ExportColumn {
  key: string;
  sql: string;
}

/** The chosen columns in allow-list order (all when none are named); an unknown name is a 400 on `querystring.fields`. */
export function pickColumns(all: readonly ExportColumn[], fields: string | undefined): ExportColumn[] {
  if (!fields) return [...all];
  const wanted = fields.split(',').map((f) => f.trim()).filter(Boolean);
  const unknown = wanted.filter((f) => !all.some((c) => c.key === f));
  if (unknown.length > 0 || wanted.length === 0) {
    const message = unknown.length > 0 ? `cannot export ${unknown.join(', ')}` : 'name at least one field';
    throw new AppError('validation_failed', `Invalid request — querystring.fields: ${message}`, 400, { fields: [{ field: 'querystring.fields', message }] });
  }
  return all.filter((c) => wanted.includes(c.key));
}

const literal = (value: unknown): string => {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error('csv export: a non-finite number parameter');
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return `ARRAY[${value.map(literal).join(', ')}]`;
  return pg.Client.prototype.escapeLiteral(typeof value === 'string' ? value : JSON.stringify(value));
};

/**
 * COPY takes no bind parameters, so the list's parameterised SQL gets its values inlined as escaped literals
 * (strings through the driver's escapeLiteral; arrays as ARRAY[...] that the SQL casts, as it does with `$n::text[]`).
 */
export function inlineParams(sql: string, values: readonly unknown[]): string {
  return sql.replace(/\$(\d+)/g, (_m, n: string) => {
    const i = Number(n) - 1;
    if (i < 0 || i >= values.length) throw new Error(`csv export: no value for $${n}`);
    return literal(values[i]);
  });
}

/** Sort memory of an export's transaction (each of its parallel workers gets as much). */
const EXPORT_WORK_MEM = '64MB';

/**
 * Streams `COPY (select) TO STDOUT` as CSV with a header row, under the tenant context for the length of the
 * transaction (row-level security applies), with constant memory: PostgreSQL writes the CSV and the bytes pass
 * straight to the response. An optional UTF-8 byte-order mark helps Excel. The connection goes back to the pool
 * when the stream ends, fails or the client goes away.
 */
export async function copyCsv(pool: pg.Pool, ctx: TenantContext, select: string, opts: { bom: boolean }): Promise<Readable> {
  const client = await pool.connect();
  let done = false;
  const finish = async (ok: boolean) => {
    if (done) return;
    done = true;
    try {
      await client.query(ok ? 'COMMIT' : 'ROLLBACK');
      client.release();
    } catch (err) {
      client.release(err instanceof Error ? err : new Error(String(err)));
    }
  };
  try {
    await client.query('BEGIN READ ONLY');
    // A whole list in the list's order is one big sort: room for it in memory instead of merge passes on disk.
    await client.query(`SET LOCAL work_mem = '${EXPORT_WORK_MEM}'`);
    await client.query("SELECT set_config('app.workspace_id', $1, true), set_config('app.user_id', $2, true)", [ctx.workspaceId, ctx.userId ?? '']);
    // Planned first: a statement that cannot run fails here, with a proper error, not mid-download.
    await client.query(`EXPLAIN ${select}`);
  } catch (err) {
    await finish(false);
    throw err;
  }
  const out = new PassThrough();
  if (opts.bom) out.write('\uFEFF');
  const copy = client.query(copyTo(`COPY (${select}) TO STDOUT WITH (FORMAT csv, HEADER true)`));
  copy.on('error', (err) => {
    void finish(false);
    out.destroy(err);
  });
  copy.on('end', () => void finish(true));
  out.on('close', () => {
    if (!done) {
      // The client went away mid-export: stop the COPY by ending the connection's work.
      copy.destroy();
      client.release(new Error('export aborted'));
      done = true;
    }
  });
  copy.pipe(out);
  return out;
}

/**
 * Passes a CSV through unchanged while counting its records (a line break inside quotes is not a new record; a
 * doubled quote toggles twice, so it changes nothing). `onRecords` hears the running count, header included.
 */
export function csvRecordCounter(onRecords: (records: number) => void): Transform {
  let quoted = false;
  let records = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      for (let i = 0; i < chunk.length; i++) {
        const byte = chunk[i];
        if (byte === 0x22) quoted = !quoted;
        else if (byte === 0x0a && !quoted) records++;
      }
      onRecords(records);
      done(null, chunk);
    },
  });
}
