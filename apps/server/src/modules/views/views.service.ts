import type pg from 'pg';
import type { z } from 'zod';
import type { Grants } from '@grip/contracts/access';
import type { createViewBody, updateViewBody, viewStateSchema } from '@grip/contracts/customers';
import { customerFilterSchema, type LastView, type SavedView } from '@grip/contracts/customers';
import { tenantRead, withTenant, type TenantContext } from '../../db/tenant.ts';
import { AppError, notFound } from '../../plugins/errors.ts';
import { fieldError } from '../../lib/cursor.ts';

type Caller = TenantContext & { userId: string };
type Resource = SavedView['resource'];
type State = z.output<typeof viewStateSchema>;

const READ_PERMISSION = { customers: 'customers:read', policies: 'policies:read', tickets: 'tickets:read' } as const;
const MAX_VIEWS_PER_USER = 100;

/** A user sees the views of a list only if they may read that list. */
function assertCanRead(grants: Grants, resource: Resource) {
  if (!grants[READ_PERMISSION[resource]]) throw new AppError('forbidden', `Your role does not allow ${READ_PERMISSION[resource]}`, 403, { permission: READ_PERMISSION[resource] });
}

function checkState(resource: Resource, state: State, field: string) {
  if (resource !== 'customers') return;
  const parsed = customerFilterSchema.safeParse(state.filter);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw fieldError('validation_failed', 400, `${field}.filter.${issue.path.join('.')}`, issue.message);
  }
}

const COLUMNS = `v.id, v.resource, v.name, v.shared, v.state, v.owner_id AS "ownerId", u.name AS "ownerName", u.email AS "ownerEmail", v.updated_at AS "updatedAt"`;
const toView = (r: Record<string, unknown>, userId: string): SavedView => ({
  id: r.id as string,
  resource: r.resource as Resource,
  name: r.name as string,
  shared: r.shared as boolean,
  state: r.state as State,
  owner: r.ownerId ? { id: r.ownerId as string, name: (r.ownerName as string) ?? '', email: (r.ownerEmail as string) ?? '' } : null,
  mine: r.ownerId === userId,
  updatedAt: new Date(r.updatedAt as string).toISOString(),
});

export async function listViews(pool: pg.Pool, caller: Caller, grants: Grants, resource: Resource) {
  assertCanRead(grants, resource);
  const rows = await tenantRead(
    pool,
    caller,
    `SELECT ${COLUMNS} FROM saved_views v LEFT JOIN users u ON u.id = v.owner_id
      WHERE v.workspace_id = $1 AND v.resource = $2 AND (v.owner_id = $3 OR v.shared)
      ORDER BY v.shared, lower(v.name), v.id LIMIT 200`,
    [caller.workspaceId, resource, caller.userId],
  );
  return { items: rows.map((r) => toView(r, caller.userId)) };
}

async function findView(client: Pick<pg.PoolClient, 'query'>, caller: Caller, id: string) {
  const { rows } = await client.query(
    `SELECT ${COLUMNS} FROM saved_views v LEFT JOIN users u ON u.id = v.owner_id WHERE v.workspace_id = $1 AND v.id = $2 AND (v.owner_id = $3 OR v.shared)`,
    [caller.workspaceId, id, caller.userId],
  );
  return rows[0];
}

export async function createView(pool: pg.Pool, caller: Caller, grants: Grants, input: z.output<typeof createViewBody>) {
  assertCanRead(grants, input.resource);
  if (input.shared && !grants['views:share']) throw fieldError('forbidden', 403, 'body.shared', 'your role does not allow sharing views (views:share)');
  checkState(input.resource, input.state, 'body.state');
  return withTenant(pool, caller, async ({ client }) => {
    const { rows: n } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM saved_views WHERE workspace_id = $1 AND owner_id = $2', [caller.workspaceId, caller.userId]);
    if (n[0]!.n >= MAX_VIEWS_PER_USER) throw new AppError('too_many_views', `You can keep at most ${MAX_VIEWS_PER_USER} saved views`, 409);
    const { rows } = await client.query<{ id: string }>(
      'INSERT INTO saved_views (workspace_id, resource, name, owner_id, shared, state) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
      [caller.workspaceId, input.resource, input.name, caller.userId, input.shared, JSON.stringify(input.state)],
    );
    return toView(await findView(client, caller, rows[0]!.id), caller.userId);
  });
}

/** Only the owner changes a view; sharing needs views:share. */
export async function updateView(pool: pg.Pool, caller: Caller, grants: Grants, id: string, input: z.output<typeof updateViewBody>) {
  return withTenant(pool, caller, async ({ client }) => {
    const found = await findView(client, caller, id);
    if (!found) throw notFound('View');
    if (found.ownerId !== caller.userId) throw new AppError('forbidden', 'Only the person who saved this view can change it', 403);
    if (input.shared && !grants['views:share']) throw fieldError('forbidden', 403, 'body.shared', 'your role does not allow sharing views (views:share)');
    if (input.state) checkState(found.resource, input.state, 'body.state');
    await client.query(
      'UPDATE saved_views SET name = coalesce($3, name), shared = coalesce($4, shared), state = coalesce($5, state), updated_at = now() WHERE workspace_id = $1 AND id = $2',
      [caller.workspaceId, id, input.name ?? null, input.shared ?? null, input.state ? JSON.stringify(input.state) : null],
    );
    return toView(await findView(client, caller, id), caller.userId);
  });
}

/** The owner deletes their view; a shared view may also be removed by someone allowed to share views. */
export async function deleteView(pool: pg.Pool, caller: Caller, grants: Grants, id: string) {
  await withTenant(pool, caller, async ({ client }) => {
    const found = await findView(client, caller, id);
    if (!found) throw notFound('View');
    if (found.ownerId !== caller.userId && !(found.shared && grants['views:share'])) throw new AppError('forbidden', 'Only the person who saved this view can delete it', 403);
    await client.query('DELETE FROM saved_views WHERE workspace_id = $1 AND id = $2', [caller.workspaceId, id]);
  });
}

export async function getLastView(pool: pg.Pool, caller: Caller, grants: Grants, resource: Resource): Promise<LastView> {
  assertCanRead(grants, resource);
  const rows = await tenantRead(
    pool,
    caller,
    `SELECT l.view_id AS "viewId", l.state FROM last_views l
      WHERE l.workspace_id = $1 AND l.user_id = $2 AND l.resource = $3`,
    [caller.workspaceId, caller.userId, resource],
  );
  return rows[0] ? { viewId: rows[0].viewId, state: rows[0].state } : { viewId: null, state: null };
}

export async function putLastView(pool: pg.Pool, caller: Caller, grants: Grants, input: { resource: Resource; viewId: string | null; state: State | null }) {
  assertCanRead(grants, input.resource);
  if (input.state) checkState(input.resource, input.state, 'body.state');
  return withTenant(pool, caller, async ({ client }) => {
    if (input.viewId && !(await findView(client, caller, input.viewId))) throw fieldError('validation_failed', 400, 'body.viewId', 'is not a view you can see');
    await client.query(
      `INSERT INTO last_views (workspace_id, user_id, resource, view_id, state) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (workspace_id, user_id, resource) DO UPDATE SET view_id = excluded.view_id, state = excluded.state, updated_at = now()`,
      [caller.workspaceId, caller.userId, input.resource, input.viewId, input.state ? JSON.stringify(input.state) : null],
    );
    return { viewId: input.viewId, state: input.state };
  });
}
