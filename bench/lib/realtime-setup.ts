// Bench data for the realtime scenario: workspaces whose members hold every kind of ticket access (all, own,
// none), a guest from the neighbouring workspace in each, customers and tickets spread over the assignees.
// Written straight into Grip's tables as the owner (under each workspace's tenant context), as the seed does.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { insertBuiltinRoles } from '../../apps/server/src/modules/access/access.service.ts';
import { hashPassword } from '../../apps/server/src/modules/identity/identity.service.ts';
import { setUpTickets } from '../../apps/server/src/modules/tickets/pipelines.service.ts';

/**
 * What a member may see of tickets, which is what the harness expects to be sent:
 * `all` every ticket of the workspace, `own` only tickets assigned to them, `none` no ticket at all.
 */
export type TicketAccess = 'all' | 'own' | 'none';

export interface BenchMember {
  userId: string;
  email: string;
  role: string;
  access: TicketAccess;
  /** A member of another workspace too (the harness checks that workspace's events never reach them here). */
  guest: boolean;
}

export interface BenchTicket {
  id: string;
  workspace: number;
  assigneeId: string | null;
  customerId: string;
}

export interface BenchWorkspace {
  index: number;
  id: string;
  slug: string;
  /** The owner first; the owner's clients sign in with an access token, everyone else with a session cookie. */
  members: BenchMember[];
  customerIds: string[];
}

export interface RealtimeData {
  workspaces: BenchWorkspace[];
  tickets: BenchTicket[];
  password: string;
}

/** Home members per workspace by built-in or custom role, and what they may see of tickets. */
const HOME_MEMBERS: ReadonlyArray<{ role: string; count: number; access: TicketAccess }> = [
  { role: 'owner', count: 1, access: 'all' },
  { role: 'manager', count: 2, access: 'all' },
  { role: 'agent', count: 8, access: 'all' },
  { role: 'viewer', count: 3, access: 'all' },
  { role: 'tickets-own', count: 6, access: 'own' },
  { role: 'crm-only', count: 3, access: 'none' },
];
/** Agents of the previous workspace who are also viewers here. */
const GUESTS = 2;
/** Tickets go round these assignees in turn: every agent and own-scope member, a manager, and nobody. */
const ASSIGNEE_ROLES = new Set(['agent', 'tickets-own', 'manager']);
const CUSTOMERS_PER_WORKSPACE = 50;

/** Custom roles: a member who sees only their assigned tickets, and one who sees customers but no tickets. */
const CUSTOM_ROLES = [
  { key: 'tickets-own', name: 'Own tickets', permissions: { 'workspace:read': 'all', 'tickets:read': 'own', 'tickets:update': 'own' } },
  { key: 'crm-only', name: 'CRM only', permissions: { 'workspace:read': 'all', 'customers:read': 'all' } },
] as const;

export async function seedRealtimeData(
  client: pg.Client,
  opts: { workspaces: number; tickets: number; password: string; adminId: string },
): Promise<RealtimeData> {
  const hash = await hashPassword(opts.password);
  const workspaces: BenchWorkspace[] = [];
  const tickets: BenchTicket[] = [];
  const perWorkspace = Math.ceil(opts.tickets / opts.workspaces);

  for (let w = 0; w < opts.workspaces; w++) {
    const id = randomUUID();
    const slug = `rt-${w}`;
    await client.query("SELECT set_config('app.workspace_id', $1, false)", [id]);
    await client.query('INSERT INTO workspaces (id, slug, name, created_by) VALUES ($1, $2, $3, $4)', [id, slug, `Realtime ${w}`, opts.adminId]);
    const roleIds = await insertBuiltinRoles(client, id);
    for (const r of CUSTOM_ROLES) {
      const { rows } = await client.query<{ id: string }>(
        'INSERT INTO roles (workspace_id, key, name, permissions) VALUES ($1, $2, $3, $4) RETURNING id',
        [id, r.key, r.name, JSON.stringify(r.permissions)],
      );
      roleIds[r.key] = rows[0]!.id;
    }
    await setUpTickets(client, id);
    const members: BenchMember[] = [];
    for (const spec of HOME_MEMBERS) {
      for (let i = 0; i < spec.count; i++) {
        const email = `rt-${w}-${spec.role}-${i}@bench.grip.local`;
        const userId = await insertUser(client, email, hash);
        await client.query('INSERT INTO memberships (workspace_id, user_id, role_id) VALUES ($1, $2, $3)', [id, userId, roleIds[spec.role]]);
        members.push({ userId, email, role: spec.role, access: spec.access, guest: false });
      }
    }
    const { rows: customers } = await client.query<{ id: string }>(
      `INSERT INTO customers (workspace_id, kind, name, email, status)
       SELECT $1, 'person', 'Customer ' || n, 'customer-' || n || '@ws' || $2 || '.bench.grip.local', 'active' FROM generate_series(1, $3::int) n RETURNING id`,
      [id, w, CUSTOMERS_PER_WORKSPACE],
    );
    workspaces.push({ index: w, id, slug, members, customerIds: customers.map((c) => c.id) });
  }

  // Guests: the first agents of workspace w-1 are viewers of workspace w as well.
  for (const ws of workspaces) {
    const previous = workspaces[(ws.index + workspaces.length - 1) % workspaces.length]!;
    if (previous === ws) break;
    await client.query("SELECT set_config('app.workspace_id', $1, false)", [ws.id]);
    const guests = previous.members.filter((m) => m.role === 'agent').slice(0, GUESTS);
    for (const g of guests) {
      await client.query(
        "INSERT INTO memberships (workspace_id, user_id, role_id) SELECT $1, $2, id FROM roles WHERE workspace_id = $1 AND key = 'viewer'",
        [ws.id, g.userId],
      );
      ws.members.push({ ...g, role: 'viewer', access: 'all', guest: true });
    }
  }

  for (const ws of workspaces) {
    await client.query("SELECT set_config('app.workspace_id', $1, false)", [ws.id]);
    const assignees = [...ws.members.filter((m) => !m.guest && ASSIGNEE_ROLES.has(m.role)).map((m) => m.userId), null];
    const owner = ws.members[0]!;
    const { rows } = await client.query<{ id: string; assigneeId: string | null; customerId: string }>(
      `INSERT INTO tickets (workspace_id, number, title, customer_id, pipeline_id, stage_id, priority, assignee_id, due_at, created_by)
       SELECT $1, 1000 + n, 'Realtime bench ticket ' || n, ($2::uuid[])[1 + n % cardinality($2::uuid[])], p.id, s.id, 'normal',
              ($3::uuid[])[1 + n % cardinality($3::uuid[])], now() + interval '30 days', $4
         FROM generate_series(1, $5::int) n
         JOIN pipelines p ON p.workspace_id = $1 AND p.is_default
         JOIN LATERAL (SELECT id FROM pipeline_stages WHERE workspace_id = $1 AND pipeline_id = p.id ORDER BY position LIMIT 1) s ON true
       RETURNING id, assignee_id AS "assigneeId", customer_id AS "customerId"`,
      [ws.id, ws.customerIds, assignees, owner.userId, perWorkspace],
    );
    await client.query('UPDATE ticket_settings SET next_number = $2 WHERE workspace_id = $1', [ws.id, 1001 + perWorkspace]);
    for (const t of rows) tickets.push({ ...t, workspace: ws.index });
  }
  await client.query("SELECT set_config('app.workspace_id', '', false)");
  return { workspaces, tickets, password: opts.password };
}

/** A verified user with a password account (the same hash for all: one argon2 run, not hundreds). */
async function insertUser(client: pg.Client, email: string, passwordHash: string): Promise<string> {
  const { rows } = await client.query<{ id: string }>('INSERT INTO users (name, email, email_verified) VALUES ($1, $2, true) RETURNING id', [
    email.split('@')[0],
    email,
  ]);
  const userId = rows[0]!.id;
  await client.query("INSERT INTO accounts (user_id, account_id, provider_id, password) VALUES ($1, $2, 'credential', $3)", [userId, userId, passwordHash]);
  return userId;
}
