import pg from 'pg';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { runMigrations } from '../apps/server/src/db/migrate.ts';
import { demoCustomer, FIRST_NAMES, LAST_NAMES } from '../apps/server/src/seed/demo-crm.ts';
const admin = new pg.Client('postgres://postgres@127.0.0.1:5432/postgres'); await admin.connect();
const exists = (await admin.query("select 1 from pg_database where datname='grip_search'")).rowCount;
const url = 'postgres://postgres@127.0.0.1:5432/grip_search';
const ws = '11111111-1111-4111-8111-111111111111';
if (!exists) {
  await admin.query('CREATE DATABASE grip_search');
  await runMigrations(url);
  const c = new pg.Client(url); await c.connect();
  await c.query(`INSERT INTO workspaces (id, slug, name) VALUES ('${ws}', 'demo', 'Demo')`);
  const copy = c.query(copyFrom('COPY customers (workspace_id, kind, name, email, phone, company, address, tags, status, custom, created_at, updated_at) FROM STDIN'));
  const now = Date.now();
  function* lines() { let chunk = ''; for (let i = 0; i < 1_000_000; i++) { const d = demoCustomer(i); const cr = new Date(now - d.ageDays * 86400000 - (i % 86400) * 1000).toISOString(); chunk += `${ws}\t${d.kind}\t${d.name}\t${d.email ?? '\\N'}\t${d.phone ?? '\\N'}\t${d.company ?? '\\N'}\t${JSON.stringify(d.address)}\t{${d.tags.join(',')}}\t${d.status}\t${JSON.stringify(d.custom)}\t${cr}\t${cr}\n`; if (chunk.length > 256000) { yield chunk; chunk = ''; } } yield chunk; }
  await pipeline(Readable.from(lines()), copy);
  await c.query('VACUUM ANALYZE customers'); await c.end();
}
await admin.end();
const words = [...FIRST_NAMES, ...LAST_NAMES, 'Northwind', 'Harbor', 'Logistics', 'Dental', 'example'];
const out: string[] = []; let seed = 42; const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
while (out.length < 275) { const w = words[Math.floor(next() * words.length)]!; if (w.length < 3) continue; const s = Math.floor(next() * (w.length - 2)); out.push(w.slice(s, s + 3).toLowerCase()); }
const c = new pg.Client(url); await c.connect();
const sql = `SELECT c.id FROM customers c WHERE c.workspace_id = $1 AND c.deleted_at IS NULL AND c.search LIKE grip_fold($2) ORDER BY c.sort_name, c.id LIMIT 51`;
const times: Array<[number, string, number]> = [];
for (const q of [...new Set(out)]) { const t0 = performance.now(); const r = await c.query(sql, [ws, `%${q}%`]); times.push([performance.now() - t0, q, r.rowCount ?? 0]); }
times.sort((a, b) => b[0] - a[0]);
console.log(times.slice(0, 15).map(([t, q, n]) => `${q} ${t.toFixed(1)}ms rows=${n}`).join('\n'));
for (const [, q] of times.slice(0, 3)) { const p = await c.query(`EXPLAIN ANALYZE ${sql.replace('$1', `'${ws}'`).replace('$2', `'%${q}%'`)}`); console.log(q, '\n' + p.rows.map((r) => r['QUERY PLAN']).join('\n')); const cnt = await c.query(`select count(*) from customers where search like '%${q}%'`); console.log('count', cnt.rows[0].count); }
await c.end();
