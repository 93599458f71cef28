// Grip's live updates under load: 1,000 WebSocket clients on one instance across 10 workspaces while tickets
// change 200 times a second. Each change carries the time it was sent; each client judges every event it gets
// (its workspace? a ticket it may see?) and at the end every change is checked off against every client that
// should have heard of it.
import {   rmSync } from 'node:fs';
import os, {  } from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import WebSocket from 'ws';
import { withTenant } from '../../apps/server/src/db/tenant.ts';
import { startServerProcess } from '../lib/http.ts';
import { attachInspector, freePort, type Inspector } from '../lib/inspector.ts';
import { sampleWaits } from '../lib/pg-waits.ts';
import { sampleServer } from '../lib/server-metrics.ts';
import { childPids, cpuSeconds, machineTicks, rssBytes, treeCpuSeconds } from '../lib/proc.ts';
import { startClientsProcess } from '../lib/realtime-clients.ts';
import type { ClientSpec, Percentiles, ProbeSpec } from '../lib/realtime-protocol.ts';
import { seedRealtimeData, type BenchMember, type BenchWorkspace, type RealtimeData } from '../lib/realtime-setup.ts';
import { paceChanges } from '../lib/realtime-writer.ts';
import type { Metrics, ScenarioContext } from '../lib/scenario.ts';
import { BenchConfigError } from '../lib/settings.ts';
import { percentiles } from '../lib/stats.ts';
import { BENCH_ADMIN, prepareGripDatabase } from '../lib/grip-database.ts';
import { gripServerScript } from '../lib/grip-server.ts';

export const description = '1,000 WebSocket clients in 10 workspaces, 200 ticket changes/s: event latency, memory per connection, misdelivered and lost events';
/** Tickets in all (spread over the workspaces) when BENCH_ROWS is not given. */
export const defaultRows = 10_000;

const WORKSPACES = 10;
/** This scenario's measured seconds when BENCH_DURATION is not given. */
const DEFAULT_DURATION_S = 20;
/** Unmeasured seconds at full rate before the measured window. */
const WARMUP_S = 5;
const TARGET_P95_MS = 100;
/** Changes in flight at most; beyond it the schedule falls behind (and the achieved rate says so). */
const MAX_IN_FLIGHT = 64;
const SIGN_IN_CONCURRENCY = 3;
const CONNECT_CONCURRENCY = 20;
/** Connections opened and closed before the memory baseline, so first-use allocations are not counted per client. */
const WARM_CONNECTIONS = 10;
const SETTLE_MS = 3_000;
const { password: PASSWORD } = BENCH_ADMIN;
const ORIGIN = 'http://127.0.0.1';

function readKnob(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw.replace(/[_,]/g, ''));
  if (!Number.isInteger(value) || value < min || value > max) throw new BenchConfigError(`${name}: expected a whole number from ${min} to ${max}, got "${raw}"`);
  return value;
}

function readWrites(): 'api' | 'sql' {
  const raw = process.env.BENCH_WRITES?.trim() || 'api';
  if (raw !== 'api' && raw !== 'sql') throw new BenchConfigError(`BENCH_WRITES: expected "api" or "sql", got "${raw}"`);
  return raw;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const ms = (p: Percentiles | null) => (p ? `p50 ${p.p50.toFixed(1)} ms, p95 ${p.p95.toFixed(1)} ms, p99 ${p.p99.toFixed(1)} ms, max ${p.max.toFixed(0)} ms` : 'no samples');

/** Runs `work` over `items`, `concurrency` at a time. */
async function eachLimited<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/**
 * The server's memory after a full garbage collection (so that before/after compare live data, not the collector's
 * timing): resident set size (median of a few readings) and V8 heap in use.
 */
async function settledMemory(pid: number, inspector: Inspector): Promise<{ rss: number; heap: number }> {
  await inspector.collectGarbage();
  await inspector.collectGarbage();
  const readings: number[] = [];
  for (let i = 0; i < 5; i++) {
    await sleep(200);
    readings.push(rssBytes(pid));
  }
  return { rss: percentiles(readings, [50])[0]!, heap: await inspector.heapUsed() };
}

interface Credentials {
  /** Session cookie per user id. */
  cookies: Map<string, string>;
  /** Access token per user id (the workspaces' owners). */
  tokens: Map<string, string>;
}

/** Signs every member in: owners get an access token (POST /api/v1/auth/token), everyone a session cookie. */
async function signIn(serverUrl: string, data: RealtimeData): Promise<Credentials> {
  const users = new Map<string, BenchMember>();
  for (const ws of data.workspaces) for (const m of ws.members) users.set(m.userId, m);
  const cookies = new Map<string, string>();
  await eachLimited([...users.values()], SIGN_IN_CONCURRENCY, async (m) => {
    const res = await fetch(`${serverUrl}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: ORIGIN },
      body: JSON.stringify({ email: m.email, password: data.password }),
    });
    if (!res.ok) throw new Error(`sign-in of ${m.email}: ${res.status} ${await res.text()}`);
    cookies.set(m.userId, res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '));
  });
  // The token route allows 20 a minute from one address: one per workspace stays well inside it.
  const tokens = new Map<string, string>();
  for (const ws of data.workspaces) {
    const owner = ws.members[0]!;
    const res = await fetch(`${serverUrl}/api/v1/auth/token`, {
      method: 'POST',
      // Node's fetch sends Sec-Fetch-Mode like a browser, and Better Auth then wants an Origin too.
      headers: { 'content-type': 'application/json', origin: ORIGIN },
      body: JSON.stringify({ email: owner.email, password: data.password }),
    });
    if (!res.ok) throw new Error(`token for ${owner.email}: ${res.status} ${await res.text()}`);
    tokens.set(owner.userId, ((await res.json()) as { accessToken: string }).accessToken);
  }
  return { cookies, tokens };
}

function headersOf(m: BenchMember, creds: Credentials): Record<string, string> {
  const token = creds.tokens.get(m.userId);
  return token ? { authorization: `Bearer ${token}` } : { cookie: creds.cookies.get(m.userId)!, origin: ORIGIN };
}

/** Members taking turns by role (owner, manager, agent, viewer, own, none, owner…), so a small run has every kind too. */
function byRoleInTurn(members: BenchMember[]): BenchMember[] {
  const groups = new Map<string, BenchMember[]>();
  for (const m of members) groups.set(`${m.role}/${m.guest}`, [...(groups.get(`${m.role}/${m.guest}`) ?? []), m]);
  const order: BenchMember[] = [];
  for (let i = 0; order.length < members.length; i++) for (const g of groups.values()) if (i < g.length) order.push(g[i]!);
  return order;
}

/** `total` clients, the same number per workspace, round-robin over each workspace's members (guests included). */
function clientSpecs(workspaces: BenchWorkspace[], total: number, creds: Credentials): ClientSpec[] {
  const specs: ClientSpec[] = [];
  const turns = workspaces.map((ws) => byRoleInTurn(ws.members));
  for (let i = 0; i < total; i++) {
    const ws = workspaces[i % workspaces.length]!;
    const members = turns[ws.index]!;
    const m = members[Math.floor(i / workspaces.length) % members.length]!;
    specs.push({ workspace: ws.index, slug: ws.slug, userId: m.userId, access: m.access, headers: headersOf(m, creds) });
  }
  return specs;
}

/** Connections that must be refused; none may ever see an event. */
function probeSpecs(workspaces: BenchWorkspace[], creds: Credentials): ProbeSpec[] {
  const probes: ProbeSpec[] = [];
  for (const ws of workspaces) {
    const stranger = workspaces[(ws.index + Math.floor(workspaces.length / 2)) % workspaces.length]!.members[0]!;
    if (ws.members.some((m) => m.userId === stranger.userId)) continue;
    probes.push({ label: `owner of another workspace → ${ws.slug}`, slug: ws.slug, headers: headersOf(stranger, creds) });
  }
  const member = workspaces[0]!.members.find((m) => m.role === 'viewer')!;
  probes.push({ label: 'member, cookie from a foreign origin', slug: workspaces[0]!.slug, headers: { cookie: creds.cookies.get(member.userId)!, origin: 'http://evil.example' } });
  probes.push({ label: 'not signed in', slug: workspaces[0]!.slug, headers: {} });
  probes.push({ label: 'unknown workspace', slug: 'rt-none', headers: headersOf(member, creds) });
  return probes;
}

/** A few connections opened and closed through the real route, so the server's first-use costs are paid before the baseline. */
async function warmConnections(wsOrigin: string, specs: ClientSpec[]): Promise<void> {
  await Promise.all(
    specs.map(
      (spec) =>
        new Promise<void>((resolve, reject) => {
          const socket = new WebSocket(`${wsOrigin}/api/v1/w/${spec.slug}/realtime`, { headers: spec.headers });
          const timer = setTimeout(() => reject(new Error('warm-up connection: no hello within 10 s')), 10_000);
          socket.once('message', () => {
            clearTimeout(timer);
            socket.close();
            resolve();
          });
          socket.once('unexpected-response', (_req, res) => reject(new Error(`warm-up connection refused: http ${res.statusCode}`)));
          socket.once('error', reject);
        }),
    ),
  );
}

export async function run(ctx: ScenarioContext): Promise<Metrics> {
  // The shared default (10 s) is short for 1,000 clients, and 2 s of warm-up end while the server's database pool
  // is still growing to meet 200 changes/s; the result file records what ran.
  if (!process.env.BENCH_DURATION?.trim()) ctx.settings.durationS = DEFAULT_DURATION_S;
  ctx.settings.warmupS = Math.max(ctx.settings.warmupS, WARMUP_S);
  const clientsWanted = readKnob('BENCH_CLIENTS', 1000, WORKSPACES, 5000);
  const changesPerS = readKnob('BENCH_CHANGES_PER_S', 200, 1, 2000);
  const writes = readWrites();
  const { durationS, warmupS } = ctx.settings;
  const { ownerUrl, appDbUrl, dataDir, owner } = await prepareGripDatabase(ctx, (name) => name === 'platform admin');
  let data: RealtimeData;
  try {
    const admin = await owner.query<{ id: string }>("SELECT id FROM users WHERE role = 'admin' LIMIT 1");
    data = await ctx.step(`${WORKSPACES} workspaces, members, ${ctx.settings.rows.toLocaleString('en-US')} tickets`, () =>
      seedRealtimeData(owner, { workspaces: WORKSPACES, tickets: ctx.settings.rows, password: PASSWORD, adminId: admin.rows[0]!.id }),
    );
    await owner.query('VACUUM ANALYZE');
  } catch (err) {
    await owner.end();
    throw err;
  }
  const members = data.workspaces[0]!.members;
  ctx.log(
    `each workspace: ${members.length} members (${[...new Set(members.map((m) => m.role))].map((r) => `${members.filter((m) => m.role === r).length} ${r}`).join(', ')}; ${members.filter((m) => m.guest).length} of them guests from the previous workspace)`,
  );

  const script = await gripServerScript();
  // The inspector (127.0.0.1 only) lets the bench collect the server's garbage before reading its memory.
  const inspectorPort = await freePort();
  const server = await startServerProcess(script, {
    OWNER_URL: ownerUrl,
    APP_DB_URL: appDbUrl,
    DATA_DIR: dataDir,
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --inspect=127.0.0.1:${inspectorPort}`.trim(),
  });
  const clients = startClientsProcess();
  const sqlPool = new pg.Pool({ connectionString: appDbUrl, max: 16 });
  sqlPool.on('error', () => undefined);
  try {
    const [serverPid] = childPids(fileURLToPath(script));
    if (!serverPid) throw new Error('could not find the server process (for its memory)');
    const wsOrigin = server.url.replace(/^http/, 'ws');
    const creds = await ctx.step(`sign in ${new Set(data.workspaces.flatMap((w) => w.members.map((m) => m.userId))).size} users`, () => signIn(server.url, data));

    const workspaceOf = new Map(data.workspaces.map((w) => [w.index, w]));
    const ticketsByWorkspace = data.workspaces.map((w) => data.tickets.filter((t) => t.workspace === w.index));
    const versions = new Map(data.tickets.map((t) => [t.id, 1]));
    const workspaceOfTicket = new Map(data.tickets.map((t) => [t.id, workspaceOf.get(t.workspace)!]));
    // Change k touches workspace k mod 10, whose tickets take turns: a ticket changes again only after all the
    // others of its workspace did (1,000 tickets at 20 changes/s each: every 50 s), so changes never race.
    const ticketOf = (k: number) => {
      const list = ticketsByWorkspace[k % WORKSPACES]!;
      return list[Math.floor(k / WORKSPACES) % list.length]!.id;
    };
    const writeViaApi = async ({ ticketId, title }: { ticketId: string; title: string }) => {
      const ws = workspaceOfTicket.get(ticketId)!;
      const res = await fetch(`${server.url}/api/v1/w/${ws.slug}/tickets/${ticketId}`, {
        method: 'PATCH',
        headers: { ...headersOf(ws.members[0]!, creds), 'content-type': 'application/json' },
        body: JSON.stringify({ version: versions.get(ticketId), title }),
        signal: AbortSignal.timeout(10_000),
      });
      const body = (await res.json()) as { version?: number; error?: { code: string; details?: { current?: { version: number } } } };
      if (!res.ok) {
        const current = body.error?.details?.current?.version;
        if (current) versions.set(ticketId, current);
        throw new Error(`http ${res.status} ${body.error?.code ?? ''}`.trim());
      }
      versions.set(ticketId, body.version!);
    };
    // As the app writes: the app role, one transaction with the tenant context set; the events come from the
    // triggers on the table.
    const writeViaSql = async ({ ticketId, title }: { ticketId: string; title: string }) => {
      const ws = workspaceOfTicket.get(ticketId)!;
      await withTenant(sqlPool, { workspaceId: ws.id, userId: ws.members[0]!.userId }, async ({ client }) => {
        const r = await client.query('UPDATE tickets SET title = $3, version = version + 1, updated_at = now() WHERE workspace_id = $1 AND id = $2', [ws.id, ticketId, title]);
        if (r.rowCount !== 1) throw new Error('sql: ticket not updated');
      });
    };
    const write = writes === 'api' ? writeViaApi : writeViaSql;

    // Warm the write path and the socket route, then take the memory baseline.
    const specs = clientSpecs(data.workspaces, clientsWanted, creds);
    await ctx.step('warm-up: writes and a few connections', async () => {
      await paceChanges({ changesPerS: 50, warmupMs: 0, durationMs: 2_000, maxInFlight: 8, ticketOf, write: (c) => write({ ...c, title: `warm-up ${c.id}` }) });
      await warmConnections(wsOrigin, specs.slice(0, WARM_CONNECTIONS));
      await sleep(SETTLE_MS);
    });
    const inspector = await attachInspector(inspectorPort);
    const before = await settledMemory(serverPid, inspector);

    const connectStarted = performance.now();
    const connected = await ctx.step(`connect ${specs.length} WebSocket clients (${CONNECT_CONCURRENCY} at a time)`, () =>
      clients.connect({
        type: 'connect',
        wsOrigin,
        clients: specs,
        probes: probeSpecs(data.workspaces, creds),
        tickets: data.tickets.map((t) => [t.id, { workspace: t.workspace, assigneeId: t.assigneeId }]),
        customers: data.workspaces.flatMap((w) => w.customerIds.map((id) => [id, w.index] as [string, number])),
        concurrency: CONNECT_CONCURRENCY,
      }),
    );
    const connectSeconds = (performance.now() - connectStarted) / 1000;
    ctx.log(`connected ${connected.clients}/${specs.length} (p50 ${connected.connectP50Ms.toFixed(0)} ms, p95 ${connected.connectP95Ms.toFixed(0)} ms to hello)`);
    if (connected.failed.length) ctx.log(`failed: ${connected.failed.slice(0, 5).join('; ')}${connected.failed.length > 5 ? ' …' : ''}`);
    for (const p of connected.probes) ctx.log(`probe "${p.label}": ${p.outcome}${p.admitted ? ' — ADMITTED' : ''}`);
    if (connected.clients < specs.length) throw new Error(`${specs.length - connected.clients} clients could not connect`);
    await sleep(SETTLE_MS);
    const withClients = await settledMemory(serverPid, inspector);
    inspector.close();
    const kbPerConnection = (withClients.rss - before.rss) / 1024 / connected.clients;
    const heapKbPerConnection = (withClients.heap - before.heap) / 1024 / connected.clients;
    ctx.log(
      `server after a full GC, before → with ${connected.clients} clients: RSS ${mib(before.rss)} → ${mib(withClients.rss)} (${kbPerConnection.toFixed(1)} KiB per connection), ` +
        `V8 heap ${mib(before.heap)} → ${mib(withClients.heap)} (${heapKbPerConnection.toFixed(1)} KiB per connection)`,
    );

    const waits = await sampleWaits(ownerUrl);
    const serverSampler = await sampleServer(server.url);
    const cpu0 = { server: cpuSeconds(serverPid), clients: cpuSeconds(clients.pid), ours: treeCpuSeconds(), machine: machineTicks(), at: performance.now() };
    const paced = await ctx.step(`${changesPerS} changes/s via ${writes === 'api' ? 'PATCH /tickets/:id' : 'SQL (app role, tenant context)'}: ${warmupS} s warm-up + ${durationS} s`, () =>
      paceChanges({ changesPerS, warmupMs: warmupS * 1000, durationMs: durationS * 1000, maxInFlight: MAX_IN_FLIGHT, ticketOf, write }),
    );
    const cpu1 = { server: cpuSeconds(serverPid), clients: cpuSeconds(clients.pid), ours: treeCpuSeconds(), machine: machineTicks(), at: performance.now() };
    const waitShares = await waits.stop();
    const serverTimeline = await serverSampler.stop();
    const serverLag = {
      p99: percentiles(serverTimeline.loopP99Ms, [50])[0]!,
      max: Math.max(...serverTimeline.loopMaxMs),
    };
    const wall = (cpu1.at - cpu0.at) / 1000;
    const changesPerSAchieved = paced.measuredChanges / durationS;
    const failed = Object.entries(paced.failures);
    ctx.log(
      `changes: ${paced.committed.length} committed, ${changesPerSAchieved.toFixed(1)}/s measured` +
        `${failed.length ? `; failed: ${failed.map(([why, n]) => `${n}× ${why}`).join(', ')}` : ''}${paced.late ? `; ${paced.late} sent late (${MAX_IN_FLIGHT} in flight)` : ''}`,
    );

    const result = await ctx.step('collect deliveries (until all arrived, 3 s of quiet, or 30 s)', () =>
      clients.finish({ type: 'finish', changes: paced.committed, measureFrom: paced.measureFrom, quietMs: 3_000, maxWaitMs: 30_000 }),
    );
    const rssAfter = rssBytes(serverPid);
    let eventsWritten = 0;
    for (const ws of data.workspaces) {
      // Under each workspace's tenant context: the owner role need not bypass row-level security.
      await owner.query("SELECT set_config('app.workspace_id', $1, false)", [ws.id]);
      const { rows } = await owner.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM events WHERE workspace_id = $1 AND entity = 'ticket' AND data->>'title' LIKE 'Realtime bench #%'",
        [ws.id],
      );
      eventsWritten += rows[0]!.n;
    }
    const [writeP50, writeP95, writeP99] = paced.writeMs.length ? percentiles(paced.writeMs, [50, 95, 99]) : [0, 0, 0];
    const machineBusy = (cpu1.machine.busy - cpu0.machine.busy) / (cpu1.machine.total - cpu0.machine.total);
    // What the rest of the machine did meanwhile (other people's builds and tests), in % of the whole machine.
    const othersBusy = Math.max(0, machineBusy - (cpu1.ours - cpu0.ours) / wall / os.availableParallelism());

    ctx.log(`event latency (change sent → client): ${ms(result.latency)}`);
    ctx.log(`  of which event recorded → client: ${ms(result.fromEventAt)}`);
    ctx.log(`  write (send → commit answered): p50 ${writeP50!.toFixed(1)} ms, p95 ${writeP95!.toFixed(1)} ms, p99 ${writeP99!.toFixed(1)} ms`);
    const seconds = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(' ');
    const windowStart = (paced.measureFrom - (performance.timeOrigin + connectStarted)) / 1000;
    ctx.log(`  measured window: ${windowStart.toFixed(1)} s to ${(windowStart + durationS).toFixed(1)} s after the clients began to connect`);
    ctx.log(`  p95 by second (ms), event: ${seconds(result.latencyP95BySecond)}`);
    ctx.log(`  p95 by second (ms), write: ${seconds(paced.writeP95BySecond)}`);
    ctx.log(`  server event-loop delay p99 by second from the warm-up on (ms): ${seconds(serverTimeline.loopP99Ms)}`);
    ctx.log(`  requests waiting for an app-pool connection, by second from the warm-up on: ${seconds(serverTimeline.appPoolWaiting)}`);
    ctx.log(
      `deliveries: ${result.delivered.toLocaleString('en-US')} of ${result.expected.toLocaleString('en-US')} expected; lost ${result.lost} (all ${result.lostByAccess.all}, own ${result.lostByAccess.own}); ` +
        `duplicates ${result.duplicates}; other events ${result.otherEvents}; events written ${eventsWritten} for ${paced.committed.length} changes`,
    );
    ctx.log(`misdelivered: ${result.misdelivered}${result.misdeliveredExamples.length ? ` — e.g. ${result.misdeliveredExamples.join(' | ')}` : ''}`);
    if (Object.keys(result.disconnects).length) ctx.log(`disconnected during the run: ${JSON.stringify(result.disconnects)}`);
    ctx.log(
      `CPU over the run: server ${((100 * (cpu1.server - cpu0.server)) / wall).toFixed(0)}%, clients process ${((100 * (cpu1.clients - cpu0.clients)) / wall).toFixed(0)}% (of one core); ` +
        `bench in all (with PostgreSQL) ${((100 * (cpu1.ours - cpu0.ours)) / wall).toFixed(0)}%; machine ${(100 * machineBusy).toFixed(0)}% busy, ${(100 * othersBusy).toFixed(0)}% of it other work; event-loop delay: server p99 ${serverLag.p99.toFixed(1)} ms (median second), max ${serverLag.max.toFixed(0)} ms; clients process p99 ${result.loopDelayP99Ms.toFixed(1)} ms`,
    );
    if (!result.latency) throw new Error('no client received any measured event');
    ctx.log(`database sessions during the run (share of non-idle samples): ${waitShares.slice(0, 6).map(([w, share]) => `${w} ${(100 * share).toFixed(0)}%`).join(', ')}`);
    const admitted = connected.probes.filter((p) => p.admitted).length;
    if (result.latency.p95 > TARGET_P95_MS) ctx.log(`latency p95 ${result.latency.p95.toFixed(1)} ms misses the ${TARGET_P95_MS} ms target`);
    if (result.misdelivered > 0 || admitted > 0) ctx.log(`FAIL: ${result.misdelivered} misdelivered events, ${admitted} refused connections admitted (both must be 0)`);

    const metrics: Metrics = {
      clients: { value: connected.clients, unit: 'connections' },
      workspaces: { value: WORKSPACES, unit: 'workspaces' },
      changes_per_s: { value: changesPerSAchieved, unit: 'changes/s' },
      target_changes_per_s: { value: changesPerS, unit: 'changes/s' },
      writes_via_api: { value: writes === 'api' ? 1 : 0, unit: 'bool' },
      latency_p50_ms: { value: result.latency.p50, unit: 'ms' },
      latency_p95_ms: { value: result.latency.p95, unit: 'ms' },
      latency_p99_ms: { value: result.latency.p99, unit: 'ms' },
      latency_max_ms: { value: result.latency.max, unit: 'ms' },
      recorded_to_client_p95_ms: { value: result.fromEventAt!.p95, unit: 'ms' },
      write_p95_ms: { value: writeP95!, unit: 'ms' },
      deliveries_measured: { value: result.latency.samples, unit: 'events' },
      kb_per_connection: { value: kbPerConnection, unit: 'KiB' },
      heap_kb_per_connection: { value: heapKbPerConnection, unit: 'KiB' },
      server_rss_before_mb: { value: before.rss / 2 ** 20, unit: 'MiB' },
      server_rss_connected_mb: { value: withClients.rss / 2 ** 20, unit: 'MiB' },
      server_rss_after_load_mb: { value: rssAfter / 2 ** 20, unit: 'MiB' },
      connect_seconds: { value: connectSeconds, unit: 's' },
      misdelivered: { value: result.misdelivered, unit: 'events' },
      refused_admitted: { value: admitted, unit: 'connections' },
      lost: { value: result.lost, unit: 'events' },
      duplicates: { value: result.duplicates, unit: 'events' },
      server_cpu_percent: { value: (100 * (cpu1.server - cpu0.server)) / wall, unit: '% of a core' },
      machine_busy_percent: { value: 100 * machineBusy, unit: '%' },
      other_load_percent: { value: 100 * othersBusy, unit: '%' },
      server_loop_delay_p99_ms: { value: serverLag.p99, unit: 'ms' },
      server_loop_delay_max_ms: { value: serverLag.max, unit: 'ms' },
      clients_loop_delay_p99_ms: { value: result.loopDelayP99Ms, unit: 'ms' },
    };
    return metrics;
  } finally {
    await clients.stop();
    await sqlPool.end();
    await server.stop();
    await owner.end();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
