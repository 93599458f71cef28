import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportDetail } from '@grip/contracts/imports';
import { createTestApp, type TestApp } from '../../../test/helpers.ts';
import { createWorkspace, signedInUser } from '../../../test/identity-helpers.ts';
import { createStorage } from '../../lib/storage.ts';
import { runImport } from './imports.service.ts';
import { multipart } from '../../../test/upload.ts';

const SERVER_DIR = path.resolve(import.meta.dirname, '../../..');
const ROWS = 30_000;

/**
 * Kills the process running an import at the worst moments — while the file streams into staging, and in the
 * middle of the final INSERT — and checks that no row of it is left behind, then that a retried job completes.
 */
describe('imports survive a crash', () => {
  let t: TestApp;
  let user: Awaited<ReturnType<typeof signedInUser>>;
  let workspace: { id: string; slug: string };

  beforeAll(async () => {
    t = await createTestApp();
    user = await signedInUser(t.app);
    workspace = await createWorkspace(t.app, user.cookie);
  });
  afterAll(async () => t?.close());

  const q = async (sql: string, values: unknown[] = []) => (await t.app.db.owner.query(sql, values)).rows;
  // Every customer in the workspace, and those that carry an import's id.
  const count = async () =>
    (await q('SELECT count(*)::int AS customers, (count(*) FILTER (WHERE import_id IS NOT NULL))::int AS records FROM customers WHERE workspace_id = $1', [workspace.id]))[0];

  async function startImport(): Promise<string> {
    const lines = ['Name,Email,Phone,Company,Tags'];
    for (let i = 0; i < ROWS; i++) lines.push(`Person ${i},crash-${i}@example.com,+1415555${String(i % 10000).padStart(4, '0')},Company ${i % 97},"a, b${i % 7}"`);
    const m = multipart(lines.join('\n'), 'crash.csv');
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/w/${workspace.slug}/imports?entity=customers`, headers: { cookie: user.cookie, ...m.headers }, payload: m.payload });
    const d: ImportDetail = res.json();
    await t.app.inject({ method: 'PATCH', url: `/api/v1/w/${workspace.slug}/imports/${d.id}`, headers: { cookie: user.cookie }, payload: { duplicateMode: 'create' } });
    const started = await t.app.inject({ method: 'POST', url: `/api/v1/w/${workspace.slug}/imports/${d.id}/start`, headers: { cookie: user.cookie }, payload: { dryRun: false } });
    expect(started.statusCode).toBe(202);
    return d.id;
  }

  /** Runs the job in a child process and SIGKILLs it as soon as `moment` holds; returns whether it did. */
  async function killWhen(importId: string, moment: () => Promise<boolean>): Promise<boolean> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/import-child.ts', t.db.ownerUrl, t.config.storageUrl, workspace.id, importId], { cwd: SERVER_DIR, stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let killed = false;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && child.exitCode === null) {
      if (await moment()) {
        child.kill('SIGKILL');
        killed = true;
        break;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    await exited;
    // The server notices the dead client and rolls its transaction back; wait until its backend is gone.
    while ((await q(`SELECT 1 FROM pg_stat_activity WHERE query LIKE '%INSERT INTO customers%' AND pid <> pg_backend_pid() AND state <> 'idle'`)).length > 0) {
      await new Promise((r) => setTimeout(r, 20));
    }
    return killed;
  }

  it('when the process dies while loading the file or mid-INSERT, then no row is left, and the retried job imports everything once', async () => {
    const importId = await startImport();
    const status = async () => (await q('SELECT status, rows_done FROM import_jobs WHERE id = $1', [importId]))[0];

    const whileLoading = await killWhen(importId, async () => {
      return (await status()).status === 'loading';
    });
    expect(whileLoading).toBe(true);
    expect(await count()).toEqual({ customers: 0, records: 0 });

    const midInsert = await killWhen(importId, async () =>
      (await q(`SELECT 1 FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%INSERT INTO customers%' AND pid <> pg_backend_pid()`)).length > 0,
    );
    expect(midInsert).toBe(true);
    expect((await status()).status).not.toBe('done');
    expect(await count()).toEqual({ customers: 0, records: 0 });

    // The retry (graphile-worker runs the job again): it starts over from the file and completes.
    await runImport(t.app.db.owner, createStorage(t.config.storageUrl), workspace.id, importId);
    expect(await status()).toMatchObject({ status: 'done' });
    expect(await count()).toEqual({ customers: ROWS, records: ROWS });
    const job = (await q('SELECT created, failed FROM import_jobs WHERE id = $1', [importId]))[0];
    expect(job).toEqual({ created: ROWS, failed: 0 });
    // Run once more (a duplicate delivery): nothing changes.
    await runImport(t.app.db.owner, createStorage(t.config.storageUrl), workspace.id, importId);
    expect(await count()).toEqual({ customers: ROWS, records: ROWS });
  }, 180_000);
});
