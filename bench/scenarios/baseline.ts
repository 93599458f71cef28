// Raw limits of this machine, which Grip's own paths are measured against: COPY throughput into an indexed
// customers table, keyset page latency, a bare Fastify route, and a one-row primary-key select over HTTP.
import pg from 'pg';
import { copyCustomers, customerDataset, CUSTOMERS_DDL } from '../lib/customers.ts';
import { measureHttpServer } from '../lib/http.ts';
import { ratio, type Metrics, type ScenarioContext } from '../lib/scenario.ts';
import { percentiles } from '../lib/stats.ts';

export const description = 'raw PostgreSQL and Fastify limits: COPY, keyset pages, bare route, PK select over HTTP';

const KEYSET_QUERIES = 2000;
const KEYSET_WARMUP = 100;
const PAGE_SIZE = 50;
const PK_SAMPLE = 10_000;

const KEYSET_SQL = `
  SELECT id, name, email, phone, company, created_at FROM customers
  WHERE workspace_id = $1 AND (created_at, id) < ($2::timestamptz, $3::uuid)
  ORDER BY created_at DESC, id DESC LIMIT ${PAGE_SIZE}`;

export async function run(ctx: ScenarioContext): Promise<Metrics> {
  const metrics: Metrics = {};
  const dataset = customerDataset(ctx.settings.rows);
  const workspaceId = dataset.workspaceIds[0]!;
  let ids: string[] = [];
  const client = new pg.Client({ connectionString: ctx.databaseUrl });
  await client.connect();
  try {
    await client.query(CUSTOMERS_DDL);
    const started = performance.now();
    const copied = await ctx.step(`COPY ${dataset.rows.toLocaleString('en-US')} rows`, () =>
      copyCustomers(client, dataset),
    );
    const copySeconds = (performance.now() - started) / 1000;
    if (copied !== dataset.rows) throw new Error(`COPY stored ${copied} rows, expected ${dataset.rows}`);
    metrics.copy_rows_per_s = { value: dataset.rows / copySeconds, unit: 'rows/s' };
    metrics.copy_seconds = { value: copySeconds, unit: 's' };

    await ctx.step('ANALYZE', () => client.query('ANALYZE customers'));
    Object.assign(metrics, await keysetPages(ctx, client, workspaceId));

    const { rows: sample } = await client.query<{ id: string }>(
      'SELECT id FROM customers WHERE workspace_id = $1 ORDER BY random() LIMIT $2',
      [workspaceId, PK_SAMPLE],
    );
    ids = sample.map((r) => r.id);
  } finally {
    await client.end();
  }

  Object.assign(
    metrics,
    await measureHttpServer(ctx, {
      name: 'ping',
      script: new URL('../servers/ping.ts', import.meta.url),
      path: '/ping',
      expectBody: '{"ok":true}',
    }),
  );
  Object.assign(
    metrics,
    await measureHttpServer(ctx, {
      name: 'pk_select',
      script: new URL('../servers/pk-select.ts', import.meta.url),
      env: { DATABASE_URL: ctx.databaseUrl, WORKSPACE_ID: workspaceId },
      // A random row per request, so the run is not one hot row.
      requests: [{ setupRequest: (req) => ({ ...req, path: `/row/${ids[Math.floor(Math.random() * ids.length)]}` }) }],
    }),
  );
  metrics.pk_select_vs_ping = ratio(metrics.pk_select_rps!, metrics.ping_rps!);
  return metrics;
}

/** Sequential keyset pages at random positions of the biggest workspace, timed client-side. */
async function keysetPages(ctx: ScenarioContext, client: pg.Client, workspaceId: string): Promise<Metrics> {
  const plan = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${KEYSET_SQL}`, [workspaceId, new Date(), workspaceId]);
  const planText = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
  if (!planText.includes('customers_workspace_created_idx')) {
    throw new Error(`the keyset query does not use customers_workspace_created_idx:\n${planText}`);
  }
  const { rows: cursors } = await client.query<{ created_at: string; id: string }>(
    'SELECT created_at::text, id FROM customers WHERE workspace_id = $1 ORDER BY random() LIMIT $2',
    [workspaceId, KEYSET_QUERIES + KEYSET_WARMUP],
  );
  const timings: number[] = [];
  let rowsRead = 0;
  await ctx.step(`${KEYSET_QUERIES.toLocaleString('en-US')} keyset pages of ${PAGE_SIZE}`, async () => {
    for (const [i, cursor] of cursors.entries()) {
      const t0 = performance.now();
      const { rowCount } = await client.query({
        name: 'keyset_page',
        text: KEYSET_SQL,
        values: [workspaceId, cursor.created_at, cursor.id],
      });
      const elapsed = performance.now() - t0;
      // The first executions plan the statement and warm the cache; they are not measured.
      if (i < KEYSET_WARMUP) continue;
      timings.push(elapsed);
      rowsRead += rowCount ?? 0;
    }
  });
  if (timings.length < KEYSET_QUERIES) throw new Error(`only ${timings.length} keyset cursors in the workspace`);
  const [p50, p95] = percentiles(timings, [50, 95]) as [number, number];
  ctx.log(`keyset: p50 ${p50.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms, ${(rowsRead / timings.length).toFixed(1)} rows/page`);
  return {
    keyset_p50_ms: { value: p50, unit: 'ms' },
    keyset_p95_ms: { value: p95, unit: 'ms' },
  };
}
