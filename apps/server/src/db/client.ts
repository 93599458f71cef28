import pg from 'pg';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import * as schema from './schema/index.ts';

export type Database = NodePgDatabase<typeof schema>;
export { schema };

export function createPool(connectionString: string, max: number, applicationName: string): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, application_name: applicationName, idleTimeoutMillis: 30_000 });
  // A client that loses its server (restart, failover) must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

// Schema properties are camelCase, columns snake_case (as drizzle-kit generated them).
export const drizzleFor = (client: pg.Pool | pg.PoolClient | pg.Client): Database => drizzle({ client, schema, casing: 'snake_case' });

/** Replaces the database name in a PostgreSQL URL. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Creates the database if it does not exist (connecting to the maintenance database of the same server). */
export async function ensureDatabase(serverUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`);
  } catch (err) {
    // Two processes racing to create it: the other one won.
    if ((err as { code?: string }).code !== '42P04') throw err;
  } finally {
    await client.end();
  }
}

/** A clear one-line reason for a failed connection, instead of a stack trace. */
export function describeConnectionError(err: unknown, url: string): string {
  const u = new URL(url);
  const where = `${u.hostname}:${u.port || 5432}${u.pathname}`;
  const e = err as { code?: string; message?: string };
  switch (e.code) {
    case 'ECONNREFUSED':
      return `DATABASE_URL: nothing accepts connections at ${where} (is PostgreSQL running?)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `DATABASE_URL: the host ${u.hostname} cannot be resolved`;
    case 'ETIMEDOUT':
      return `DATABASE_URL: connecting to ${where} timed out`;
    case '28P01':
    case '28000':
      return `DATABASE_URL: PostgreSQL at ${where} refused the credentials for user "${decodeURIComponent(u.username)}"`;
    case '3D000':
      return `DATABASE_URL: the database ${u.pathname.slice(1)} does not exist at ${u.hostname}:${u.port || 5432}`;
    default:
      return `DATABASE_URL: cannot use ${where}: ${e.message ?? String(err)}`;
  }
}
