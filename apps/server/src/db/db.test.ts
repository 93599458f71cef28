import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import fc from 'fast-check';
import { createTestDatabase, type TestDatabase } from '../../test/helpers.ts';
import { createPool } from './client.ts';
import { APP_ROLE, expectedMigrationCount, migrationStatus, runMigrations } from './migrate.ts';
import { withTenant } from './tenant.ts';

describe('database roles, migrations and withTenant', () => {
  let db: TestDatabase;
  let owner: pg.Pool;
  let app: pg.Pool;

  beforeAll(async () => {
    db = await createTestDatabase();
    owner = createPool(db.ownerUrl, 3, 'test-owner');
    app = createPool(db.appUrl, 3, 'test-app');
    // A tenant table shaped the way every tenant table is: RLS enabled AND forced, policy on app_workspace_id().
    await owner.query(`
      CREATE TABLE probe_notes (
        workspace_id uuid NOT NULL, id uuid NOT NULL DEFAULT gen_random_uuid(), body text NOT NULL,
        PRIMARY KEY (workspace_id, id));
      ALTER TABLE probe_notes ENABLE ROW LEVEL SECURITY;
      ALTER TABLE probe_notes FORCE ROW LEVEL SECURITY;
      CREATE POLICY tenant ON probe_notes USING (workspace_id = app_workspace_id())
        WITH CHECK (workspace_id = app_workspace_id());
      GRANT SELECT, INSERT, UPDATE, DELETE ON probe_notes TO ${APP_ROLE};`);
  });
  afterAll(async () => {
    await app.end();
    await owner.end();
    await db.drop();
  });

  it('the app role is not superuser, cannot bypass RLS, and owns nothing', async () => {
    const { rows } = await owner.query(
      'SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = $1',
      [APP_ROLE],
    );
    expect(rows[0]).toEqual({ rolsuper: false, rolbypassrls: false, rolcreaterole: false, rolcreatedb: false });
    const owned = await owner.query(
      `SELECT c.relname FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner
        WHERE r.rolname = $1`,
      [APP_ROLE],
    );
    expect(owned.rows).toEqual([]);
    const who = await app.query('SELECT current_user AS u');
    expect(who.rows[0].u).toBe(APP_ROLE);
  });

  it('when a tenant context is set, then only that workspace’s rows are visible and writable', async () => {
    const a = randomUUID();
    const b = randomUUID();
    await withTenant(app, { workspaceId: a }, ({ client }) => client.query("INSERT INTO probe_notes (workspace_id, body) VALUES ($1, 'a1')", [a]));
    await withTenant(app, { workspaceId: b }, ({ client }) => client.query("INSERT INTO probe_notes (workspace_id, body) VALUES ($1, 'b1')", [b]));

    const seenByA = await withTenant(app, { workspaceId: a }, ({ client }) => client.query('SELECT body FROM probe_notes'));
    expect(seenByA.rows).toEqual([{ body: 'a1' }]);

    // Writing into another workspace is refused by the policy's WITH CHECK.
    await expect(
      withTenant(app, { workspaceId: a }, ({ client }) => client.query("INSERT INTO probe_notes (workspace_id, body) VALUES ($1, 'sneaky')", [b])),
    ).rejects.toThrow(/row-level security/);

    // A query without any tenant context sees nothing at all.
    const bare = await app.query('SELECT count(*)::int AS n FROM probe_notes');
    expect(bare.rows[0].n).toBe(0);
  });

  it('when the work throws, then everything it wrote is rolled back', async () => {
    const ws = randomUUID();
    await expect(
      withTenant(app, { workspaceId: ws }, async ({ client }) => {
        await client.query("INSERT INTO probe_notes (workspace_id, body) VALUES ($1, 'half')", [ws]);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const after = await withTenant(app, { workspaceId: ws }, ({ client }) => client.query('SELECT 1 FROM probe_notes'));
    expect(after.rowCount).toBe(0);
  });

  it('the settings are local to the transaction: a pooled connection reused afterwards carries none', async () => {
    const ws = randomUUID();
    const user = randomUUID();
    const inside = await withTenant(app, { workspaceId: ws, userId: user }, ({ client }) =>
      client.query('SELECT app_workspace_id() AS w, app_user_id() AS u, app_customer_id() AS c'),
    );
    expect(inside.rows[0]).toEqual({ w: ws, u: user, c: null });
    // The pool has at most 3 clients: run enough plain queries to reuse the one above.
    for (let i = 0; i < 6; i++) {
      const { rows } = await app.query('SELECT app_workspace_id() AS w, app_user_id() AS u');
      expect(rows[0]).toEqual({ w: null, u: null });
    }
  });

  it('property: any context value that is not a UUID is refused before it reaches SQL', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string().filter((s) => !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s)),
        async (s) => {
          await expect(withTenant(app, { workspaceId: s }, async () => 1)).rejects.toThrow(/must be a UUID/);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('migrations are recorded, idempotent, and safe when two processes run them at once', async () => {
    expect(await migrationStatus(owner)).toEqual({ applied: expectedMigrationCount(), expected: expectedMigrationCount() });
    await Promise.all([runMigrations(db.ownerUrl), runMigrations(db.ownerUrl)]);
    expect(await migrationStatus(owner)).toEqual({ applied: expectedMigrationCount(), expected: expectedMigrationCount() });
  });

  it('the extensions the schema relies on are installed', async () => {
    const { rows } = await owner.query("SELECT extname FROM pg_extension WHERE extname IN ('pg_trgm','citext','unaccent') ORDER BY 1");
    expect(rows.map((r) => r.extname)).toEqual(['citext', 'pg_trgm', 'unaccent']);
  });
});

describe('migrating an empty database', () => {
  it('when a brand-new database is migrated, then every shipped migration is applied', async () => {
    const template = await createTestDatabase();
    const url = new URL(template.ownerUrl);
    const fresh = `${template.name}_fresh`;
    const admin = new pg.Client({ connectionString: template.ownerUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${fresh}`);
    url.pathname = `/${fresh}`;
    try {
      await runMigrations(url.toString());
      const pool = createPool(url.toString(), 1, 'test');
      expect(await migrationStatus(pool)).toEqual({ applied: expectedMigrationCount(), expected: expectedMigrationCount() });
      await pool.end();
    } finally {
      await admin.query(`DROP DATABASE ${fresh} WITH (FORCE)`);
      await admin.end();
      await template.drop();
    }
  });
});
