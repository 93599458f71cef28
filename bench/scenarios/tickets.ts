// Grip's tickets API at 200,000 tickets in one workspace: the board and a filtered list page through the
// authenticated HTTP API and row-level security, the same statements in-process through the app role and raw as
// the owner, all on the same database in one run; then stage-transition throughput under autocannon.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import type { Board, TicketSummary } from '@grip/contracts/tickets';
import { registerReadPool } from '../../apps/server/src/db/tenant.ts';
import { Params, keyset, parseSort } from '../../apps/server/src/lib/keyset.ts';
import { getPipeline, setUpTickets } from '../../apps/server/src/modules/tickets/pipelines.service.ts';
import { filterConditions, parseFilterQuery, SORTS, SUMMARY_COLUMNS, TICKET_FROM } from '../../apps/server/src/modules/tickets/tickets.repository.ts';
import { COUNT_CAP, getBoard, listTickets } from '../../apps/server/src/modules/tickets/tickets.service.ts';
import { loadTest, startServerProcess } from '../lib/http.ts';
import { RESULTS_DIR } from '../lib/results.ts';
import { ratio, type Metrics, type ScenarioContext } from '../lib/scenario.ts';
import { percentiles } from '../lib/stats.ts';
import { addAgents, copyCustomers, copyTickets, defaultPipeline, type BenchPipeline } from '../lib/tickets-data.ts';
import { BENCH_ADMIN, prepareGripDatabase } from '../lib/grip-database.ts';
import { gripServerScript } from '../lib/grip-server.ts';

export const description = 'tickets at 200k rows via HTTP + RLS: board, filtered list pages, stage transitions vs the same SQL raw';
/** Tickets loaded when BENCH_ROWS is not given. */
export const defaultRows = 200_000;

const BOARD_LOADS = 200;
const LIST_PAGES = 250;
const WARMUP = 25;
const PAGE = 50;
const AGENTS = 8;
/** Tickets moved back and forth by the transition test; each is visited again only after all the others. */
const TRANSITION_POOL = 5_000;
const TARGET_P95_MS = 20;
/** The list page measured: urgent work not done yet, newest first. */
const LIST_QUERY = { priority: 'high,urgent', category: 'open,waiting' };
const LIST_PATH = `/tickets?priority=high,urgent&category=open,waiting&sort=-createdAt&limit=${PAGE}`;
const { email: EMAIL, password: PASSWORD } = BENCH_ADMIN;
const ORIGIN = 'http://127.0.0.1';

interface Caller {
  workspaceId: string;
  userId: string;
  scope: 'all';
}
type Query = { text: string; values: unknown[] };
type TicketPage = { items: TicketSummary[]; nextCursor: string | null };

/** p50 and p95 of each path, in ms. */
type Latencies = Record<string, [number, number]>;

/**
 * Times `n` rounds (after `warmup` unmeasured ones); each round runs every path once, one after another, so a burst
 * of other work on the machine hits all of them alike and their ratio stays meaningful.
 */
async function interleaved(n: number, warmup: number, paths: Record<string, () => Promise<unknown>>): Promise<Latencies> {
  const samples = Object.fromEntries(Object.keys(paths).map((k) => [k, [] as number[]]));
  for (let i = 0; i < n + warmup; i++) {
    for (const [name, work] of Object.entries(paths)) {
      const t0 = performance.now();
      await work();
      if (i >= warmup) samples[name]!.push(performance.now() - t0);
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([k, xs]) => [k, percentiles(xs, [50, 95]) as [number, number]]));
}

/** `<name>_p50_ms`/`_p95_ms` (HTTP), `service_<name>_…` (in-process), `sql_<name>_…` (raw) and `<name>_vs_sql` (p95 ratio). */
function report(metrics: Metrics, name: string, l: Latencies) {
  for (const [path, prefix] of [['http', ''], ['service', 'service_'], ['sql', 'sql_']] as const) {
    metrics[`${prefix}${name}_p50_ms`] = { value: l[path]![0], unit: 'ms' };
    metrics[`${prefix}${name}_p95_ms`] = { value: l[path]![1], unit: 'ms' };
  }
  metrics[`${name}_vs_sql`] = ratio(metrics[`${name}_p95_ms`]!, metrics[`sql_${name}_p95_ms`]!);
}

const describe = (name: string, l: Latencies) =>
  `${name}: HTTP p50 ${l.http![0].toFixed(1)} ms, p95 ${l.http![1].toFixed(1)} ms; in-process via RLS ${l.service![0].toFixed(1)} / ${l.service![1].toFixed(1)} ms; raw SQL ${l.sql![0].toFixed(1)} / ${l.sql![1].toFixed(1)} ms`;

/** The board statement getBoard (tickets.service.ts) runs for a caller without filters: per stage, a capped count and the first page. */
function boardQuery(caller: Caller, pipeline: BenchPipeline): Query {
  const params = new Params();
  const where = filterConditions(parseFilterQuery({}), { ...caller, ownOnly: false }, params).join(' AND ');
  const stageIds = params.p(pipeline.stages.map((s) => s.id));
  const limit = params.p(PAGE + 1);
  const cap = params.p(COUNT_CAP + 1);
  const text = `SELECT st.id AS "stageId",
       (SELECT count(*)::int FROM (SELECT 1 FROM tickets t JOIN pipeline_stages s ON s.workspace_id = t.workspace_id AND s.id = t.stage_id
          WHERE ${where} AND t.stage_id = st.id LIMIT ${cap}) x) AS n,
       (SELECT json_agg(row_to_json(x)) FROM (
          SELECT ${SUMMARY_COLUMNS}, t.priority_rank::text AS "_k0", t.due_at::text AS "_k1" FROM ${TICKET_FROM}
           WHERE ${where} AND t.stage_id = st.id
           ORDER BY t.priority_rank DESC, t.due_at, t.id LIMIT ${limit}) x) AS items
     FROM unnest(${stageIds}::uuid[]) AS st(id)`;
  return { text, values: params.values };
}

/** The list statement listTickets (tickets.service.ts) runs for LIST_QUERY, sorted by -createdAt, after `cursor`. */
function listQuery(caller: Caller, cursor: string | undefined) {
  const params = new Params();
  const where = filterConditions(parseFilterQuery(LIST_QUERY), { ...caller, ownOnly: false }, params);
  const ks = keyset(parseSort('-createdAt', '-createdAt', (k) => SORTS[k]), 't.id', cursor, params);
  if (ks.where) where.push(ks.where);
  const text = `SELECT ${SUMMARY_COLUMNS}, ${ks.select} FROM ${TICKET_FROM} WHERE ${where.join(' AND ')} ORDER BY ${ks.orderBy} LIMIT ${params.p(PAGE + 1)}`;
  return {
    query: { text, values: params.values },
    next: (rows: Array<Record<string, unknown>>) => {
      const last = rows[PAGE - 1];
      return rows.length > PAGE && last ? ks.cursorOf(last, String(last.id)) : undefined;
    },
  };
}

/** A connection as the app role holding the caller's tenant settings, as tenantRead's connections do (decision 006). */
async function appRoleClient(appDbUrl: string, caller: Caller): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: appDbUrl });
  await client.connect();
  client.on('error', () => undefined);
  await client.query("SELECT set_config('app.workspace_id', $1, false), set_config('app.user_id', $2, false)", [caller.workspaceId, caller.userId]);
  return client;
}

async function explain(client: pg.Client, label: string, q: Query): Promise<string> {
  await client.query(q); // warm: the plan's timings, not a cold catalog cache's
  const { rows } = await client.query<{ 'QUERY PLAN': string }>({ text: `EXPLAIN (ANALYZE, BUFFERS) ${q.text}`, values: q.values });
  return `── ${label}\n${rows.map((r) => r['QUERY PLAN']).join('\n')}\n`;
}

export async function run(ctx: ScenarioContext): Promise<Metrics> {
  const metrics: Metrics = {};
  const rows = ctx.settings.rows;
  const customerCount = Math.min(20_000, Math.max(1_000, Math.round(rows / 10)));
  const { ownerUrl, appDbUrl, dataDir, owner } = await prepareGripDatabase(ctx, (name) => !/^demo (customers|tickets)/.test(name));
  let caller: Caller;
  let pipeline: BenchPipeline;
  let transitionPool: string[];
  try {
    const ws = await owner.query<{ id: string; createdBy: string }>("SELECT id, created_by AS \"createdBy\" FROM workspaces WHERE slug = 'demo'");
    caller = { workspaceId: ws.rows[0]!.id, userId: ws.rows[0]!.createdBy, scope: 'all' };
    const { workspaceId } = caller;
    // The owner role need not be a superuser: tenant rows are written under the tenant context.
    await owner.query("SELECT set_config('app.workspace_id', $1, false)", [workspaceId]);
    // The demo workspace step gives the workspace its default pipeline; older seeds did not.
    if (!(await defaultPipeline(owner, workspaceId))) await setUpTickets(owner, workspaceId);
    pipeline = (await defaultPipeline(owner, workspaceId))!;
    const agents = await addAgents(owner, workspaceId, AGENTS);
    const { rows: settings } = await owner.query<{ next: string }>('SELECT next_number AS next FROM ticket_settings WHERE workspace_id = $1', [workspaceId]);
    const now = Date.now();
    const started = performance.now();
    const customerIds = await ctx.step(`COPY ${customerCount.toLocaleString('en-US')} customers`, () => copyCustomers(owner, workspaceId, caller.userId, customerCount, now));
    const copied = await copyTickets(
      owner,
      { workspaceId, pipeline, customerIds, memberIds: [caller.userId, ...agents], rows, now, firstNumber: Number(settings[0]?.next ?? 1001) },
      ctx.step,
    );
    if (copied !== rows) throw new Error(`COPY stored ${copied} tickets, expected ${rows}`);
    metrics.load_seconds = { value: (performance.now() - started) / 1000, unit: 's' };
    // As autovacuum would after a bulk load: statistics, and the visibility map that index-only counts need.
    await ctx.step('VACUUM ANALYZE', () => owner.query('VACUUM ANALYZE customers, tickets, users, memberships, pipelines, pipeline_stages'));
    const { rows: shape } = await owner.query<{ stage: string; n: number; overdue: number; assigned: number }>(
      `SELECT s.name AS stage, count(*)::int AS n, count(*) FILTER (WHERE t.overdue)::int AS overdue, count(t.assignee_id)::int AS assigned
         FROM tickets t JOIN pipeline_stages s ON s.workspace_id = t.workspace_id AND s.id = t.stage_id WHERE t.workspace_id = $1 GROUP BY s.name, s.position ORDER BY s.position`,
      [workspaceId],
    );
    ctx.log(`loaded: ${shape.map((r) => `${r.stage} ${r.n.toLocaleString('en-US')} (${r.overdue} overdue, ${r.assigned} assigned)`).join(', ')}`);
    const pool = await owner.query<{ id: string }>('SELECT id FROM tickets WHERE workspace_id = $1 AND stage_id = $2 ORDER BY random() LIMIT $3', [
      workspaceId,
      pipeline.stages[0]!.id,
      TRANSITION_POOL,
    ]);
    transitionPool = pool.rows.map((r) => r.id);
  } catch (err) {
    await owner.end();
    throw err;
  }
  metrics.rows = { value: rows, unit: 'tickets' };

  const server = await startServerProcess(await gripServerScript(), { OWNER_URL: ownerUrl, APP_DB_URL: appDbUrl, DATA_DIR: dataDir });
  // The service functions the routes call, in this process through the app role (RLS, tenantRead's kept-context
  // connections) but without HTTP, session or access check: what the API adds is HTTP minus this.
  const appPool = new pg.Pool({ connectionString: appDbUrl, max: 2 });
  const readPool = new pg.Pool({ connectionString: appDbUrl, max: 1 });
  for (const p of [appPool, readPool]) p.on('error', () => undefined);
  registerReadPool(appPool, readPool);
  const app = await appRoleClient(appDbUrl, caller);
  try {
    const signIn = await fetch(`${server.url}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: ORIGIN },
      body: JSON.stringify({ email: EMAIL, password: PASSWORD }),
    });
    if (!signIn.ok) throw new Error(`sign-in failed: ${signIn.status} ${await signIn.text()}`);
    const cookie = signIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const api = async <T>(pathAndQuery: string): Promise<T> => {
      const res = await fetch(`${server.url}/api/v1/w/demo${pathAndQuery}`, { headers: { cookie } });
      if (!res.ok) throw new Error(`${pathAndQuery}: ${res.status} ${await res.text()}`);
      return res.json() as Promise<T>;
    };

    // ── Board: the default pipeline, 50 tickets per column (most urgent first), capped counts.
    const board = await api<Board>('/tickets/board');
    const rawBoard = (await owner.query<{ stageId: string; n: number; items: Array<{ id: string }> | null }>(boardQuery(caller, pipeline))).rows;
    for (const column of board.columns) {
      const raw = rawBoard.find((r) => r.stageId === column.stage.id);
      const same = raw && JSON.stringify((raw.items ?? []).slice(0, PAGE).map((t) => t.id)) === JSON.stringify(column.items.map((t) => t.id));
      if (!same) throw new Error(`board column ${column.stage.name}: the raw statement does not give the API's tickets — has getBoard changed?`);
    }
    ctx.log(`board: ${board.columns.map((c) => `${c.stage.name} ${c.count}${c.capped ? '+' : ''}`).join(', ')}; ${board.columns.reduce((s, c) => s + c.items.length, 0)} cards`);
    // The API's two statements (default pipeline, then the board) raw as the owner: no RLS, session or HTTP.
    const boardSql = boardQuery(caller, pipeline);
    const boardLatency = await ctx.step(`${BOARD_LOADS} board loads, each via HTTP, in-process through RLS, and as raw SQL`, () =>
      interleaved(BOARD_LOADS, WARMUP, {
        http: () => api('/tickets/board'),
        service: () => getBoard(appPool, caller, { limit: PAGE }),
        sql: async () => {
          await getPipeline(owner, caller.workspaceId, undefined);
          await owner.query(boardSql);
        },
      }),
    );
    report(metrics, 'board', boardLatency);
    ctx.log(describe('board', boardLatency));

    // ── List: high and urgent tickets not done, newest first, paged deep with keyset cursors (each path follows its own).
    const first = await api<TicketPage>(LIST_PATH);
    const rawFirst = (await owner.query(listQuery(caller, undefined).query)).rows.slice(0, PAGE);
    if (JSON.stringify(rawFirst.map((t) => t.id)) !== JSON.stringify(first.items.map((t) => t.id))) {
      throw new Error('list: the raw statement does not give the API’s first page — has listTickets changed?');
    }
    let httpCursor: string | null = null;
    let serviceCursor: string | undefined;
    let rawCursor: string | undefined;
    let deepCursor: string | undefined;
    const listLatency = await ctx.step(`${LIST_PAGES} filtered, sorted keyset pages, each via HTTP, in-process through RLS, and as raw SQL`, () =>
      interleaved(LIST_PAGES, WARMUP, {
        http: async () => {
          const page: TicketPage = await api<TicketPage>(`${LIST_PATH}${httpCursor ? `&cursor=${httpCursor}` : ''}`);
          httpCursor = page.nextCursor;
        },
        service: async () => {
          const page = await listTickets(appPool, caller, { ...LIST_QUERY, sort: '-createdAt', limit: PAGE, cursor: serviceCursor });
          serviceCursor = page.nextCursor ?? undefined;
        },
        sql: async () => {
          const list = listQuery(caller, rawCursor);
          rawCursor = list.next((await owner.query(list.query)).rows);
          deepCursor = rawCursor ?? deepCursor;
        },
      }),
    );
    report(metrics, 'list', listLatency);
    ctx.log(describe('list', listLatency));

    // The plans PostgreSQL chose for the app role under RLS, for whoever reads a missed target.
    const plans = [
      await explain(app, 'board (app role, RLS)', boardSql),
      await explain(app, `list, first page: ${LIST_PATH} (app role, RLS)`, listQuery(caller, undefined).query),
      ...(deepCursor ? [await explain(app, 'list, a deep page (app role, RLS)', listQuery(caller, deepCursor).query)] : []),
    ];
    const plansFile = path.join(RESULTS_DIR, 'tickets-plans.txt');
    await mkdir(RESULTS_DIR, { recursive: true });
    await writeFile(plansFile, plans.join('\n'));
    for (const [name, p95] of [['board', boardLatency.http![1]], ['list', listLatency.http![1]]] as const) {
      if (p95 > TARGET_P95_MS) ctx.log(`${name} p95 ${p95.toFixed(1)} ms misses the ${TARGET_P95_MS} ms target: plans in ${path.relative(process.cwd(), plansFile)}`);
    }

    // ── Stage transitions: tickets of the pool move New → In Progress and back, each request a real move.
    const [from, to] = [pipeline.stages[0]!.id, pipeline.stages[1]!.id];
    const inSecond = new Uint8Array(transitionPool.length);
    let sent = 0;
    const before = await owner.query<{ n: number }>('SELECT count(*)::int AS n FROM ticket_transitions WHERE workspace_id = $1', [caller.workspaceId]);
    const result = await ctx.step(`stage transitions: ${ctx.settings.connections} connections, ${ctx.settings.warmupS} s warm-up + ${ctx.settings.durationS} s`, () =>
      loadTest(ctx, {
        url: server.url,
        requests: [
          {
            method: 'POST',
            setupRequest: (req) => {
              const k = sent++ % transitionPool.length;
              const toSecond = !inSecond[k];
              inSecond[k] = toSecond ? 1 : 0;
              return {
                ...req,
                path: `/api/v1/w/demo/tickets/${transitionPool[k]}/transition`,
                headers: { ...req.headers, cookie, origin: ORIGIN, 'content-type': 'application/json' },
                body: JSON.stringify({ stageId: toSecond ? to : from }),
              };
            },
          },
        ],
      }),
    );
    const after = await owner.query<{ n: number }>('SELECT count(*)::int AS n FROM ticket_transitions WHERE workspace_id = $1', [caller.workspaceId]);
    const recorded = after.rows[0]!.n - before.rows[0]!.n;
    ctx.log(
      `transitions: ${Math.round(result.requests.average)} /s (p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms); ${recorded.toLocaleString('en-US')} recorded for ${sent.toLocaleString('en-US')} requests sent`,
    );
    // Requests still in flight when autocannon stops may or may not have reached the database.
    if (recorded < sent - ctx.settings.connections * 2 || recorded > sent) throw new Error(`transitions: ${recorded} recorded for ${sent} requests — not every request moved its ticket`);
    metrics.transitions_per_s = { value: result.requests.average, unit: 'req/s' };
    metrics.transitions_p99_ms = { value: result.latency.p99, unit: 'ms' };
  } finally {
    await app.end();
    await appPool.end();
    await readPool.end();
    await server.stop();
    await owner.end();
  }
  return metrics;
}
