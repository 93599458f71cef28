// Grip's customers API at a million rows, through the authenticated HTTP API and row-level security, against
// the same queries as raw SQL and a bare Fastify + pg primary-key select, all on the same database in one run.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { demoCustomer, FIRST_NAMES, LAST_NAMES } from '../../apps/server/src/seed/demo-crm.ts';
import { CUSTOMER_COLUMNS } from '../../apps/server/src/modules/customers/customers.repository.ts';
import { SEARCH_WALK } from '../../apps/server/src/modules/customers/customers.service.ts';
import { loadTest, startServerProcess } from '../lib/http.ts';
import { ratio, type Metrics, type ScenarioContext } from '../lib/scenario.ts';
import { percentiles } from '../lib/stats.ts';
import { BENCH_ADMIN, prepareGripDatabase } from '../lib/grip-database.ts';
import { gripServerScript } from '../lib/grip-server.ts';

export const description = 'customers at 1M rows via HTTP + RLS: search, filtered keyset pages, detail throughput vs raw SQL and a bare PK select';

const SEARCHES = 250;
const LIST_PAGES = 250;
const WARMUP = 25;
const PAGE = 50;
/** Alternating detail/bare rounds (BENCH_ROUNDS): medians are reported. */
const ROUNDS = Math.max(1, Math.min(9, Number(process.env.BENCH_ROUNDS ?? 3)));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const { email: EMAIL, password: PASSWORD } = BENCH_ADMIN;

const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n');
const nul = (v: string | null) => (v === null ? '\\N' : esc(v));

/** Realistic three-letter queries: pieces of the names, companies and email domains people type. */
function searchQueries(n: number): string[] {
  const words = [...FIRST_NAMES, ...LAST_NAMES, 'Northwind', 'Harbor', 'Logistics', 'Dental', 'example'];
  const out: string[] = [];
  let seed = 42;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  while (out.length < n) {
    const w = words[Math.floor(next() * words.length)]!;
    if (w.length < 3) continue;
    const start = Math.floor(next() * (w.length - 2));
    out.push(w.slice(start, start + 3).toLowerCase());
  }
  return out;
}

async function timed(n: number, warmup: number, work: (i: number) => Promise<void>): Promise<[number, number]> {
  const samples: number[] = [];
  for (let i = 0; i < n + warmup; i++) {
    const t0 = performance.now();
    await work(i);
    if (i >= warmup) samples.push(performance.now() - t0);
  }
  return percentiles(samples, [50, 95]) as [number, number];
}

export async function run(ctx: ScenarioContext): Promise<Metrics> {
  const metrics: Metrics = {};
  const { ownerUrl, appDbUrl, dataDir, owner } = await prepareGripDatabase(ctx, (name) => !name.startsWith('demo customers'));
  let workspaceId: string;
  let sampleIds: string[];
  try {
    const ws = await owner.query<{ id: string; createdBy: string }>("SELECT id, created_by AS \"createdBy\" FROM workspaces WHERE slug = 'demo'");
    workspaceId = ws.rows[0]!.id;
    const adminId = ws.rows[0]!.createdBy;
    // Bulk load the way an import should: secondary indexes off, COPY, indexes rebuilt.
    const { rows: indexes } = await owner.query<{ name: string; def: string }>(
      `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS def FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
        WHERE x.indrelid = 'customers'::regclass AND NOT x.indisprimary`,
    );
    for (const ix of indexes) await owner.query(`DROP INDEX ${pg.escapeIdentifier(ix.name)}`);
    const rows = ctx.settings.rows;
    const now = Date.now();
    const started = performance.now();
    await ctx.step(`COPY ${rows.toLocaleString('en-US')} customers`, async () => {
      const copy = owner.query(
        copyFrom('COPY customers (workspace_id, kind, name, email, phone, company, address, tags, status, owner_id, custom, created_at, updated_at) FROM STDIN'),
      );
      function* lines() {
        let chunk = '';
        for (let i = 0; i < rows; i++) {
          const c = demoCustomer(i);
          const created = new Date(now - c.ageDays * 86_400_000 - (i % 86_400) * 1000).toISOString();
          const updated = new Date(now - Math.floor(c.ageDays / 2) * 86_400_000 - (i % 3600) * 1000).toISOString();
          chunk += `${workspaceId}\t${c.kind}\t${esc(c.name)}\t${nul(c.email)}\t${nul(c.phone)}\t${nul(c.company)}\t${esc(JSON.stringify(c.address))}\t{${c.tags.join(',')}}\t${c.status}\t${i % 3 === 0 ? adminId : '\\N'}\t${esc(JSON.stringify(c.custom))}\t${created}\t${updated}\n`;
          if (chunk.length > 256_000) {
            yield chunk;
            chunk = '';
          }
        }
        if (chunk) yield chunk;
      }
      await pipeline(Readable.from(lines()), copy);
    });
    await ctx.step(`rebuild ${indexes.length} indexes`, async () => {
      await owner.query('SET maintenance_work_mem = 1048576'); // 1 GB, in kB
      for (const ix of indexes) await owner.query(ix.def);
    });
    metrics.load_seconds = { value: (performance.now() - started) / 1000, unit: 's' };
    // As autovacuum would after a bulk load: statistics, and the visibility map that index-only walks need.
    await ctx.step('VACUUM ANALYZE', () => owner.query('VACUUM ANALYZE customers'));
    const sample = await owner.query<{ id: string }>('SELECT id FROM customers WHERE workspace_id = $1 ORDER BY random() LIMIT 10000', [workspaceId]);
    sampleIds = sample.rows.map((r) => r.id);
  } catch (err) {
    await owner.end();
    throw err;
  }

  const queries = searchQueries(SEARCHES + WARMUP);
  const server = await startServerProcess(await gripServerScript(), { OWNER_URL: ownerUrl, APP_DB_URL: appDbUrl, DATA_DIR: dataDir });
  try {
    const signIn = await fetch(`${server.url}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://127.0.0.1' },
      body: JSON.stringify({ email: EMAIL, password: PASSWORD }),
    });
    if (!signIn.ok) throw new Error(`sign-in failed: ${signIn.status} ${await signIn.text()}`);
    const cookie = signIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const api = async (pathAndQuery: string) => {
      const res = await fetch(`${server.url}/api/v1/w/demo${pathAndQuery}`, { headers: { cookie } });
      if (!res.ok) throw new Error(`${pathAndQuery}: ${res.status} ${await res.text()}`);
      return res.json() as Promise<{ items: unknown[]; nextCursor: string | null }>;
    };

    // BENCH_DETAIL_ONLY=1 skips search and list (for profiling the detail path alone).
    if (!process.env.BENCH_DETAIL_ONLY) {
    // Search: one box over name, email, phone and company, through HTTP and RLS, then the same SQL raw.
    let found = 0;
    const [s50, s95] = await ctx.step(`${SEARCHES} searches via HTTP`, () =>
      timed(SEARCHES, WARMUP, async (i) => {
        found += (await api(`/customers?q=${encodeURIComponent(queries[i]!)}&limit=${PAGE}`)).items.length;
      }),
    );
    // The same statements the API runs for a search without a chosen sort (most recently updated first): a
    // bounded walk of the updated-order index, then the trigram index when the walk does not fill the page; the
    // page's ids, then their rows — without RLS, session or HTTP.
    const rowsOf = (ids: string) =>
      `SELECT ${CUSTOMER_COLUMNS} FROM (${ids}) page JOIN customers c ON c.workspace_id = $1 AND c.id = page.id
        LEFT JOIN users u ON u.id = c.owner_id ORDER BY c.updated_at DESC, c.id DESC`;
    const walkSql = rowsOf(`SELECT w.id FROM (SELECT c.id, c.updated_at, c.search FROM customers c WHERE c.workspace_id = $1 AND c.deleted_at IS NULL
        ORDER BY c.updated_at DESC, c.id DESC LIMIT ${SEARCH_WALK}) w WHERE w.search LIKE grip_fold($2) ORDER BY w.updated_at DESC, w.id DESC LIMIT ${PAGE + 1}`);
    const ginSql = rowsOf(`SELECT c.id FROM customers c WHERE c.workspace_id = $1 AND c.deleted_at IS NULL AND c.search LIKE grip_fold($2)
        ORDER BY (c.updated_at + interval '0 s') DESC, c.id DESC LIMIT ${PAGE + 1}`);
    let walked = 0;
    const [, q95] = await ctx.step(`${SEARCHES} searches as raw SQL`, () =>
      timed(SEARCHES, WARMUP, async (i) => {
        const { rowCount } = await owner.query(walkSql, [workspaceId, `%${queries[i]}%`]);
        if ((rowCount ?? 0) > PAGE) walked++;
        else await owner.query(ginSql, [workspaceId, `%${queries[i]}%`]);
      }),
    );
    ctx.log(`search: p50 ${s50.toFixed(1)} ms, p95 ${s95.toFixed(1)} ms (raw SQL p95 ${q95.toFixed(1)} ms); ${(found / SEARCHES).toFixed(1)} rows/search; ${Math.round((walked / (SEARCHES + WARMUP)) * 100)}% answered by the index walk`);
    // The same queries sorted by name (a user's choice): the harder order, reported for transparency.
    const [, n95] = await ctx.step(`${SEARCHES} searches sorted by name via HTTP`, () =>
      timed(SEARCHES, WARMUP, async (i) => {
        await api(`/customers?q=${encodeURIComponent(queries[i]!)}&sort=name&limit=${PAGE}`);
      }),
    );
    ctx.log(`search sorted by name: p95 ${n95.toFixed(1)} ms`);
    metrics.search_by_name_p95_ms = { value: n95, unit: 'ms' };
    metrics.search_p50_ms = { value: s50, unit: 'ms' };
    metrics.search_p95_ms = { value: s95, unit: 'ms' };
    metrics.sql_search_p95_ms = { value: q95, unit: 'ms' };

    // A filtered and sorted list, paged deep with keyset cursors.
    const cursors: Array<string | null> = [];
    let cursor: string | null = null;
    const [l50, l95] = await ctx.step(`${LIST_PAGES} filtered, sorted keyset pages via HTTP`, () =>
      timed(LIST_PAGES, WARMUP, async () => {
        cursors.push(cursor);
        const page = await api(`/customers?status=active,lead&sort=-updatedAt&limit=${PAGE}${cursor ? `&cursor=${cursor}` : ''}`);
        cursor = page.nextCursor;
      }),
    );
    const listSql = `SELECT ${CUSTOMER_COLUMNS}
      FROM (SELECT c.id FROM customers c WHERE c.workspace_id = $1 AND c.deleted_at IS NULL AND c.status = ANY($2) AND ($3::timestamptz IS NULL OR (c.updated_at, c.id) < ($3, $4::uuid))
             ORDER BY c.updated_at DESC, c.id DESC LIMIT ${PAGE + 1}) page
      JOIN customers c ON c.workspace_id = $1 AND c.id = page.id LEFT JOIN users u ON u.id = c.owner_id ORDER BY c.updated_at DESC, c.id DESC`;
    let last: { updated_at: Date; id: string } | undefined;
    const [, lq95] = await ctx.step(`${LIST_PAGES} pages as raw SQL`, () =>
      timed(LIST_PAGES, WARMUP, async () => {
        const { rows } = await owner.query(listSql, [workspaceId, ['active', 'lead'], last?.updated_at ?? null, last?.id ?? null]);
        last = rows[PAGE - 1] && { updated_at: rows[PAGE - 1].updatedAt, id: rows[PAGE - 1].id };
      }),
    );
    ctx.log(`list: p50 ${l50.toFixed(1)} ms, p95 ${l95.toFixed(1)} ms (raw SQL p95 ${lq95.toFixed(1)} ms)`);
    metrics.list_p95_ms = { value: l95, unit: 'ms' };
    metrics.sql_list_p95_ms = { value: lq95, unit: 'ms' };
    }

    // Detail throughput: autocannon (this process) against the Grip server and the bare server (each in its own
    // process), in alternating rounds so that a burst of other work on the machine hits both; medians reported.
    const bare = await startServerProcess(new URL('../servers/pk-select.ts', import.meta.url), { DATABASE_URL: ownerUrl, WORKSPACE_ID: workspaceId, ROW: 'customer' });
    try {
      const pick = () => sampleIds[Math.floor(Math.random() * sampleIds.length)];
      const detailRuns: number[] = [];
      const bareRuns: number[] = [];
      const p99: number[] = [];
      for (let round = 1; round <= ROUNDS; round++) {
        const d = await ctx.step(`round ${round}/${ROUNDS} detail GET via Grip: ${ctx.settings.connections} connections, ${ctx.settings.warmupS} s warm-up + ${ctx.settings.durationS} s`, () =>
          loadTest(ctx, { url: server.url, requests: [{ setupRequest: (req) => ({ ...req, path: `/api/v1/w/demo/customers/${pick()}`, headers: { ...req.headers, cookie } }) }] }),
        );
        const b = await ctx.step(`round ${round}/${ROUNDS} bare PK select`, () =>
          loadTest(ctx, { url: bare.url, requests: [{ setupRequest: (req) => ({ ...req, path: `/row/${pick()}` }) }] }),
        );
        detailRuns.push(d.requests.average);
        bareRuns.push(b.requests.average);
        p99.push(d.latency.p99);
        ctx.log(`round ${round}: Grip ${Math.round(d.requests.average)} req/s (p99 ${d.latency.p99} ms), bare ${Math.round(b.requests.average)} req/s → ${(d.requests.average / b.requests.average).toFixed(2)}`);
      }
      metrics.detail_rps = { value: median(detailRuns), unit: 'req/s' };
      metrics.detail_p99_ms = { value: median(p99), unit: 'ms' };
      metrics.bare_pk_rps = { value: median(bareRuns), unit: 'req/s' };
      metrics.detail_ratio = ratio(metrics.detail_rps, metrics.bare_pk_rps);
    } finally {
      await bare.stop();
    }
  } finally {
    await server.stop();
    await owner.end();
  }
  return metrics;
}
