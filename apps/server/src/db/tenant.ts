import { createHash } from 'node:crypto';
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

const readPools = new WeakMap<pg.Pool, pg.Pool>();
/** The context each read-pool connection currently holds (`workspace|user|customer`). */
const heldContext = new WeakMap<pg.PoolClient, string>();

/** Pairs the app pool with a pool reserved for tenantRead (see there); the db plugin does this at start. */
export function registerReadPool(appPool: pg.Pool, readPool: pg.Pool): void {
  readPools.set(appPool, readPool);
}

/**
 * A single-statement read for a tenant, in one round trip when possible.
 *
 * Its connections come from a pool that nothing else uses, and keep their tenant settings (session-level)
 * between reads: a read whose context equals what the connection holds runs at once — one round trip, and with
 * `prepare` a statement parsed and planned once per connection; otherwise the settings are changed first. No
 * other code can borrow these connections, so no query ever runs under a context it did not ask for; a
 * connection that fails is destroyed rather than reused. (Decision 006.) Writes and multi-statement work use
 * withTenant, whose settings last for its transaction only.
 */
export async function tenantRead<R extends pg.QueryResultRow = pg.QueryResultRow>(
  pool: pg.Pool,
  ctx: TenantContext,
  text: string,
  params: readonly unknown[] = [],
  opts: { prepare?: boolean } = {},
): Promise<R[]> {
  const read = readPools.get(pool);
  if (!read) return withTenant(pool, ctx, async ({ client }) => (await client.query<R>(text, params as unknown[])).rows);
  const key = `${ctx.workspaceId}|${ctx.userId ?? ''}|${ctx.customerId ?? ''}`;
  const client = await read.connect();
  try {
    if (heldContext.get(client) !== key) {
      heldContext.delete(client);
      await client.query(
        `SELECT set_config('app.workspace_id', ${literal('workspaceId', ctx.workspaceId)}, false),` +
          ` set_config('app.user_id', ${literal('userId', ctx.userId)}, false),` +
          ` set_config('app.customer_id', ${literal('customerId', ctx.customerId)}, false)`,
      );
      heldContext.set(client, key);
    }
    const { rows } = await client.query<R>(opts.prepare ? { name: statementName(text), text, values: params as unknown[] } : { text, values: params as unknown[] });
    client.release();
    return rows;
  } catch (err) {
    client.release(err instanceof Error ? err : new Error(String(err)));
    throw err;
  }
}

const names = new Map<string, string>();
function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `r_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    names.set(text, name);
  }
  return name;
}
