import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers.ts';
import { createWorkspace, signedInUser } from '../../../test/identity-helpers.ts';
import { createBackup, dailyBackup, listBackups, restoreBackup, retained } from './backups.service.ts';

type User = Awaited<ReturnType<typeof signedInUser>>;

describe('backups', () => {
  let t: TestApp;
  let owner: User;
  let ws: { id: string; slug: string };
  const dir = mkdtempSync(path.join(tmpdir(), 'grip-backups-'));
  const req = (method: 'GET' | 'POST' | 'PATCH', p: string, payload?: unknown) =>
    t.app.inject({ method, url: `/api/v1/w/${ws.slug}${p}`, headers: owner.headers, ...(payload === undefined ? {} : { payload: payload as object }) });
  /** The exports a person would compare: every customer (with notes) and every ticket (with its thread). */
  const exportsHash = async () => {
    const customers = (await req('GET', '/customers/export.csv?sort=name')).body;
    const tickets = (await req('GET', '/tickets/export.csv?sort=number')).body;
    return createHash('sha256').update(customers).update(tickets).digest('hex');
  };

  beforeAll(async () => {
    t = await createTestApp();
    owner = await signedInUser(t.app, { name: 'Olivia Owner' });
    ws = await createWorkspace(t.app, owner.cookie, 'Backup Co');
  });
  afterAll(() => t.close());

  it('restore drill: data → backup → changes → restore → the exports are identical to before the changes', async () => {
    const customer = (await req('POST', '/customers', { name: 'Ada Kept', email: 'ada@example.com', tags: ['vip'], custom: {} })).json();
    await req('POST', `/customers/${customer.id}/notes`, { body: 'Remember me' });
    const ticket = (await req('POST', '/tickets', { customerId: customer.id, title: 'Kept ticket', priority: 'high' })).json();
    await req('POST', `/tickets/${ticket.id}/messages`, { body: 'First reply' });
    const before = await exportsHash();
    const [{ n: eventsBefore }] = (await t.app.db.owner.query<{ n: number }>('SELECT count(*)::int AS n FROM events')).rows as [{ n: number }];

    const backup = await createBackup(t.app.db.owner, dir);
    expect(backup.size).toBeGreaterThan(0);
    expect((await listBackups(dir)).map((b) => b.name)).toContain(backup.name);

    // Changes after the backup: an edit, a new record, a deletion.
    await req('PATCH', `/customers/${customer.id}`, { version: 1, name: 'Ada Changed' });
    await req('POST', '/customers', { name: 'Born later' });
    await req('POST', `/tickets/${ticket.id}/messages`, { body: 'Second reply' });
    expect(await exportsHash()).not.toBe(before);

    await t.app.close();
    const result = await restoreBackup(t.db.ownerUrl, path.join(dir, backup.name));
    expect(result.rows).toBeGreaterThan(10);
    // A fresh app on the restored database (sessions are data too: the same cookie still signs in).
    const { buildApp } = await import('../../app.ts');
    t.app = await buildApp({ config: t.config, database: t.db, logger: false });
    await t.app.ready();
    expect(await exportsHash()).toBe(before);
    const [{ n: eventsAfter }] = (await t.app.db.owner.query<{ n: number }>('SELECT count(*)::int AS n FROM events')).rows as [{ n: number }];
    expect(eventsAfter).toBe(eventsBefore);
    // Sequences go on after the restored ids: new tickets and events still work.
    const next = await req('POST', '/tickets', { customerId: customer.id, title: 'After restore', priority: 'low' });
    expect(next.statusCode, next.body).toBe(201);
    expect(next.json().number).toBe(ticket.number + 1);
  });

  it('when a file is not a Grip backup, then restore refuses it and changes nothing', async () => {
    const { writeFileSync } = await import('node:fs');
    const { gzipSync } = await import('node:zlib');
    const bogus = path.join(dir, 'bogus.gripbak.gz');
    writeFileSync(bogus, gzipSync('{"format":"something-else"}\n'));
    await expect(restoreBackup(t.db.ownerUrl, bogus)).rejects.toThrow('is not a Grip backup');
    const truncated = path.join(dir, 'cut.gripbak.gz');
    const real = (await listBackups(dir))[0]!;
    const { readFileSync } = await import('node:fs');
    const { gunzipSync } = await import('node:zlib');
    const text = gunzipSync(readFileSync(path.join(dir, real.name))).toString('utf8');
    writeFileSync(truncated, gzipSync(text.slice(0, Math.floor(text.length / 2))));
    const count = async () => (await t.app.db.owner.query<{ n: number }>('SELECT count(*)::int AS n FROM customers')).rows[0]!.n;
    const customers = await count();
    await t.app.close();
    await expect(restoreBackup(t.db.ownerUrl, truncated)).rejects.toThrow();
    const { buildApp } = await import('../../app.ts');
    t.app = await buildApp({ config: t.config, database: t.db, logger: false });
    await t.app.ready();
    expect(await count()).toBe(customers);
  });

  it('when the platform admin lists and takes backups, then the console sees them; nobody else may', async () => {
    const admin = await signedInUser(t.app, { role: 'admin' });
    const made = await t.app.inject({ method: 'POST', url: '/api/v1/admin/backups', headers: admin.headers });
    expect(made.statusCode, made.body).toBe(201);
    const list = (await t.app.inject({ url: '/api/v1/admin/backups', headers: admin.headers })).json();
    expect(list.items.map((b: { name: string }) => b.name)).toContain(made.json().name);
    expect(list).toMatchObject({ directory: t.config.backupDir, retention: { daily: 7, weekly: 4 } });
    expect((await t.app.inject({ url: '/api/v1/admin/backups', headers: owner.headers })).statusCode).toBe(403);
  });

  it('npm run backup and npm run restore work from the command line, and restore asks for --yes', async () => {
    const { spawnSync } = await import('node:child_process');
    const env = { ...process.env, DATABASE_URL: t.db.ownerUrl, DATABASE_APP_URL: t.db.appUrl, DATA_DIR: t.config.dataDir, LOG_LEVEL: 'silent', BACKUP_DIR: dir };
    const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/backup-cli.ts', ...args], { env, encoding: 'utf8', cwd: path.resolve(import.meta.dirname, '../../..') });
    const backup = run('backup');
    expect(backup.status, backup.stderr).toBe(0);
    const file = /Backup written: (\S+)/.exec(backup.stdout)?.[1];
    expect(file).toBeTruthy();
    const refused = run('restore', file!);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('--yes');
    await t.app.close();
    const restored = run('restore', file!, '--yes');
    expect(restored.status, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/Restored \d+ rows/);
    const { buildApp } = await import('../../app.ts');
    t.app = await buildApp({ config: t.config, database: t.db, logger: false });
    await t.app.ready();
  }, 60_000);

  it('retention keeps the newest daily backups and one per recent week', async () => {
    const names = Array.from({ length: 40 }, (_, i) => `grip-${new Date(Date.UTC(2026, 9, 1) + i * 86_400_000).toISOString().replace(/[:.]/g, '-')}.gripbak.gz`);
    const keep = retained(names, { daily: 7, weekly: 4 });
    const newest = [...names].sort().reverse();
    for (const n of newest.slice(0, 7)) expect(keep.has(n)).toBe(true);
    expect(keep.size).toBeLessThanOrEqual(11);
    expect(keep.size).toBeGreaterThanOrEqual(9);
    const made = await dailyBackup(t.app.db.owner, dir, { daily: 1, weekly: 0 });
    expect((await listBackups(dir)).map((b) => b.name)).toEqual([made.made.name]);
  });
});
