// Exporting a million customers as CSV through Grip's API (session, access check, row-level security, COPY streamed
// through the server to the HTTP response) against a raw `COPY (SELECT …) TO STDOUT` of the same columns as the
// owner, in the same run, with the server's peak memory while it streams.
import { writeFile } from 'node:fs/promises';
import http from 'node:http';
import os, {  } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { CUSTOMER_EXPORT_FIELDS, customerListQuery, type CustomerExportField } from '@grip/contracts/customers';
import { CUSTOMER_EXPORT_COLUMNS, customerExportSelect, type Caller } from '../../apps/server/src/modules/customers/customers.service.ts';
import { withoutSecondaryIndexes } from '../lib/bulk-load.ts';
import { CsvRecordCounter } from '../lib/csv-rows.ts';
import { startServerProcess } from '../lib/http.ts';
import { watchPeakRss } from '../lib/peak-rss.ts';
import { RESULTS_DIR } from '../lib/results.ts';
import { childPids, cpuSeconds, machineTicks, rssBytes, treeCpuSeconds } from '../lib/proc.ts';
import { ratio, type Metric, type Metrics, type ScenarioContext } from '../lib/scenario.ts';
import { copyCustomers } from '../lib/tickets-data.ts';
import { BENCH_ADMIN, prepareGripDatabase } from '../lib/grip-database.ts';
import { gripServerScript } from '../lib/grip-server.ts';

export const description = 'CSV export of 1M customers via HTTP + RLS vs raw COPY TO of the same columns; server peak RSS';

type ExportKey = CustomerExportField;

/** The second, narrow export: what a mail-merge or a quick look needs. */
const FEW_FIELDS: ExportKey[] = ['id', 'name', 'email', 'status', 'createdAt'];
const ALL_FIELDS: ExportKey[] = [...CUSTOMER_EXPORT_FIELDS];

/**
 * The same values as the API's columns, written the plain way a DBA would: no formula neutralising, timestamps in
 * PostgreSQL's own format, no ordering. Notes come from one aggregate over the workspace's notes, hash-joined, as
 * the API does it (the fastest way; a lookup per row would make the baseline slower than it has to be). Keyed by
 * the contract's field names, so a field added to the export breaks the typecheck here instead of silently leaving
 * the baseline narrower than the API.
 */
const RAW_COLUMNS: Record<ExportKey, string> = {
  id: 'c.id',
  name: 'c.name',
  kind: 'c.kind',
  email: 'c.email',
  phone: 'c.phone',
  company: 'c.company',
  status: 'c.status',
  tags: "array_to_string(c.tags, '; ')",
  owner: 'u.email',
  addressLine1: "c.address->>'line1'",
  addressLine2: "c.address->>'line2'",
  city: "c.address->>'city'",
  region: "c.address->>'region'",
  postalCode: "c.address->>'postalCode'",
  country: "c.address->>'country'",
  custom: 'c.custom',
  notes: 'nt.notes',
  createdAt: 'c.created_at',
  updatedAt: 'c.updated_at',
};

/** Note bodies: commas, quotes, line breaks and a leading "+" (neutralised by the API) keep the CSV honest. */
const NOTE_BODIES = [
  'Called about the renewal, asked for a quote by Friday.',
  'Prefers email.\nDo not call before 10:00.',
  'Said "send the contract again", the first one went to spam.',
  '+1 555 0100 is the direct line; ask for accounts.',
  'Met at the trade fair.\nInterested in the fleet plan,\nfollow up in March.',
];

const ROUNDS = Math.max(1, Math.min(9, Number(process.env.BENCH_ROUNDS ?? 3)));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const MIB = 2 ** 20;
const { email: EMAIL, password: PASSWORD } = BENCH_ADMIN;

interface Transfer {
  rows: number;
  bytes: number;
  seconds: number;
  head: string;
}

/** Reads a CSV stream to its end, counting records as it goes (never holding it); the header is not a row. */
async function drain(stream: AsyncIterable<Buffer>, started: number): Promise<Transfer> {
  const counter = new CsvRecordCounter();
  for await (const chunk of stream) counter.push(chunk);
  const seconds = (performance.now() - started) / 1000;
  if (counter.unbalanced) throw new Error('the CSV ended inside a quoted field');
  return { rows: counter.records - 1, bytes: counter.bytes, seconds, head: counter.head };
}

/** GET an export over HTTP (keep-alive off: one request, one connection), timed from the request to the last byte. */
function download(url: string, cookie: string): Promise<Transfer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { cookie }, agent: false }, (res) => {
      if (res.statusCode !== 200) {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c.slice(0, 2000)));
        res.on('end', () => reject(new Error(`${url}: ${res.statusCode} ${body}`)));
        return;
      }
      drain(res, started).then(resolve, reject);
    });
    req.on('error', reject);
  });
}

/**
 * GET an XLSX export over HTTP, counting its bytes (the workbook is a zip: its first bytes are checked, its rows are
 * not re-read — parsing a million-row workbook back would measure exceljs's reader, not the export).
 */
function downloadXlsx(url: string, cookie: string): Promise<{ bytes: number; seconds: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { cookie }, agent: false }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`${url}: ${res.statusCode}`));
        return;
      }
      let bytes = 0;
      let head: Buffer | null = null;
      res.on('data', (chunk: Buffer) => {
        head ??= chunk.subarray(0, 4);
        bytes += chunk.length;
      });
      res.on('end', () => {
        if (!head || head.readUInt32LE(0) !== 0x04034b50) reject(new Error('the XLSX export is not a zip file'));
        else resolve({ bytes, seconds: (performance.now() - started) / 1000 });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/** `COPY (select) TO STDOUT` as CSV with a header, streamed and counted like the API's answer. */
async function copyOut(client: pg.Client, select: string): Promise<Transfer> {
  const started = performance.now();
  const stream = client.query(copyTo(`COPY (${select}) TO STDOUT WITH (FORMAT csv, HEADER true)`));
  const transfer = await drain(stream, started);
  if (stream.rowCount !== transfer.rows) throw new Error(`COPY reported ${stream.rowCount} rows, the CSV had ${transfer.rows}`);
  return transfer;
}

function rawSelect(workspaceId: string, fields: ExportKey[]): string {
  const ws = pg.escapeLiteral(workspaceId);
  const columns = fields.map((k) => `${RAW_COLUMNS[k]} AS "${k}"`).join(', ');
  const notes = fields.includes('notes')
    ? ` LEFT JOIN (SELECT n.customer_id, string_agg(n.created_at || ' ' || coalesce(a.email, 'deleted user') || ': ' || n.body, E'\\n' ORDER BY n.created_at, n.id) AS notes
                     FROM notes n LEFT JOIN users a ON a.id = n.author_id WHERE n.workspace_id = ${ws} GROUP BY n.customer_id) nt ON nt.customer_id = c.id`
    : '';
  // The users join is removed by the planner when no owner column is asked for (unique key, LEFT JOIN).
  return `SELECT ${columns} FROM customers c LEFT JOIN users u ON u.id = c.owner_id${notes} WHERE c.workspace_id = ${ws} AND c.deleted_at IS NULL`;
}

/** A value for COPY's text format. */
const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t');
/**
 * `EXPLAIN (ANALYZE, BUFFERS, SERIALIZE)` of the plain statements as the owner and the API's as the app role under
 * row-level security, into bench/results/export-plans.txt. SERIALIZE (PostgreSQL ≥ 17) counts the cost of turning
 * rows into text, which COPY pays too.
 */
async function writePlans(owner: pg.Client, app: pg.Client, workspaceId: string, apiSelect: (fields: ExportKey[]) => Promise<string>): Promise<void> {
  const { rows: version } = await owner.query<{ v: string }>('SELECT current_setting(\'server_version_num\') AS v');
  const options = `ANALYZE, BUFFERS${Number(version[0]!.v) >= 170_000 ? ', SERIALIZE' : ''}`;
  const explain = async (client: pg.Client, label: string, sql: string) => {
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (${options}) ${sql}`);
    return `── ${label}\n${rows.map((r) => r['QUERY PLAN']).join('\n')}\n`;
  };
  const parts: string[] = [];
  for (const [name, fields] of [['all fields', ALL_FIELDS], [`${FEW_FIELDS.length} fields`, FEW_FIELDS]] as const) {
    parts.push(await explain(owner, `${name}: raw statement as the owner`, rawSelect(workspaceId, fields)));
    parts.push(await explain(app, `${name}: the API's statement as the app role (row-level security)`, await apiSelect(fields)));
  }
  await writeFile(path.join(RESULTS_DIR, 'export-plans.txt'), parts.join('\n'));
}

const rate = (t: Transfer): number => t.rows / t.seconds;
const rowsPerS = (value: number): Metric => ({ value, unit: 'rows/s' });

export async function run(ctx: ScenarioContext): Promise<Metrics> {
  const metrics: Metrics = {};
  const rows = ctx.settings.rows;
  const { ownerUrl, appDbUrl, dataDir, owner } = await prepareGripDatabase(ctx, (name) => !/^demo (customers|tickets)/.test(name));
  let caller: Caller;
  try {
    const ws = await owner.query<{ id: string; createdBy: string }>("SELECT id, created_by AS \"createdBy\" FROM workspaces WHERE slug = 'demo'");
    caller = { workspaceId: ws.rows[0]!.id, userId: ws.rows[0]!.createdBy, scope: 'all' };
    // Tenant context for the session: an owner role that is not a superuser is still subject to FORCEd RLS.
    await owner.query("SELECT set_config('app.workspace_id', $1, false), set_config('app.user_id', $2, false)", [caller.workspaceId, caller.userId]);
    const now = Date.now();
    const started = performance.now();
    const ids = await withoutSecondaryIndexes(owner, 'customers', ctx.step, () =>
      ctx.step(`COPY ${rows.toLocaleString('en-US')} customers`, () => copyCustomers(owner, caller.workspaceId, caller.userId, rows, now)),
    );
    // Every tenth customer has a note, every fiftieth a second one, written by the admin.
    const notes = await ctx.step('COPY notes', async () => {
      function* lines() {
        let chunk = '';
        for (let i = 0; i < ids.length; i += 10) {
          const count = i % 50 === 0 ? 2 : 1;
          for (let k = 0; k < count; k++) {
            const at = new Date(now - ((i + k * 7) % 700) * 86_400_000).toISOString();
            chunk += `${caller.workspaceId}\t${ids[i]}\t${caller.userId}\t${esc(NOTE_BODIES[(i / 10 + k) % NOTE_BODIES.length]!)}\t${at}\n`;
          }
          if (chunk.length > 256_000) {
            yield chunk;
            chunk = '';
          }
        }
        if (chunk) yield chunk;
      }
      const copy = owner.query(copyFrom('COPY notes (workspace_id, customer_id, author_id, body, created_at) FROM STDIN'));
      await pipeline(Readable.from(lines()), copy);
      return copy.rowCount;
    });
    metrics.load_seconds = { value: (performance.now() - started) / 1000, unit: 's' };
    await ctx.step('VACUUM ANALYZE', () => owner.query('VACUUM ANALYZE customers, notes, users'));
    const { rows: counted } = await owner.query<{ n: number }>('SELECT count(*)::int AS n FROM customers WHERE workspace_id = $1 AND deleted_at IS NULL', [caller.workspaceId]);
    if (counted[0]!.n !== rows) throw new Error(`the workspace has ${counted[0]!.n} customers, expected ${rows}`);
    ctx.log(`loaded ${rows.toLocaleString('en-US')} customers and ${notes.toLocaleString('en-US')} notes in one workspace`);
  } catch (err) {
    await owner.end();
    throw err;
  }

  // The API's own statements (default sort: name), to tell what the SQL costs from what the serving costs. The
  // pool is only read for custom-field filters, which these exports have none of: it never connects.
  const unusedPool = new pg.Pool({ connectionString: ownerUrl, max: 1 });
  const exportQuery = customerListQuery.omit({ limit: true, cursor: true }).parse({});
  const apiSelect = async (fields: ExportKey[]) =>
    customerExportSelect(unusedPool, caller, exportQuery, CUSTOMER_EXPORT_COLUMNS.filter((c) => fields.includes(c.key)));
  // The app role with the caller's tenant context, as the server's export connection has it: row-level security on.
  const app = new pg.Client({ connectionString: appDbUrl });
  const script = await gripServerScript();
  const server = await startServerProcess(script, { OWNER_URL: ownerUrl, APP_DB_URL: appDbUrl, DATA_DIR: dataDir });
  try {
    await app.connect();
    app.on('error', () => undefined);
    await app.query("SELECT set_config('app.workspace_id', $1, false), set_config('app.user_id', $2, false)", [caller.workspaceId, caller.userId]);
    const [serverPid] = childPids(fileURLToPath(script));
    if (!serverPid) throw new Error('could not find the server process (for its memory)');
    const signIn = await fetch(`${server.url}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://127.0.0.1' },
      body: JSON.stringify({ email: EMAIL, password: PASSWORD }),
    });
    if (!signIn.ok) throw new Error(`sign-in failed: ${signIn.status} ${await signIn.text()}`);
    const cookie = signIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const idleRss = rssBytes(serverPid);
    ctx.log(`server (pid ${serverPid}) signed in, idle: RSS ${(idleRss / MIB).toFixed(0)} MiB before any export`);

    const expectRows = (what: string, t: Transfer) => {
      if (t.rows !== rows) throw new Error(`${what} gave ${t.rows} rows, the workspace has ${rows}`);
      return t;
    };
    const peaks: number[] = [];
    /** CPU seconds the server spent on each API export, by field set. */
    const serverCpu = { all: [] as number[], few: [] as number[] };
    /** An API export, with the server's peak memory and CPU time over it; its header and row count are checked. */
    const viaApi = async (set: keyof typeof serverCpu, fields: ExportKey[]) => {
      // All fields through the default (no `fields`), so the default is what gets measured.
      const url = `${server.url}/api/v1/w/demo/customers/export.csv${set === 'all' ? '' : `?fields=${fields.join(',')}`}`;
      const cpu0 = cpuSeconds(serverPid);
      const watch = watchPeakRss(serverPid, 100);
      let transfer: Transfer;
      try {
        transfer = await download(url, cookie);
      } finally {
        const peak = watch.stop();
        peaks.push(peak.peakBytes);
        if (!peak.hwmReset && peaks.length === 1) ctx.log('note: VmHWM could not be reset; the peak is the 100 ms VmRSS samples only');
      }
      serverCpu[set].push(cpuSeconds(serverPid) - cpu0);
      const header = transfer.head.split('\n', 1)[0];
      if (header !== fields.join(',')) throw new Error(`export header "${header}", expected "${fields.join(',')}"`);
      return expectRows('the API', transfer);
    };

    /** The four paths of one field set, from the plainest to Grip's: each is one more layer of what an export does. */
    const pathsFor = async (set: keyof typeof serverCpu, fields: ExportKey[]) => {
      const plain = rawSelect(caller.workspaceId, fields);
      const api = await apiSelect(fields);
      return {
        copy: async () => expectRows('raw COPY', await copyOut(owner, plain)),
        sql: async () => expectRows("the API's SQL as the owner", await copyOut(owner, api)),
        rls: async () => expectRows("the API's SQL as the app role", await copyOut(app, api)),
        api: () => viaApi(set, fields),
      };
    };
    const sets = { all: await pathsFor('all', ALL_FIELDS), few: await pathsFor('few', FEW_FIELDS) };
    const samples = Object.fromEntries(
      (['all', 'few'] as const).flatMap((set) => (['copy', 'sql', 'rls', 'api'] as const).map((p) => [`${set}.${p}`, [] as Transfer[]])),
    );
    const last = (key: string) => rate(samples[key]!.at(-1)!);
    const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

    // Warm-up, its speed not measured: the tables into the page cache, the server's export path compiled. Its memory
    // counts: the first export of a freshly started server is a real case, and it is the one that grows the heap.
    await ctx.step('warm-up: raw COPY and an API export of all fields', async () => {
      await sets.all.copy();
      await sets.all.api();
    });
    ctx.log(`warm-up: the first export took the server to ${(peaks[0]! / MIB).toFixed(0)} MiB`);
    serverCpu.all.length = 0;

    const cpu0 = { ours: treeCpuSeconds(), machine: machineTicks(), at: performance.now() };
    for (let round = 1; round <= ROUNDS; round++) {
      // Each round runs every path one after another, so a burst of other load on the machine hits them alike.
      await ctx.step(`round ${round}/${ROUNDS}: raw COPY, API's SQL as owner, as app role (RLS), API over HTTP — all fields, then ${FEW_FIELDS.length}`, async () => {
        for (const set of ['all', 'few'] as const) {
          for (const p of ['copy', 'sql', 'rls', 'api'] as const) samples[`${set}.${p}`]!.push(await sets[set][p]());
        }
      });
      for (const set of ['all', 'few'] as const) {
        const a = samples[`${set}.api`]!.at(-1)!;
        ctx.log(
          `round ${round}, ${set === 'all' ? 'all fields' : `${FEW_FIELDS.length} fields`}: raw COPY ${fmt(last(`${set}.copy`))} rows/s, API's SQL ${fmt(last(`${set}.sql`))}, under RLS ${fmt(last(`${set}.rls`))}, ` +
            `API ${fmt(last(`${set}.api`))} (${(a.bytes / MIB).toFixed(0)} MiB in ${a.seconds.toFixed(1)} s, server CPU ${serverCpu[set].at(-1)!.toFixed(1)} s) → ${(last(`${set}.api`) / last(`${set}.copy`)).toFixed(2)} of raw`,
        );
      }
      ctx.log(`round ${round}: server peak RSS ${(Math.max(...peaks.slice(-2)) / MIB).toFixed(0)} MiB`);
    }
    const cpu1 = { ours: treeCpuSeconds(), machine: machineTicks(), at: performance.now() };
    await ctx.step('EXPLAIN ANALYZE of the raw and the API statements', () => writePlans(owner, app, caller.workspaceId, apiSelect));

    const medianRate = (key: string) => rowsPerS(median(samples[key]!.map(rate)));
    metrics.export_rows_per_s = medianRate('all.api');
    metrics.copy_to_rows_per_s = medianRate('all.copy');
    metrics.export_ratio = ratio(metrics.export_rows_per_s, metrics.copy_to_rows_per_s);
    metrics.export_peak_rss_mb = { value: Math.max(...peaks) / MIB, unit: 'MiB' };
    // XLSX: the same customers, all fields, through GET /customers/export.xlsx (the CSV of COPY parsed and written
    // row by row by exceljs's streaming writer), once: it is several times slower than CSV.
    let xlsxPeak = 0;
    const xlsx = await ctx.step('XLSX export of all fields through the API', async () => {
      const watch = watchPeakRss(serverPid, 100);
      try {
        return await downloadXlsx(`${server.url}/api/v1/w/demo/customers/export.xlsx`, cookie);
      } finally {
        xlsxPeak = watch.stop().peakBytes;
      }
    });
    metrics.xlsx_peak_rss_mb = { value: xlsxPeak / MIB, unit: 'MiB' };
    metrics.xlsx_rows_per_s = rowsPerS(rows / xlsx.seconds);
    metrics.xlsx_mb = { value: xlsx.bytes / MIB, unit: 'MiB' };
    ctx.log(`xlsx: ${fmt(rows / xlsx.seconds)} rows/s (${(xlsx.bytes / MIB).toFixed(0)} MiB in ${xlsx.seconds.toFixed(1)} s), server peak RSS ${(xlsxPeak / MIB).toFixed(0)} MiB`);
    // Where the time goes: the API's statement as the owner (ordering, formula neutralising, formatting), the same
    // under row-level security as the app role, and the API over HTTP against that (what serving through Node costs).
    metrics.export_sql_rows_per_s = medianRate('all.sql');
    metrics.export_rls_rows_per_s = medianRate('all.rls');
    metrics.export_vs_rls_copy = ratio(metrics.export_rows_per_s, metrics.export_rls_rows_per_s);
    metrics.export_few_rows_per_s = medianRate('few.api');
    metrics.copy_to_few_rows_per_s = medianRate('few.copy');
    metrics.export_few_ratio = ratio(metrics.export_few_rows_per_s, metrics.copy_to_few_rows_per_s);
    metrics.export_few_sql_rows_per_s = medianRate('few.sql');
    metrics.export_few_rls_rows_per_s = medianRate('few.rls');
    metrics.export_few_vs_rls_copy = ratio(metrics.export_few_rows_per_s, metrics.export_few_rls_rows_per_s);
    metrics.export_seconds = { value: median(samples['all.api']!.map((t) => t.seconds)), unit: 's' };
    metrics.export_server_cpu_s = { value: median(serverCpu.all), unit: 's' };
    metrics.export_mb = { value: median(samples['all.api']!.map((t) => t.bytes)) / MIB, unit: 'MiB' };
    metrics.server_rss_idle_mb = { value: idleRss / MIB, unit: 'MiB' };
    metrics.export_rss_growth_mb = { value: (Math.max(...peaks) - idleRss) / MIB, unit: 'MiB' };
    // Other people's work on the machine (2 shared cores): the figures are comparable only when this is low.
    const wall = (cpu1.at - cpu0.at) / 1000;
    const machineBusy = (cpu1.machine.busy - cpu0.machine.busy) / (cpu1.machine.total - cpu0.machine.total);
    const oursBusy = (cpu1.ours - cpu0.ours) / (wall * os.availableParallelism());
    metrics.machine_busy_percent = { value: 100 * machineBusy, unit: '%' };
    metrics.other_load_percent = { value: Math.max(0, 100 * (machineBusy - oursBusy)), unit: '%' };
    metrics.rows = { value: rows, unit: 'customers' };
  } finally {
    await server.stop();
    await app.end().catch(() => undefined);
    await owner.end();
    await unusedPool.end();
  }
  return metrics;
}
