import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { ImportIssue } from '@grip/contracts/imports';
import type { ConvertContext, EntityDef, PlanContext, StageValue, StagedRow } from './entities.ts';

/**
 * The import engine: file rows → staged rows (cells parsed in JS) → COPY into a temporary staging table →
 * set-based planning in SQL (matches, duplicates, references) → one set-based write. Staging lives in temporary
 * tables of the job's own connection: nothing of it is ever visible to anyone else, and a crash takes it away.
 */

type Q = Pick<pg.ClientBase, 'query'>;

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

/** Creates the staging table (dropped at commit when `onCommitDrop`, else at the end of the session). */
export async function createStage(client: Q, def: EntityDef, opts: { onCommitDrop: boolean }) {
  const columns = def.columns.map((c) => `${c.name} ${c.type}`).join(', ');
  await client.query('DROP TABLE IF EXISTS import_stage; DROP TABLE IF EXISTS import_plan');
  await client.query(
    `CREATE TEMP TABLE import_stage (row_no int NOT NULL, match_value text, missing text[], issues jsonb, ${columns})${opts.onCommitDrop ? ' ON COMMIT DROP' : ''}`,
  );
}

/**
 * Streams rows through the converter into the staging table with COPY. `onRows` is told the running count
 * (about every 10,000 rows) and may throw to stop (a cancel). Returns the number of rows staged.
 */
export async function stageRows(
  client: pg.PoolClient,
  def: EntityDef,
  ctx: ConvertContext,
  rows: AsyncIterable<{ rowNo: number; cells: string[] }>,
  opts: { limit?: number; onRows?: (n: number) => Promise<void> } = {},
): Promise<number> {
  const convert = def.converter(ctx);
  const columns = ['row_no', 'match_value', 'missing', 'issues', ...def.columns.map((c) => c.name)].join(', ');
  const copy = client.query(copyFrom(`COPY import_stage (${columns}) FROM STDIN`));
  const finished = new Promise<void>((resolve, reject) => {
    copy.on('finish', resolve);
    copy.on('error', reject);
  });
  let n = 0;
  let buffer = '';
  const flush = async () => {
    if (!buffer) return;
    const ok = copy.write(buffer);
    buffer = '';
    if (!ok) await new Promise<void>((resolve, reject) => {
      copy.once('drain', resolve);
      copy.once('error', reject);
    });
  };
  try {
    for await (const row of rows) {
      buffer += copyLine(row.rowNo, convert(row.cells));
      n++;
      if (buffer.length > 256 * 1024) await flush();
      if (opts.onRows && n % 10_000 === 0) await opts.onRows(n);
      if (opts.limit !== undefined && n >= opts.limit) break;
    }
    await flush();
    copy.end();
    await finished;
  } catch (err) {
    copy.destroy(err instanceof Error ? err : new Error(String(err)));
    await finished.catch(() => {});
    throw err;
  }
  return n;
}

/** Plans the staged rows (creates `import_plan`) and counts what would happen. */
export async function planRows(client: Q, def: EntityDef, ctx: PlanContext, headers: Record<string, string>) {
  await client.query('ANALYZE import_stage');
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

/** The values a statement uses: SQL refuses a bind message with more parameters than `$n` placeholders. */
export function bind(sql: string, values: readonly unknown[]): unknown[] {
  const used = Math.max(0, ...[...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
  return values.slice(0, used);
}

/** Writes the plan (one transaction, the caller's) and keeps its problems for the error report. */
export async function writePlan(client: Q, def: EntityDef, ids: { workspaceId: string; userId: string; importId: string }, opts: { dryRun: boolean }) {
  if (!opts.dryRun) {
    await client.query(def.writeSql.create, [ids.workspaceId, ids.userId, ids.importId]);
    if (def.writeSql.update) await client.query(def.writeSql.update, [ids.workspaceId, ids.importId]);
  }
  await client.query('DELETE FROM import_errors WHERE workspace_id = $1 AND import_id = $2', [ids.workspaceId, ids.importId]);
  await client.query(
    `INSERT INTO import_errors (workspace_id, import_id, row_no, "column", value, reason)
     SELECT $1, $2, p.row_no, coalesce(e ->> 'column', ''), e ->> 'value', e ->> 'reason'
       FROM import_plan p CROSS JOIN LATERAL jsonb_array_elements(p.issues) e
      WHERE p.issues IS NOT NULL ORDER BY p.row_no`,
    [ids.workspaceId, ids.importId],
  );
}
