import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createTestApp, type TestApp } from './helpers.ts';
import { addMember, createWorkspace, roleIds, signedInUser } from './identity-helpers.ts';
import { APP_ROLE } from '../src/db/migrate.ts';
import { PLATFORM_WORKSPACE_ID } from '../src/db/schema/audit.ts';

/**
 * Tenant isolation, enforced by PostgreSQL and kept true as the schema grows:
 * - the catalog: every table with a workspace_id column has RLS enabled and forced and real policies;
 * - behaviour: as the app role, a workspace context sees exactly its own rows and nothing of another's;
 * - every policy matters: with any one policy dropped (in a rolled-back transaction), a probe fails.
 */
describe('tenant isolation (row-level security)', () => {
  let t: TestApp;
  let owner: pg.Client;
  let tenantTables: string[];
  const ws: Record<'a' | 'b', { id: string; slug: string; ownerId: string }> = {} as never;
  let both: { id: string };

  beforeAll(async () => {
    t = await createTestApp();
    owner = new pg.Client({ connectionString: t.db.ownerUrl });
    await owner.connect();
    both = await signedInUser(t.app);
    for (const key of ['a', 'b'] as const) {
      const o = await signedInUser(t.app);
      const w = await createWorkspace(t.app, o.cookie);
      ws[key] = { id: w.id, slug: w.slug, ownerId: o.id };
      const roles = await roleIds(t.app, o.cookie, w.slug);
      const h = { cookie: o.cookie };
      await t.app.inject({ method: 'POST', url: `/api/v1/w/${w.slug}/invitations`, headers: h, payload: { email: `invitee-${key}@example.com`, roleId: roles.viewer } });
      await t.app.inject({ method: 'PUT', url: `/api/v1/w/${w.slug}/flags/kyc`, headers: h, payload: { enabled: true } });
      // A row in every CRM table: field, customer, policy, note, view, last view, bulk job with an error row.
      const api = (method: 'POST' | 'PUT', path: string, payload: object) => t.app.inject({ method, url: `/api/v1/w/${w.slug}${path}`, headers: h, payload });
      await api('POST', '/customer-fields', { key: 'tier', label: 'Tier', type: 'text' });
      const customer = (await api('POST', '/customers', { name: `Probe ${key}`, email: `probe-${key}@example.com`, custom: { tier: key } })).json();
      await api('POST', '/policies', { customerId: customer.id, number: `PROBE-${key}`, product: 'Home', premium: 1, currency: 'EUR', startDate: '2026-01-01' });
      await api('POST', `/customers/${customer.id}/notes`, { body: 'probe' });
      const view = (await api('POST', '/views', { resource: 'customers', name: 'Probe', state: { filter: {}, sort: 'name', columns: [] } })).json();
      await api('PUT', '/views/last', { resource: 'customers', viewId: view.id, state: null });
      await api('POST', '/customers/bulk', { selection: { ids: [customer.id, '00000000-0000-4000-8000-000000000000'] }, action: { type: 'addTags', tags: ['probe'] } });
      await addMember(t.app, w.id, both.id, 'agent');
      // And in every tickets table: pipeline, stages, settings (from the workspace), ticket, transition, message,
      // attachment, draft, notification (to the other member) and preferences.
      const ticket = (await api('POST', '/tickets', { customerId: customer.id, title: `Probe ${key}`, priority: 'high', assigneeId: both.id })).json();
      const stages = (await t.app.inject({ url: `/api/v1/w/${w.slug}/pipelines`, headers: h })).json().items[0].stages;
      await api('POST', `/tickets/${ticket.id}/transition`, { stageId: stages[1].id });
      const boundary = 'probe-boundary';
      const file = await t.app.inject({
        method: 'POST',
        url: `/api/v1/w/${w.slug}/tickets/${ticket.id}/attachments`,
        headers: { ...h, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="probe.txt"\r\nContent-Type: text/plain\r\n\r\nprobe\r\n--${boundary}--\r\n`,
      });
      await api('POST', `/tickets/${ticket.id}/messages`, { body: 'probe', attachmentIds: [file.json().id] });
      await api('PUT', `/drafts/ticket-${ticket.id}-reply`, { body: 'probe' });
      await api('PUT', '/notification-preferences', { items: [{ kind: 'ticket_overdue', inApp: true, email: false }] });
    }
    // The data in/out tables (imports, export jobs, schedules, deletion), written directly: their flows have API tests.
    for (const w of Object.values(ws)) {
      await owner.query(
        `WITH i AS (INSERT INTO import_jobs (workspace_id, entity, file_name, format) VALUES ($1, 'customers', 'probe.csv', 'csv') RETURNING id),
              e AS (INSERT INTO import_errors (workspace_id, import_id, row_no, "column", reason) SELECT $1, id, 2, 'email', 'probe' FROM i),
              r AS (INSERT INTO import_records (workspace_id, import_id, record_id, version_after) SELECT $1, id, gen_random_uuid(), 1 FROM i),
              t AS (INSERT INTO import_templates (workspace_id, entity, name, mapping) VALUES ($1, 'customers', 'Probe', '{}')),
              x AS (INSERT INTO export_jobs (workspace_id, entity, format) VALUES ($1, 'customers', 'csv')),
              s AS (INSERT INTO scheduled_exports (workspace_id, name, entity, frequency, time_of_day, recipients)
                    VALUES ($1, 'Probe', 'customers', 'daily', '08:00', '{probe@example.com}') RETURNING id),
              sr AS (INSERT INTO scheduled_export_runs (workspace_id, scheduled_export_id) SELECT $1, id FROM s)
         INSERT INTO workspace_deletions (workspace_id) VALUES ($1)`,
        [w.id],
      );
    }
    const { rows } = await owner.query<{ relname: string }>(
      `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
          AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'workspace_id' AND NOT a.attisdropped)
        ORDER BY 1`,
    );
    tenantTables = rows.map((r) => r.relname);
  });
  afterAll(async () => {
    await owner.end();
    await t.close();
  });

  it('catalog: every table with workspace_id has RLS enabled and forced, and policies that are not USING (true)', async () => {
    expect(tenantTables).toEqual(expect.arrayContaining(['audit_log', 'invitations', 'memberships', 'roles', 'workspace_feature_flags']));
    for (const table of tenantTables) {
      const { rows } = await owner.query(
        `SELECT c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced,
                (SELECT count(*)::int FROM pg_policy p WHERE p.polrelid = c.oid) AS policies
           FROM pg_class c WHERE c.oid = $1::regclass`,
        [table],
      );
      expect(rows[0], table).toEqual({ enabled: true, forced: true, policies: expect.any(Number) });
      expect(rows[0].policies, `${table} has no policy`).toBeGreaterThan(0);
    }
    const { rows: policies } = await owner.query(
      `SELECT c.relname, p.polname, p.polcmd, pg_get_expr(p.polqual, p.polrelid) AS using, pg_get_expr(p.polwithcheck, p.polrelid) AS check
         FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid`,
    );
    for (const p of policies) {
      expect(p.using?.trim(), `${p.relname}.${p.polname}`).not.toBe('true');
      expect(p.check?.trim(), `${p.relname}.${p.polname}`).not.toBe('true');
      // Policies that let rows be written must say which rows may be written.
      if (p.polcmd === '*' || p.polcmd === 'a' || p.polcmd === 'w') expect(p.check, `${p.relname}.${p.polname} has no WITH CHECK`).toBeTruthy();
    }
  });

  it('catalog: no view can bypass row-level security', async () => {
    const { rows } = await owner.query(
      `SELECT c.relname, coalesce(c.reloptions, '{}') AS options FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('v', 'm')`,
    );
    for (const v of rows) expect(v.options, `view ${v.relname} must be security_invoker`).toContain('security_invoker=true');
  });

  it('the app role owns no table and cannot bypass RLS', async () => {
    const { rows } = await owner.query('SELECT rolbypassrls, rolsuper FROM pg_roles WHERE rolname = $1', [APP_ROLE]);
    expect(rows[0]).toEqual({ rolbypassrls: false, rolsuper: false });
    const owned = await owner.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public' AND tableowner = $1`, [APP_ROLE]);
    expect(owned.rows[0].n).toBe(0);
  });

  /** Runs every isolation probe as the app role inside the caller's transaction; returns the names that failed. */
  async function failingProbes(client: pg.Client): Promise<string[]> {
    const failed: string[] = [];
    const truth = new Map<string, number>();
    for (const table of tenantTables) {
      for (const w of Object.values(ws)) {
        const { rows } = await client.query(`SELECT count(*)::int AS n FROM ${pg.escapeIdentifier(table)} WHERE workspace_id = $1`, [w.id]);
        truth.set(`${table}:${w.id}`, rows[0].n);
      }
    }
    await client.query(`SET LOCAL ROLE ${APP_ROLE}`);
    const context = async (workspaceId: string, userId: string) => {
      await client.query("SELECT set_config('app.workspace_id', $1, true), set_config('app.user_id', $2, true)", [workspaceId, userId]);
    };
    for (const table of tenantTables) {
      for (const [key, w] of Object.entries(ws)) {
        await context(w.id, w.ownerId);
        const { rows } = await client.query(
          `SELECT count(*) FILTER (WHERE workspace_id = $1)::int AS own, count(*) FILTER (WHERE workspace_id <> $1)::int AS other FROM ${pg.escapeIdentifier(table)}`,
          [w.id],
        );
        if (rows[0].own !== truth.get(`${table}:${w.id}`)) failed.push(`${table}: workspace ${key} sees ${rows[0].own} of its ${truth.get(`${table}:${w.id}`)} rows`);
        if (rows[0].other !== 0) failed.push(`${table}: workspace ${key} sees ${rows[0].other} rows of others`);
      }
    }
    // Writes: a workspace may write its own rows and never another's.
    const writes: Record<string, (target: string) => string> = {
      workspace_feature_flags: (target) => `INSERT INTO workspace_feature_flags (workspace_id, key, enabled) VALUES ('${target}', 'sales', false) ON CONFLICT (workspace_id, key) DO UPDATE SET enabled = NOT workspace_feature_flags.enabled`,
      audit_log: (target) => `INSERT INTO audit_log (workspace_id, action, entity_type) VALUES ('${target}', 'probe', 'probe')`,
      roles: (target) => `INSERT INTO roles (workspace_id, key, name) VALUES ('${target}', 'probe-' || floor(random() * 1e9)::text, 'Probe')`,
      customers: (target) => `INSERT INTO customers (workspace_id, name) VALUES ('${target}', 'Probe')`,
      customer_fields: (target) => `INSERT INTO customer_fields (workspace_id, key, label, type) VALUES ('${target}', 'probe_' || floor(random() * 1e9)::text, 'Probe', 'text')`,
    };
    for (const [table, sql] of Object.entries(writes)) {
      for (const [key, w] of Object.entries(ws)) {
        const other = key === 'a' ? ws.b : ws.a;
        await context(w.id, w.ownerId);
        for (const [target, allowed] of [[w.id, true], [other.id, false]] as const) {
          await client.query('SAVEPOINT probe');
          let ok = true;
          try {
            await client.query(sql(target));
          } catch {
            ok = false;
          }
          await client.query('ROLLBACK TO SAVEPOINT probe');
          if (ok !== allowed) failed.push(`${table}: workspace ${key} ${allowed ? 'cannot write its own' : 'can write another workspace’s'} rows`);
        }
      }
    }
    // A member of both workspaces reads their own memberships, roles and flag overrides across workspaces (/me).
    await context(PLATFORM_WORKSPACE_ID, both.id);
    const cross = await client.query(
      `SELECT (SELECT count(*)::int FROM memberships) AS memberships, (SELECT count(*)::int FROM roles) AS roles,
              (SELECT count(*)::int FROM workspace_feature_flags) AS flags, (SELECT count(*)::int FROM invitations) AS invitations`,
    );
    if (cross.rows[0].memberships !== 2) failed.push(`own memberships across workspaces: ${cross.rows[0].memberships} of 2`);
    if (cross.rows[0].roles !== 2) failed.push(`roles of own memberships: ${cross.rows[0].roles} of 2`);
    if (cross.rows[0].flags !== 2) failed.push(`flag overrides of own workspaces: ${cross.rows[0].flags} of 2`);
    if (cross.rows[0].invitations !== 0) failed.push('invitations leak outside a workspace context');
    await client.query('RESET ROLE');
    return failed;
  }

  it('as the app role, each workspace sees exactly its own rows in every tenant table', async () => {
    await owner.query('BEGIN');
    try {
      expect(await failingProbes(owner)).toEqual([]);
    } finally {
      await owner.query('ROLLBACK');
    }
  });

  it('every policy matters: dropping any one of them makes a probe fail', async () => {
    const { rows: policies } = await owner.query<{ relname: string; polname: string }>(
      `SELECT c.relname, p.polname FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' ORDER BY 1, 2`,
    );
    expect(policies.length).toBeGreaterThanOrEqual(8);
    for (const p of policies) {
      await owner.query('BEGIN');
      try {
        await owner.query(`DROP POLICY ${pg.escapeIdentifier(p.polname)} ON ${pg.escapeIdentifier(p.relname)}`);
        const failed = await failingProbes(owner);
        expect(failed.length, `dropping ${p.relname}.${p.polname} went unnoticed`).toBeGreaterThan(0);
      } finally {
        await owner.query('ROLLBACK');
      }
    }
  });

  it('the audit log is append-only for the app role', async () => {
    await expect(
      t.app.withTenant({ workspaceId: ws.a.id }, ({ client }) => client.query('UPDATE audit_log SET action = $1', ['tampered'])),
    ).rejects.toThrow(/permission denied/);
    await expect(t.app.withTenant({ workspaceId: ws.a.id }, ({ client }) => client.query('DELETE FROM audit_log'))).rejects.toThrow(/permission denied/);
  });
});
