import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { runMigrations as runWorkerMigrations } from 'graphile-worker';
import { ROOT_DIR } from '../src/config.ts';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/db/embedded.ts';
import { withDatabase } from '../src/db/client.ts';
import { APP_ROLE, runMigrations } from '../src/db/migrate.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgServerUrl: string;
    templateDb: string;
    appRolePassword: string;
  }
}

/**
 * Starts (or uses) one PostgreSQL server for the whole run and builds a migrated template database in it.
 * Each test file clones the template (test/helpers.ts), so files run in parallel on their own data.
 * DATABASE_URL (a superuser URL) selects an external server, e.g. the system PostgreSQL 15; otherwise the
 * embedded PostgreSQL 18 runs from data/test-postgres with durability off (it is throwaway).
 */
export default async function setup(project: TestProject) {
  let embedded: EmbeddedDatabase | null = null;
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const dir = path.join(ROOT_DIR, 'data/test-postgres');
    const pwFile = path.join(ROOT_DIR, 'data/test-postgres.password');
    mkdirSync(path.dirname(pwFile), { recursive: true });
    if (!existsSync(pwFile)) writeFileSync(pwFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
    embedded = await startEmbeddedPostgres({
      dir,
      port: 54350,
      password: readFileSync(pwFile, 'utf8').trim(),
      settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '300' },
    });
    serverUrl = embedded.url;
  }
  const templateDb = `grip_template_${process.pid}`;
  const appRolePassword = randomBytes(18).toString('base64url');
  const admin = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await admin.connect();
  await dropStaleTestDatabases(admin);
  await admin.query(`CREATE DATABASE ${templateDb}`);
  const templateUrl = withDatabase(serverUrl, templateDb);
  await runMigrations(templateUrl);
  const pool = new pg.Pool({ connectionString: templateUrl, max: 1 });
  pool.on('error', () => undefined);
  pool.on('connect', (c) => c.on('error', () => undefined));
  await runWorkerMigrations({ pgPool: pool });
  await pool.end();
  await admin.query(`ALTER ROLE ${APP_ROLE} WITH LOGIN PASSWORD '${appRolePassword}'`);

  project.provide('pgServerUrl', serverUrl);
  project.provide('templateDb', templateDb);
  project.provide('appRolePassword', appRolePassword);

  return async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${templateDb} WITH (FORCE)`);
    await admin.end();
    await embedded?.stop();
  };
}

/** Databases left behind by an interrupted run (their creator's pid is gone). */
async function dropStaleTestDatabases(admin: pg.Client) {
  const { rows } = await admin.query<{ datname: string }>(
    "SELECT datname FROM pg_database WHERE datname ~ '^grip_(template|test)_[0-9]+'",
  );
  for (const { datname } of rows) {
    const pid = Number(/_(\d+)/.exec(datname)?.[1]);
    if (pid && isAlive(pid)) continue;
    await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(datname)} WITH (FORCE)`);
  }
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
