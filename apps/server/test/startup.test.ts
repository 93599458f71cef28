import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from './helpers.ts';

const SERVER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SERVER = path.join(SERVER_DIR, 'src/server.ts');
/** What `npm start` runs: the bundle, with the Node flags of the start script. */
const BUNDLE = path.join(SERVER_DIR, 'dist/server.mjs');
const START_FLAGS = (JSON.parse(readFileSync(path.join(SERVER_DIR, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start
  .split(/\s+/)
  .filter((a) => a.startsWith('--'));

interface Run {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function start(env: Record<string, string>, opts: { bundle?: boolean } = {}): Run {
  let out = '';
  const child = spawn(process.execPath, opts.bundle ? [...START_FLAGS, BUNDLE] : ['--import', 'tsx', SERVER], {
    env: { PATH: process.env.PATH ?? '', DATA_DIR: mkdtempSync(path.join(tmpdir(), 'grip-start-')), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

async function waitFor(run: Run, text: string, ms = 30_000) {
  const deadline = Date.now() + ms;
  while (!run.output().includes(text)) {
    if (Date.now() > deadline || run.child.exitCode !== null) throw new Error(`timed out waiting for "${text}"; output:\n${run.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

describe('starting the server process', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    // The server's build, as `npm start` makes it.
    // @ts-expect-error -- a plain ES module without type declarations
    const { buildServer } = (await import('../build.mjs')) as { buildServer: (entries?: Record<string, string>) => Promise<void> };
    await buildServer();
  });
  afterAll(() => db.drop());

  it('when the configuration is wrong, then it exits 1 with one line per problem and no stack trace', async () => {
    const run = start({ PORT: 'abc', LOG_LEVEL: 'chatty' });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('the configuration is not valid');
    expect(run.output()).toMatch(/PORT: .*"abc"/);
    expect(run.output()).toMatch(/LOG_LEVEL: must be one of/);
    expect(run.output()).not.toMatch(/\n\s+at /);
  });

  it('when DATABASE_URL points at nothing, then it says so in one line', async () => {
    const port = await freePort();
    const run = start({ DATABASE_URL: `postgres://grip:pw@127.0.0.1:${port}/grip` });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain(`DATABASE_URL: nothing accepts connections at 127.0.0.1:${port}/grip`);
    expect(run.output()).not.toContain('pw@');
  });

  it('when the built server (what npm start runs) is started against a database, then it migrates, serves, prints its URL, imports a file through its parser thread, and shuts down gracefully on SIGTERM', async () => {
    const port = await freePort();
    const admin = { email: 'startup-admin@grip.local', password: 'startup-password-123' };
    const run = start({ DATABASE_URL: db.ownerUrl, DATABASE_APP_URL: db.appUrl, PORT: String(port), HOST: '127.0.0.1', ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password }, { bundle: true });
    await waitFor(run, 'Grip is running at');
    expect(run.output()).toContain(`http://localhost:${port}`);
    const base = `http://127.0.0.1:${port}`;
    const ready = await fetch(`${base}/health/ready`);
    expect(ready.status).toBe(200);

    // An import job parses its file in a worker thread, which the bundle runs from dist/import-parser.mjs.
    const headers = { origin: `http://localhost:${port}` };
    const signIn = await fetch(`${base}/api/auth/sign-in/email`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(admin) });
    expect(signIn.status, await signIn.clone().text()).toBe(200);
    const cookie = signIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const form = new FormData();
    form.append('file', new Blob(['Name,Email\nBundled One,bundled-1@example.com\nBundled Two,bundled-2@example.com\n'], { type: 'text/csv' }), 'bundled.csv');
    const uploaded = await fetch(`${base}/api/v1/w/demo/imports?entity=customers`, { method: 'POST', headers: { ...headers, cookie }, body: form });
    expect(uploaded.status, await uploaded.clone().text()).toBe(201);
    const { id } = (await uploaded.json()) as { id: string };
    const started = await fetch(`${base}/api/v1/w/demo/imports/${id}/start`, { method: 'POST', headers: { ...headers, cookie, 'content-type': 'application/json' }, body: JSON.stringify({ dryRun: false }) });
    expect(started.status).toBe(202);
    let job: { status: string; created: number; error: string | null } = { status: 'queued', created: 0, error: null };
    for (let i = 0; i < 100 && !['done', 'failed'].includes(job.status); i++) {
      await new Promise((r) => setTimeout(r, 100));
      job = (await (await fetch(`${base}/api/v1/w/demo/imports/${id}`, { headers: { cookie } })).json()) as typeof job;
    }
    expect(job).toMatchObject({ status: 'done', created: 2, error: null });

    // A second instance on the same port explains the clash.
    const clash = start({ DATABASE_URL: db.ownerUrl, DATABASE_APP_URL: db.appUrl, PORT: String(port), HOST: '127.0.0.1' });
    expect(await clash.exited).toBe(1);
    expect(clash.output()).toContain(`PORT: 127.0.0.1:${port} is already in use`);

    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(run.output()).toContain('SIGTERM received');
  });
});
