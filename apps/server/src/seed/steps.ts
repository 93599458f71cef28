import { insertBuiltinRoles } from '../modules/access/access.service.ts';
import { ensureInitialAdmin } from '../modules/admin/admin.service.ts';
import { setUpTickets } from '../modules/tickets/pipelines.service.ts';
import type { SeedStep } from './seed.ts';
import { demoCustomer, demoNotes, demoPolicies } from './demo-crm.ts';
import { seedDemoTickets } from './demo-tickets.ts';

const DEMO_SLUG = 'demo';
const DEMO_CUSTOMERS = 1000;

/** The demo data of every capability, in order. Later capabilities append their steps here. */
export const defaultSeedSteps: SeedStep[] = [
  {
    name: 'platform admin',
    run: ({ client, config }) => ensureInitialAdmin(client, { email: config.adminEmail, password: config.adminPassword, dataDir: config.dataDir }),
  },
  {
    name: 'demo workspace',
    run: async ({ client }) => {
      const existing = await client.query('SELECT 1 FROM workspaces WHERE slug = $1', [DEMO_SLUG]);
      if (existing.rowCount) return [];
      const admin = await client.query<{ id: string }>("SELECT id FROM users WHERE role = 'admin' ORDER BY created_at LIMIT 1");
      const { rows } = await client.query<{ id: string }>("INSERT INTO workspaces (slug, name, created_by) VALUES ($1, 'Demo Insurance', $2) RETURNING id", [DEMO_SLUG, admin.rows[0]?.id ?? null]);
      const workspaceId = rows[0]!.id;
      // The owner role is not a superuser everywhere: tenant rows are written under the tenant context.
      await client.query("SELECT set_config('app.workspace_id', $1, true)", [workspaceId]);
      const roles = await insertBuiltinRoles(client, workspaceId);
      await setUpTickets(client, workspaceId);
      if (admin.rows[0]) await client.query('INSERT INTO memberships (workspace_id, user_id, role_id) VALUES ($1, $2, $3)', [workspaceId, admin.rows[0].id, roles.owner]);
      return [`Demo workspace:    /w/${DEMO_SLUG} (the admin is its owner)`];
    },
  },
  {
    name: 'demo customers, policies and notes',
    run: async ({ client }) => {
      const ws = await client.query<{ id: string; createdBy: string | null }>('SELECT id, created_by AS "createdBy" FROM workspaces WHERE slug = $1', [DEMO_SLUG]);
      const workspace = ws.rows[0];
      if (!workspace) return [];
      await client.query("SELECT set_config('app.workspace_id', $1, true)", [workspace.id]);
      const existing = await client.query('SELECT 1 FROM customers WHERE workspace_id = $1 LIMIT 1', [workspace.id]);
      if (existing.rowCount) return [];
      await client.query(
        `INSERT INTO customer_fields (workspace_id, key, label, type, options, position) VALUES
           ($1, 'tier', 'Tier', 'select', '{gold,silver,bronze}', 0), ($1, 'score', 'Score', 'number', '{}', 1)
         ON CONFLICT DO NOTHING`,
        [workspace.id],
      );
      const customers = Array.from({ length: DEMO_CUSTOMERS }, (_, i) => demoCustomer(i));
      const { rows: ids } = await client.query<{ id: string }>(
        `INSERT INTO customers (workspace_id, kind, name, email, phone, company, address, tags, status, owner_id, custom, created_by, created_at, updated_at)
         SELECT $1, x.kind, x.name, x.email, x.phone, x.company, x.address, array(SELECT jsonb_array_elements_text(x.tags)), x.status, $2, x.custom, $2,
                now() - make_interval(days => x.age), now() - make_interval(days => x.age / 2)
           FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::jsonb[], $9::jsonb[], $10::text[], $11::jsonb[], $12::int[])
                WITH ORDINALITY AS x(kind, name, email, phone, company, address, tags, status, custom, age, ord)
          ORDER BY x.ord RETURNING id`,
        [
          workspace.id,
          workspace.createdBy,
          customers.map((c) => c.kind),
          customers.map((c) => c.name),
          customers.map((c) => c.email),
          customers.map((c) => c.phone),
          customers.map((c) => c.company),
          customers.map((c) => JSON.stringify(c.address)),
          customers.map((c) => JSON.stringify(c.tags)),
          customers.map((c) => c.status),
          customers.map((c) => JSON.stringify(c.custom)),
          customers.map((c) => c.ageDays),
        ],
      );
      const policies = customers.flatMap((c, i) => demoPolicies(i, c).map((p) => ({ ...p, customerId: ids[i]!.id })));
      await client.query(
        `INSERT INTO policies (workspace_id, customer_id, number, product, carrier, premium, currency, start_date, end_date, renewal_date, status, created_by)
         SELECT $1, x.c, x.n, x.p, x.ca, x.pr, x.cu, x.s, x.e, x.r, x.st, $2
           FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::numeric[], $8::text[], $9::date[], $10::date[], $11::date[], $12::text[]) AS x(c, n, p, ca, pr, cu, s, e, r, st)`,
        [
          workspace.id,
          workspace.createdBy,
          policies.map((p) => p.customerId),
          policies.map((p) => p.number),
          policies.map((p) => p.product),
          policies.map((p) => p.carrier),
          policies.map((p) => p.premium),
          policies.map((p) => p.currency),
          policies.map((p) => p.startDate),
          policies.map((p) => p.endDate),
          policies.map((p) => p.renewalDate),
          policies.map((p) => p.status),
        ],
      );
      const notes = customers.flatMap((_, i) => demoNotes(i).map((body) => ({ body, customerId: ids[i]!.id })));
      await client.query(
        `INSERT INTO notes (workspace_id, customer_id, author_id, body) SELECT $1, x.c, $2, x.b FROM unnest($3::uuid[], $4::text[]) AS x(c, b)`,
        [workspace.id, workspace.createdBy, notes.map((n) => n.customerId), notes.map((n) => n.body)],
      );
      return [`Demo data:         ${customers.length} customers, ${policies.length} policies, ${notes.length} notes`];
    },
  },
  {
    name: 'demo tickets',
    run: async ({ client }) => {
      const ws = await client.query<{ id: string }>('SELECT id FROM workspaces WHERE slug = $1', [DEMO_SLUG]);
      const seeded = ws.rows[0] ? await seedDemoTickets(client, ws.rows[0].id) : null;
      return seeded ? [`Demo tickets:      ${seeded.tickets} tickets, ${seeded.messages} messages, ${seeded.transitions} transitions, ${seeded.overdue} overdue`] : [];
    },
  },
];
