import { createRequire } from 'node:module';
import pg from 'pg';
import { drizzleFor, type Database } from './client.ts';

/** Who a piece of request work runs for. Row-level security policies read these settings. */
export interface TenantContext {
  workspaceId: string;
  userId?: string | null;
  /** Set for portal users: the customer record they act as. */
  customerId?: string | null;
}

export interface TenantTx {
  db: Database;
  client: pg.PoolClient;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function literal(name: string, value: string | null | undefined): string {
  if (value != null && !UUID.test(value)) throw new Error(`withTenant: ${name} must be a UUID`);
  return pg.Client.prototype.escapeLiteral(value ?? '');
}

/**
 * Runs `fn` in one transaction on the app pool with `app.workspace_id`, `app.user_id` and `app.customer_id`
 * set for that transaction only. BEGIN and the settings travel in one round trip (the values are validated
 * UUIDs, so inlining them is safe); the transaction commits when `fn` resolves and rolls back when it throws.
 */
export async function withTenant<T>(pool: pg.Pool, ctx: TenantContext, fn: (tx: TenantTx) => Promise<T>): Promise<T> {
  const settings =
    `BEGIN; SELECT set_config('app.workspace_id', ${literal('workspaceId', ctx.workspaceId)}, true),` +
    ` set_config('app.user_id', ${literal('userId', ctx.userId)}, true),` +
    ` set_config('app.customer_id', ${literal('customerId', ctx.customerId)}, true)`;
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query(settings);
    const result = await fn({ db: drizzleFor(client), client });
    await client.query('COMMIT');
    return result;
  } catch (err) {
    try {
      await client.query('ROLLBACK');
    } catch {
      broken = true;
    }
    throw err;
  } finally {
    client.release(broken);
  }
}

// node-postgres's own parameter serialisation, so inlined values read exactly as bound parameters would.
const { prepareValue } = createRequire(import.meta.url)('pg/lib/utils.js') as { prepareValue: (v: unknown) => string | null };

/** `text` with `$1…$n` replaced by escaped literals (our SQL never has `$n` inside string constants). */
export function inlineParams(text: string, params: readonly unknown[]): string {
  return text.replace(/\$(\d+)/g, (_, n: string) => {
    const i = Number(n) - 1;
    if (i < 0 || i >= params.length) throw new Error(`inlineParams: $${n} has no value`);
    const v = prepareValue(params[i]);
    return v === null ? 'NULL' : pg.Client.prototype.escapeLiteral(v);
  });
}

/**
 * A read in ONE round trip: the tenant settings and the query travel as one simple-protocol message, which
 * PostgreSQL runs as one implicit transaction, so `set_config(..., true)` holds for exactly that query.
 * The hot read paths (detail, list, search) use this; writes use withTenant.
 */
export async function tenantQuery<R extends pg.QueryResultRow = pg.QueryResultRow>(
  pool: pg.Pool,
  ctx: TenantContext,
  text: string,
  params: readonly unknown[] = [],
): Promise<R[]> {
  const sql =
    `SELECT set_config('app.workspace_id', ${literal('workspaceId', ctx.workspaceId)}, true),` +
    ` set_config('app.user_id', ${literal('userId', ctx.userId)}, true),` +
    ` set_config('app.customer_id', ${literal('customerId', ctx.customerId)}, true); ` +
    inlineParams(text, params);
  const results = (await pool.query(sql)) as unknown as pg.QueryResult<R>[];
  return results[1]!.rows;
}
