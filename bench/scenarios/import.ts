// Importing a million-row customer CSV end to end through Grip's API — the HTTP upload streamed to storage, the
// import job (parse, COPY into staging, set-based checks, one INSERT under row-level security) — against a raw
// COPY of the same rows into an identically indexed table, in the same run, with the server's peak memory.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { from as copyFrom } from 'pg-copy-streams';
import type { ImportDetail, ImportJob } from '@grip/contracts/imports';
import { startServerProcess } from '../lib/http.ts';
import { watchPeakRss } from '../lib/peak-rss.ts';
import { childPids, rssBytes } from '../lib/proc.ts';
import { ratio, type Metrics, type ScenarioContext } from '../lib/scenario.ts';
import { BENCH_ADMIN, prepareGripDatabase } from '../lib/grip-database.ts';
import { gripServerScript } from '../lib/grip-server.ts';

export const description = 'CSV import of 1M customers (2% invalid, 5% duplicates) via HTTP upload + job vs raw COPY; server peak RSS';

const MIB = 2 ** 20;
const FIRST = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken', 'Margaret', 'Dennis', 'Radia', 'Tim', 'Sophie', 'Linus', 'Anita', 'José'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Allen', 'Thompson', 'Hamilton', 'Ritchie', 'Perlman', 'Berners-Lee', 'Wilson', 'Torvalds', 'Borg', 'Müller'];
const CITIES = [['San Francisco', 'US'], ['London', 'GB'], ['Berlin', 'DE'], ['Zürich', 'CH'], ['Paris', 'FR'], ['Amsterdam', 'NL']] as const;
const STATUSES = ['lead', 'active', 'inactive', 'churned'] as const;

interface Row {
  name: string;
  email: string;
  phone: string;
  company: string;
  status: string;
  tags: string[];
  city: string;
  country: string;
  /** What Grip does with it: writes it, or reports it (invalid, or a duplicate of an earlier row). */
  fate: 'write' | 'invalid' | 'duplicate';
}

/** Row i of the file: deterministic, with 2% invalid rows (email or phone) and 5% repeating an earlier row's email. */
function row(i: number): Row {
  const [city, country] = CITIES[i % CITIES.length]!;
  const duplicate = i % 20 === 13;
  const source = duplicate ? i - 13 : i;
  const r: Row = {
    name: `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]} ${i}`,
    email: `customer-${source}@example.com`,
    phone: `+1415555${String(i % 10_000).padStart(4, '0')}`,
    company: i % 3 === 0 ? '' : `Company ${i % 5_000}, Inc.`,
    status: STATUSES[i % STATUSES.length]!,
    tags: i % 4 === 0 ? [] : [`segment-${i % 7}`, ...(i % 5 === 0 ? ['vip'] : [])],
    city,
    country,
    fate: duplicate ? 'duplicate' : 'write',
  };
  if (i % 100 === 7) Object.assign(r, { email: `not-an-email-${i}`, fate: 'invalid' });
  if (i % 100 === 57) Object.assign(r, { phone: '12', fate: 'invalid' });
  return r;
}

const csvCell = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const copyText = (s: string) => s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n');

function* csvLines(rows: number): Generator<string> {
  let chunk = 'Full Name,E-mail Address,Mobile,Company Name,Status,Tags,City,Country\n';
  for (let i = 0; i < rows; i++) {
    const r = row(i);
    chunk += `${[r.name, r.email, r.phone, r.company, r.status, r.tags.join('; '), r.city, r.country].map(csvCell).join(',')}\n`;
    if (chunk.length > 256 * 1024) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/** The rows Grip writes, as COPY text for the raw baseline: the same values, formatted as Grip stores them. */
function* copyLines(workspaceId: string, ownerId: string, rows: number): Generator<string> {
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    const r = row(i);
    if (r.fate !== 'write') continue;
    const address = JSON.stringify({ line1: '', line2: '', city: r.city, region: '', postalCode: '', country: r.country });
    const tags = `{${r.tags.map((t) => `"${t}"`).join(',')}}`;
    chunk += `${workspaceId}\tperson\t${copyText(r.name)}\t${r.email}\t${r.phone}\t${r.company ? copyText(r.company) : '\\N'}\t${copyText(address)}\t${tags}\t${r.status}\t${ownerId}\t{}\t${ownerId}\n`;
    if (chunk.length > 256 * 1024) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/** POSTs a file as multipart/form-data, streamed from disk (never held whole). */
function uploadFile(url: string, cookie: string, file: string, name: string): Promise<ImportDetail> {
  const boundary = `grip-bench-${Date.now()}`;
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { cookie, origin: 'http://127.0.0.1', 'content-type': `multipart/form-data; boundary=${boundary}` }, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => (res.statusCode === 201 ? resolve(JSON.parse(body) as ImportDetail) : reject(new Error(`upload: ${res.statusCode} ${body.slice(0, 2000)}`))));
    });
    req.on('error', reject);
    req.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n`);
    const source = createReadStream(file);
    source.on('error', reject);
    source.on('end', () => req.end(`\r\n--${boundary}--\r\n`));
    source.pipe(req, { end: false });
  });
}

export async function run(ctx: ScenarioContext): Promise<Metrics> {
  const metrics: Metrics = {};
  const rows = ctx.settings.rows;
  const { ownerUrl, appDbUrl, dataDir, owner } = await prepareGripDatabase(ctx, (name) => !/^demo (customers|tickets)/.test(name));
  const dir = await mkdtemp(path.join(tmpdir(), 'grip-bench-import-'));
  const file = path.join(dir, 'customers.csv');
  const expected = { write: 0, invalid: 0, duplicate: 0 };
  for (let i = 0; i < rows; i++) expected[row(i).fate]++;
  const script = await gripServerScript();
  // Jobs run inside the server process here (as `npm start` runs them), so its memory includes the import job.
  const server = await startServerProcess(script, { OWNER_URL: ownerUrl, APP_DB_URL: appDbUrl, DATA_DIR: dataDir, BENCH_JOBS: 'inline' });
  try {
    const ws = await owner.query<{ id: string; createdBy: string }>("SELECT id, created_by AS \"createdBy\" FROM workspaces WHERE slug = 'demo'");
    const { id: workspaceId, createdBy: ownerId } = ws.rows[0]!;
    await ctx.step(`write a ${rows.toLocaleString('en-US')}-row CSV`, () => pipeline(Readable.from(csvLines(rows)), createWriteStream(file)));
    const size = (await stat(file)).size;
    ctx.log(`${(size / MIB).toFixed(0)} MiB: ${expected.write.toLocaleString('en-US')} to write, ${expected.invalid.toLocaleString('en-US')} invalid, ${expected.duplicate.toLocaleString('en-US')} duplicates`);

    // The baseline: the rows Grip writes, COPYed into a table indexed like customers (same indexes, generated
    // columns and defaults; no foreign keys, triggers or row-level security), as the owner.
    await owner.query('CREATE TABLE bench_customers_copy (LIKE customers INCLUDING ALL)');
    const copySeconds = await ctx.step('raw COPY into an identically indexed table', async () => {
      const started = performance.now();
      const copy = owner.query(copyFrom('COPY bench_customers_copy (workspace_id, kind, name, email, phone, company, address, tags, status, owner_id, custom, created_by) FROM STDIN'));
      await pipeline(Readable.from(copyLines(workspaceId, ownerId, rows)), copy);
      if (copy.rowCount !== expected.write) throw new Error(`COPY wrote ${copy.rowCount} rows, expected ${expected.write}`);
      return (performance.now() - started) / 1000;
    });
    await owner.query('DROP TABLE bench_customers_copy');
    await owner.query('CHECKPOINT');

    const [serverPid] = childPids(fileURLToPath(script));
    if (!serverPid) throw new Error('could not find the server process (for its memory)');
    const signIn = await fetch(`${server.url}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://127.0.0.1' },
      body: JSON.stringify(BENCH_ADMIN),
    });
    if (!signIn.ok) throw new Error(`sign-in failed: ${signIn.status} ${await signIn.text()}`);
    const cookie = signIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const idle = rssBytes(serverPid);
    ctx.log(`server (pid ${serverPid}) idle: RSS ${(idle / MIB).toFixed(0)} MiB`);

    const watch = watchPeakRss(serverPid, 100);
    const started = performance.now();
    const startedAt = Date.now();
    let job: ImportJob;
    let uploadSeconds = 0;
    try {
      const detail = await ctx.step('upload through the API', () => uploadFile(`${server.url}/api/v1/w/demo/imports?entity=customers`, cookie, file, 'customers.csv'));
      uploadSeconds = (performance.now() - started) / 1000;
      ctx.log(`after the upload: RSS ${(rssBytes(serverPid) / MIB).toFixed(0)} MiB`);
      const mapped = Object.values(detail.mapping).sort().join(',');
      if (mapped !== 'address.city,address.country,company,email,name,phone,status,tags') throw new Error(`unexpected auto-mapping: ${mapped}`);
      const api = (method: string, p: string, body?: object) =>
        fetch(`${server.url}/api/v1/w/demo${p}`, { method, headers: { cookie, origin: 'http://127.0.0.1', ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
      const start = await api('POST', `/imports/${detail.id}/start`, { dryRun: false });
      if (start.status !== 202) throw new Error(`start: ${start.status} ${await start.text()}`);
      job = await ctx.step('import job (live progress below)', async () => {
        let last = '';
        for (;;) {
          await new Promise((r) => setTimeout(r, 500));
          const j = (await (await api('GET', `/imports/${detail.id}`)).json()) as ImportJob;
          const line = `${j.status}: ${j.rowsDone.toLocaleString('en-US')} rows, ${j.rowsPerSecond?.toLocaleString('en-US') ?? '–'} rows/s, ETA ${j.etaSeconds ?? '–'} s`;
          if (line !== last && (j.status !== 'loading' || Math.random() < 0.2)) ctx.log(`${line}; server RSS ${(rssBytes(serverPid) / MIB).toFixed(0)} MiB`);
          last = line;
          if (['done', 'failed', 'cancelled'].includes(j.status)) return j;
        }
      });
    } finally {
      metrics.import_peak_rss_mb = { value: watch.stop().peakBytes / MIB, unit: 'MiB' };
    }
    // From the first byte of the upload to the moment the server marked the import done (one clock: this machine's).
    const seconds = (Date.parse(job.finishedAt!) - startedAt) / 1000;
    if (job.status !== 'done') throw new Error(`the import ended ${job.status}: ${job.error}`);
    if (job.created !== expected.write || job.failed !== expected.invalid + expected.duplicate || job.rowsTotal !== rows) {
      throw new Error(`import counts ${JSON.stringify({ created: job.created, failed: job.failed, total: job.rowsTotal })}, expected ${JSON.stringify(expected)}`);
    }
    const { rows: stored } = await owner.query<{ n: number }>('SELECT count(*)::int AS n FROM customers WHERE workspace_id = $1', [workspaceId]);
    const { rows: audit } = await owner.query<{ after: { seconds: { rows: number; commit: number } } }>(
      "SELECT after FROM audit_log WHERE workspace_id = $1 AND action = 'import.finished' AND entity_id = $2", [workspaceId, job.id]);
    const phases = audit[0]!.after.seconds;
    ctx.log(`job: rows (parse, stage, plan and write, chunk by chunk) ${phases.rows.toFixed(1)} s, commit ${phases.commit.toFixed(2)} s`);
    metrics.import_job_rows_seconds = { value: phases.rows, unit: 's' };
    if (stored[0]!.n !== expected.write) throw new Error(`${stored[0]!.n} customers stored, expected ${expected.write}`);

    // Both rates count the rows each one was given: the whole file for the import (it reads, checks and reports
    // every row), the rows to write for COPY (it can only be given valid, de-duplicated rows).
    metrics.import_rows_per_s = { value: rows / seconds, unit: 'rows/s' };
    metrics.copy_rows_per_s = { value: expected.write / copySeconds, unit: 'rows/s' };
    metrics.import_ratio = ratio(metrics.import_rows_per_s, metrics.copy_rows_per_s);
    metrics.import_written_rows_per_s = { value: expected.write / seconds, unit: 'rows/s' };
    metrics.import_written_ratio = ratio(metrics.import_written_rows_per_s, metrics.copy_rows_per_s);
    metrics.import_seconds = { value: seconds, unit: 's' };
    metrics.upload_seconds = { value: uploadSeconds, unit: 's' };
    metrics.copy_seconds = { value: copySeconds, unit: 's' };
    metrics.server_rss_idle_mb = { value: idle / MIB, unit: 'MiB' };
    metrics.file_mb = { value: size / MIB, unit: 'MiB' };
    metrics.rows = { value: rows, unit: 'rows' };
    ctx.log(
      `import ${Math.round(rows / seconds).toLocaleString('en-US')} rows/s (${seconds.toFixed(1)} s, upload ${uploadSeconds.toFixed(1)} s) vs raw COPY ${Math.round(expected.write / copySeconds).toLocaleString('en-US')} rows/s (${copySeconds.toFixed(1)} s) → ${metrics.import_ratio.value.toFixed(2)}; peak RSS ${metrics.import_peak_rss_mb.value.toFixed(0)} MiB`,
    );
  } finally {
    await server.stop();
    await owner.end();
    await rm(dir, { recursive: true, force: true });
  }
  return metrics;
}
