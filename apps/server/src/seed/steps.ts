import { insertBuiltinRoles } from '../modules/access/access.service.ts';
import { ensureInitialAdmin } from '../modules/admin/admin.service.ts';
import type { SeedStep } from './seed.ts';

const DEMO_SLUG = 'demo';

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
      if (admin.rows[0]) await client.query('INSERT INTO memberships (workspace_id, user_id, role_id) VALUES ($1, $2, $3)', [workspaceId, admin.rows[0].id, roles.owner]);
      return [`Demo workspace:    /w/${DEMO_SLUG} (the admin is its owner)`];
    },
  },
];
