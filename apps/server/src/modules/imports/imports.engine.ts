import type { Readable } from 'node:stream';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { CustomField } from '@grip/contracts/customers';
import type { ImportEntity, ImportIssue } from '@grip/contracts/imports';
import { AppError } from '../../plugins/errors.ts';
import { startWorker } from '../../lib/worker-thread.ts';
import type { ConvertSpec, EntityDef, PlanContext } from './entities.ts';
import type { Delimiter, Encoding, FileFormat } from './file-reader.ts';

/**
 * The import engine: file rows → staged rows (cells parsed in JS) → COPY into a temporary staging table →
 * set-based planning in SQL (matches, duplicates, references) → set-based writes, chunk after chunk inside ONE
 * transaction. The file is parsed in a worker thread that reads ahead while PostgreSQL plans and writes a chunk:
 * the two cores work at once, and the server's event loop stays free for requests.
 * Staging lives in temporary tables of the job's own connection, invisible to anyone else; a crash or a cancel
 * rolls the whole transaction back, so an import is all or nothing.
 */

type Q = Pick<pg.ClientBase, 'query'>;
export interface Counts {
  create: number;
  update: number;
  skip: number;
  error: number;
}
export const noCounts = (): Counts => ({ create: 0, update: 0, skip: 0, error: 0 });

/** Rows per chunk: large enough that per-statement costs vanish, small enough to keep both sides busy. */
export const CHUNK_ROWS = 10_000;

/**
 * Creates the staging table (one chunk at a time) and the keys seen in earlier chunks (a later row with one of
 * them is a duplicate within the file). Dropped at commit when `onCommitDrop`, else with the session.
 */
export async function createStage(client: Q, def: EntityDef, opts: { onCommitDrop: boolean }) {
  const columns = def.columns.map((c) => `${c.name} ${c.type}`).join(', ');
  const drop = opts.onCommitDrop ? ' ON COMMIT DROP' : '';
  await client.query('DROP TABLE IF EXISTS import_stage, import_plan, import_seen');
  await client.query(`CREATE TEMP TABLE import_stage (row_no int NOT NULL, match_value text, missing text[], issues jsonb, ${columns})${drop}`);
  await client.query(`CREATE TEMP TABLE import_seen (kind text NOT NULL, v text NOT NULL, first int NOT NULL, PRIMARY KEY (kind, v))${drop}`);
}

/** COPYs a chunk of staged rows (COPY text lines) into the staging table. */
export async function copyChunk(client: pg.PoolClient, def: EntityDef, lines: string | Buffer): Promise<void> {
  const columns = ['row_no', 'match_value', 'missing', 'issues', ...def.columns.map((c) => c.name)].join(', ');
  const copy = client.query(copyFrom(`COPY import_stage (${columns}) FROM STDIN`));
  await new Promise<void>((resolve, reject) => {
    copy.on('finish', resolve);
    copy.on('error', reject);
    copy.end(lines);
  });
}

/** Plans the staged chunk (creates `import_plan`) and counts what would happen. */
export async function planChunk(client: Q, def: EntityDef, ctx: PlanContext, headers: Record<string, string>): Promise<Counts> {
  await client.query('DROP TABLE IF EXISTS import_plan');
  const plan = def.planSql(ctx, headers);
  await client.query(plan.text, plan.values);
  const { rows } = await client.query<{ action: string; n: number }>('SELECT action, count(*)::int AS n FROM import_plan GROUP BY action');
  const count = (a: string) => rows.find((r) => r.action === a)?.n ?? 0;
  return { create: count('create'), update: count('update'), skip: count('skip'), error: count('error') };
}

/** The first rows of a plan with their staged values, for the preview. */
export async function plannedRows(client: Q, limit: number) {
  const { rows } = await client.query<{ row_no: number; action: string; issues: ImportIssue[] | null; values: Record<string, unknown> }>(
    `SELECT p.row_no, p.action, p.issues, to_jsonb(s) - 'row_no' - 'match_value' - 'missing' - 'issues' AS values
       FROM import_plan p JOIN import_stage s USING (row_no) ORDER BY p.row_no LIMIT $1`,
    [limit],
  );
  return rows;
}

/**
 * Writes a planned chunk (unless a dry run), keeps its problems for the error report, remembers its keys for
 * the chunks after it, and empties the staging table for the next chunk.
 */
export async function writeChunk(client: Q, def: EntityDef, ids: { workspaceId: string; userId: string; importId: string }, opts: { dryRun: boolean; matchKey: string }) {
  const { matchKey } = opts;
  if (!opts.dryRun) {
    await client.query(def.writeSql.create, [ids.workspaceId, ids.userId, ids.importId]);
    if (def.writeSql.update) await client.query(def.writeSql.update, [ids.workspaceId, ids.importId]);
  }
  await client.query(
    `INSERT INTO import_errors (workspace_id, import_id, row_no, "column", value, reason)
     SELECT $1, $2, p.row_no, coalesce(e ->> 'column', ''), e ->> 'value', e ->> 'reason'
       FROM import_plan p CROSS JOIN LATERAL jsonb_array_elements(p.issues) e
      WHERE p.issues IS NOT NULL`,
    [ids.workspaceId, ids.importId],
  );
  for (const key of def.seenKeys(matchKey)) {
    await client.query(
      `INSERT INTO import_seen (kind, v, first)
       SELECT $1, ${key.expr}, min(row_no) FROM import_stage WHERE issues IS NULL AND ${key.expr} IS NOT NULL GROUP BY 2
       ON CONFLICT DO NOTHING`,
      [key.kind],
    );
  }
  await client.query('TRUNCATE import_stage');
}

/** A chunk of staged rows as COPY text (from the file parser thread, see parseInWorker). */
export interface StagedChunk {
  data: Buffer;
  rows: number;
}

/**
 * Runs staged chunks through the engine, in the caller's transaction: COPY, plan, write, chunk after chunk. The
 * parser thread reads ahead while PostgreSQL works on a chunk. `onChunk` hears the rows done and counts so far
 * (and may throw to stop: a cancel).
 */
export async function importRows(
  client: pg.PoolClient,
  def: EntityDef,
  chunks: AsyncIterable<StagedChunk>,
  plan: PlanContext,
  headers: Record<string, string>,
  ids: { workspaceId: string; userId: string; importId: string },
  opts: { dryRun: boolean; onChunk?: (rowsDone: number, counts: Counts) => Promise<void> },
): Promise<{ rows: number; counts: Counts }> {
  const counts = noCounts();
  let total = 0;
  for await (const chunk of chunks) {
    await copyChunk(client, def, chunk.data);
    const c = await planChunk(client, def, plan, headers);
    await writeChunk(client, def, ids, { dryRun: opts.dryRun, matchKey: plan.matchKey });
    counts.create += c.create;
    counts.update += c.update;
    counts.skip += c.skip;
    counts.error += c.error;
    total += chunk.rows;
    await opts.onChunk?.(total, counts);
  }
  return { rows: total, counts };
}

// ───────────────────────── the file parser thread

/** What the parser thread needs: the kind, how columns map to fields, the file's format, the chunk size. */
export interface ParserInput {
  entity: ImportEntity;
  job: ConvertSpec;
  customFields: CustomField[];
  file: { format: FileFormat; encoding: Encoding; delimiter: Delimiter };
  chunkRows: number;
}
export type ToParser = { type: 'bytes'; data: Uint8Array } | { type: 'end' } | { type: 'buffer'; memory: ArrayBuffer };
export type FromParser =
  | { type: 'more' }
  | { type: 'chunk'; memory: ArrayBuffer; length: number; rows: number }
  | { type: 'done' }
  | { type: 'error'; error: { message: string; code?: string; status?: number; details?: unknown } };

/** Chunk buffers in flight: one filling in the parser, one waiting, one in PostgreSQL. */
export const PARSER_BUFFERS = 3;
/**
 * The parser thread's heap. Parsing makes short-lived strings at a high rate: a young generation of its own,
 * sized for that, lets the main thread keep a small one (which keeps exports' and requests' memory low).
 */
const PARSER_LIMITS = { maxYoungGenerationSizeMb: 48, maxOldGenerationSizeMb: 256 };

/**
 * Parses a stored file into staged chunks in a worker thread (import-parser.ts): the file's bytes go to the
 * thread as the thread asks for them (so it never reads far ahead), chunks of COPY text come back (their memory
 * transferred, then returned for reuse). Parsing a big file thus never blocks this thread's event loop, and its
 * garbage lives in the thread's own heap. `onBytes` hears how many bytes of the file have been read.
 */
export async function* parseInWorker(file: Readable, input: ParserInput, onBytes?: (n: number) => void): AsyncGenerator<StagedChunk> {
  const worker = startWorker(new URL('./import-parser.ts', import.meta.url), 'import-parser', { ...input, buffers: PARSER_BUFFERS }, PARSER_LIMITS);
  const bytesOf = file[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const inbox: FromParser[] = [];
  let failure: Error | null = null;
  let wake = () => {};
  const fail = (err: unknown) => {
    failure ??= err instanceof Error ? err : new Error(String(err));
    wake();
  };
  let bytes = 0;
  const feed = async () => {
    try {
      const next = await bytesOf.next();
      if (next.done) return worker.postMessage({ type: 'end' } satisfies ToParser);
      bytes += next.value.length;
      onBytes?.(bytes);
      const data = new Uint8Array(next.value); // a copy that owns its memory, transferred below
      worker.postMessage({ type: 'bytes', data } satisfies ToParser, [data.buffer]);
    } catch (err) {
      fail(err);
    }
  };
  worker.on('message', (m: FromParser) => {
    if (m.type === 'more') return void feed();
    inbox.push(m);
    wake();
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the file parser stopped (exit code ${code})`)));
  try {
    for (;;) {
      while (inbox.length === 0 && !failure) await new Promise<void>((resolve) => (wake = resolve));
      const m = inbox.shift();
      if (!m) throw failure!;
      if (m.type === 'done') return;
      if (m.type === 'error') {
        const { message, code, status, details } = m.error;
        throw code ? new AppError(code, message, status, details) : new Error(message);
      }
      if (m.type !== 'chunk') continue;
      yield { data: Buffer.from(m.memory, 0, m.length), rows: m.rows };
      // The consumer is done with the chunk: its memory goes back to the parser for a later chunk.
      worker.postMessage({ type: 'buffer', memory: m.memory } satisfies ToParser, [m.memory]);
    }
  } finally {
    worker.removeAllListeners('exit');
    await worker.terminate();
    file.destroy();
  }
}

/** The values a statement uses: SQL refuses a bind message with more parameters than `$n` placeholders. */
export function bind(sql: string, values: readonly unknown[]): unknown[] {
  const used = Math.max(0, ...[...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
  return values.slice(0, used);
}
