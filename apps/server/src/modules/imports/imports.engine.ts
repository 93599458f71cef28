import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { ImportIssue } from '@grip/contracts/imports';
import type { ConvertContext, EntityDef, PlanContext, StageValue, StagedRow } from './entities.ts';

/**
 * The import engine: file rows → staged rows (cells parsed in JS) → COPY into a temporary staging table →
 * set-based planning in SQL (matches, duplicates, references) → set-based writes, chunk after chunk inside ONE
 * transaction. While PostgreSQL plans and writes a chunk, the next one is parsed: the two cores work at once.
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

/** COPY text format: backslash, tab, newline and carriage return escaped; NULL is \N. */
function copyEscape(s: string): string {
  return /[\\\t\n\r]/.test(s) ? s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : s;
}
function arrayLiteral(items: string[]): string {
  return `{${items.map((i) => `"${i.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}
function copyValue(v: StageValue | undefined): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'string') return copyEscape(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return copyEscape(arrayLiteral(v));
  return copyEscape(JSON.stringify(v));
}

/** One staged row as a line of COPY text. */
export function copyLine(rowNo: number, row: StagedRow): string {
  const parts = [
    String(rowNo),
    copyValue(row.matchValue),
    row.missing.length ? copyValue(row.missing) : '\\N',
    row.issues.length ? copyEscape(JSON.stringify(row.issues)) : '\\N',
  ];
  for (const v of row.values) parts.push(copyValue(v));
  return `${parts.join('\t')}\n`;
}

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

/**
 * A chunk's COPY text, written into one reusable buffer: the line strings die young, and no chunk-sized string or
 * buffer is left for the garbage collector (with big strings per chunk the heap grew by hundreds of MB over a
 * million rows before V8 collected them).
 */
class ChunkBuffer {
  private buf = Buffer.allocUnsafe(4 * 1024 * 1024);
  length = 0;
  rows = 0;
  push(line: string) {
    // UTF-8 needs at most 3 bytes per UTF-16 code unit.
    if (this.buf.length - this.length < line.length * 3) {
      const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + line.length * 3));
      this.buf.copy(bigger, 0, 0, this.length);
      this.buf = bigger;
    }
    this.length += this.buf.write(line, this.length);
    this.rows++;
  }
  view(): Buffer {
    return this.buf.subarray(0, this.length);
  }
  reset() {
    this.length = 0;
    this.rows = 0;
  }
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

/**
 * Runs rows through the engine in chunks, in the caller's transaction: parsing of chunk n + 1 overlaps the
 * database work on chunk n. `onChunk` hears the rows done and counts so far (and may throw to stop: a cancel).
 */
export async function importRows(
  client: pg.PoolClient,
  def: EntityDef,
  ctx: ConvertContext,
  rows: AsyncIterable<{ rowNo: number; cells: string[] }>,
  plan: PlanContext,
  headers: Record<string, string>,
  ids: { workspaceId: string; userId: string; importId: string },
  opts: { dryRun: boolean; chunkRows?: number; onChunk?: (rowsDone: number, counts: Counts) => Promise<void> },
): Promise<{ rows: number; counts: Counts }> {
  const convert = def.converter(ctx);
  const chunkRows = opts.chunkRows ?? CHUNK_ROWS;
  const counts = noCounts();
  let total = 0;
  const process = async (chunk: ChunkBuffer) => {
    await copyChunk(client, def, chunk.view());
    const c = await planChunk(client, def, plan, headers);
    await writeChunk(client, def, ids, { dryRun: opts.dryRun, matchKey: plan.matchKey });
    counts.create += c.create;
    counts.update += c.update;
    counts.skip += c.skip;
    counts.error += c.error;
    total += chunk.rows;
    await opts.onChunk?.(total, counts);
  };
  // Two buffers: one fills while the other is in the database.
  let filling = new ChunkBuffer();
  let spare = new ChunkBuffer();
  let pending: Promise<void> = Promise.resolve();
  try {
    for await (const row of rows) {
      filling.push(copyLine(row.rowNo, convert(row.cells)));
      if (filling.rows < chunkRows) continue;
      await pending;
      const full = filling;
      filling = spare;
      filling.reset();
      spare = full;
      pending = process(full);
      // A failure surfaces at the next await of `pending`; until then it must not count as unhandled.
      pending.catch(() => {});
    }
    await pending;
    if (filling.rows > 0) await process(filling);
  } finally {
    await pending.catch(() => {});
  }
  return { rows: total, counts };
}

/** The values a statement uses: SQL refuses a bind message with more parameters than `$n` placeholders. */
export function bind(sql: string, values: readonly unknown[]): unknown[] {
  const used = Math.max(0, ...[...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
  return values.slice(0, used);
}
