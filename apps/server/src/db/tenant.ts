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
