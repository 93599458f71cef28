import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import { loadConfig, type Config } from '../src/config.ts';
import { withDatabase } from '../src/db/client.ts';
import { APP_ROLE } from '../src/db/migrate.ts';
import type { DatabaseUrls } from '../src/db/open.ts';

let counter = 0;

export interface TestDatabase extends DatabaseUrls {
  name: string;
  drop: () => Promise<void>;
}

/** A fresh database cloned from the migrated template: owner URL (superuser in tests) and app-role URL. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const server = inject('pgServerUrl');
  const name = `grip_test_${process.pid}_${++counter}`;
  const admin = new pg.Client({ connectionString: withDatabase(server, 'postgres') });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('templateDb')}`);
  await admin.end();
  const ownerUrl = withDatabase(server, name);
  const app = new URL(ownerUrl);
  app.username = APP_ROLE;
  app.password = inject('appRolePassword');
  return {
    name,
    ownerUrl,
    appUrl: app.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: withDatabase(server, 'postgres') });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Configuration for tests: a throwaway data dir, silent logs, jobs off unless asked for. */
export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    DATA_DIR: mkdtempSync(path.join(tmpdir(), 'grip-test-')),
    LOG_LEVEL: 'silent',
    JOBS: 'off',
    WEB_DIST: mkdtempSync(path.join(tmpdir(), 'grip-no-web-')),
    ...env,
  });
}

export interface TestApp {
  app: FastifyInstance;
  db: TestDatabase;
  config: Config;
  close: () => Promise<void>;
}

/** Builds the real app on its own fresh database. Call close() in afterAll. */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const config = testConfig(env);
  const app = await buildApp({ config, database: db, logger: false });
  await app.ready();
  return {
    app,
    db,
    config,
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}
