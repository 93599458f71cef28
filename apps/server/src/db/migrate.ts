import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { ROOT_DIR } from '../config.ts';

// From the project root, so that the bundled server (dist/) finds them too.
export const MIGRATIONS_DIR = path.join(ROOT_DIR, 'apps/server/src/db/migrations');
export const APP_ROLE = 'grip_app';
const MIGRATION_LOCK = 74_212_001; // any constant shared by every Grip instance

/**
 * Applies pending migrations as the owner. An advisory lock makes concurrent starts of several instances safe:
 * the first migrates, the others wait and then find nothing to do.
 */
export async function runMigrations(ownerUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: ownerUrl, application_name: 'grip-migrate' });
  await client.connect();
  try {
    await client.query('SET client_min_messages = warning');
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await migrate(drizzle({ client }), { migrationsFolder: MIGRATIONS_DIR, migrationsSchema: 'drizzle' });
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await client.end();
  }
}

export function expectedMigrationCount(): number {
  const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_DIR, 'meta/_journal.json'), 'utf8')) as {
    entries: unknown[];
  };
  return journal.entries.length;
}

/** How many migrations the database has applied, against how many this build ships. */
export async function migrationStatus(owner: pg.Pool): Promise<{ applied: number; expected: number }> {
  const expected = expectedMigrationCount();
  try {
    const { rows } = await owner.query<{ n: number }>('SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations');
    return { applied: rows[0]?.n ?? 0, expected };
  } catch {
    return { applied: 0, expected };
  }
}

/**
 * When no DATABASE_APP_URL is given, Grip manages the app role itself: it lets `grip_app` log in with the
 * generated password from DATA_DIR and returns the owner URL with that user. The owner needs CREATEROLE (or to
 * be the role's creator) for this; otherwise give DATABASE_APP_URL for a login role that is a member of grip_app.
 */
export async function prepareAppRoleUrl(ownerUrl: string, password: string): Promise<string> {
  const client = new pg.Client({ connectionString: ownerUrl, application_name: 'grip-migrate' });
  await client.connect();
  try {
    await client.query(`ALTER ROLE ${APP_ROLE} WITH LOGIN PASSWORD ${client.escapeLiteral(password)}`);
  } finally {
    await client.end();
  }
  const u = new URL(ownerUrl);
  u.username = APP_ROLE;
  u.password = encodeURIComponent(password);
  return u.toString();
}
