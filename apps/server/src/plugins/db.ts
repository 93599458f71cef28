import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type pg from 'pg';
import { createPool } from '../db/client.ts';
import type { DatabaseUrls } from '../db/open.ts';
import { registerReadPool, withTenant, type TenantContext, type TenantTx } from '../db/tenant.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: {
      /** The RLS-bound app role's pool; request work goes through withTenant (writes) and tenantRead (reads). */
      app: pg.Pool;
      /** The app role's connections reserved for tenantRead (decision 006); never borrowed directly. */
      read: pg.Pool;
      /** The owner's pool: jobs, maintenance, health. Never for request data. */
      owner: pg.Pool;
    };
    withTenant: <T>(ctx: TenantContext, fn: (tx: TenantTx) => Promise<T>) => Promise<T>;
  }
}

export default fp(
  async function dbPlugin(app: FastifyInstance, opts: { database: DatabaseUrls; poolMax: number }) {
    const pools = {
      app: createPool(opts.database.appUrl, opts.poolMax, 'grip-app'),
      owner: createPool(opts.database.ownerUrl, 4, 'grip-owner'),
      read: createPool(opts.database.appUrl, opts.poolMax, 'grip-read'),
    };
    registerReadPool(pools.app, pools.read);
    app.decorate('db', pools);
    app.decorate('withTenant', <T>(ctx: TenantContext, fn: (tx: TenantTx) => Promise<T>) => withTenant(pools.app, ctx, fn));
    app.addHook('onClose', async () => {
      await Promise.all([pools.app.end(), pools.owner.end(), pools.read.end()]);
    });
  },
  { name: 'db' },
);
