import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type pg from 'pg';
import { z } from 'zod';
import { BUILTIN_ROLE_KEYS, type Grants } from '@grip/contracts/access';
import { withTenant, type TenantContext } from '../../db/tenant.ts';
import { AppError, notFound } from '../../plugins/errors.ts';
import { decodeCursor, fieldError, isTimeIdCursor, toPage } from '../../lib/cursor.ts';
import type { Mailer } from '../../lib/mailer.ts';
import { isUniqueViolation } from '../../lib/pg-errors.ts';
import { recordAudit, type AuditMeta } from '../audit/audit.service.ts';
import { BUILTIN_ROLES } from './builtin-roles.ts';
import { setUpTickets } from '../tickets/tickets.service.ts';
import { findMembership, findWorkspaceBySlug, type WorkspaceRow } from './access.repository.ts';

type Q = Pick<pg.PoolClient, 'query'>;
export const INVITATION_TTL_DAYS = 7;
const MAX_INVITE_SENDS = 5;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const iso = (d: Date) => d.toISOString();

// ───────────────────────── resolution (used by the auth plugin on every workspace route)

export async function resolveAccess(pool: pg.Pool, userId: string, slug: string) {
  const ws = await findWorkspaceBySlug(pool, slug);
  if (!ws) return null;
  const m = await withTenant(pool, { workspaceId: ws.id, userId }, ({ client }) => findMembership(client, ws.id, userId));
  if (!m) return null;
  return {
    workspace: { id: ws.id, slug: ws.slug, name: ws.name, requireTwoFactor: ws.requireTwoFactor, disabledAt: ws.disabledAt },
    membershipId: m.membershipId,
    role: { id: m.roleId, key: m.roleKey, name: m.roleName },
    grants: m.permissions,
  };
}

// ───────────────────────── workspaces

export function slugify(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 32)
    .replace(/-+$/, '');
  return base.length >= 3 ? base : `${base || 'workspace'}-${randomBytes(2).toString('hex')}`;
}

const myWorkspace = (ws: Pick<WorkspaceRow, 'id' | 'slug' | 'name' | 'requireTwoFactor' | 'createdAt'>, role: { id: string; key: string; name: string }, permissions: Grants) => ({
  id: ws.id,
  slug: ws.slug,
  name: ws.name,
  requireTwoFactor: ws.requireTwoFactor,
  createdAt: iso(ws.createdAt),
  role,
  permissions,
});

/** Seeds the built-in roles of a new workspace (inside its tenant transaction). Returns their ids by key. */
export async function insertBuiltinRoles(client: Q, workspaceId: string): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const key of BUILTIN_ROLE_KEYS) {
    const r = BUILTIN_ROLES[key];
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO roles (workspace_id, key, name, description, builtin, permissions) VALUES ($1, $2, $3, $4, true, $5) RETURNING id`,
      [workspaceId, key, r.name, r.description, JSON.stringify(r.permissions)],
    );
    ids[key] = rows[0]!.id;
  }
  return ids;
}

/** Creates a workspace with its built-in roles; the creator becomes its owner. One transaction. */
export async function createWorkspace(pool: pg.Pool, user: { id: string }, input: { name: string; slug?: string }, meta: AuditMeta) {
  for (let attempt = 0; attempt < 5; attempt++) {
    const id = randomUUID();
    const slug = input.slug ?? (attempt === 0 ? slugify(input.name) : `${slugify(input.name).slice(0, 34)}-${randomBytes(2).toString('hex')}`);
    try {
      return await withTenant(pool, { workspaceId: id, userId: user.id }, async ({ client }) => {
        const { rows } = await client.query<WorkspaceRow>(
          `INSERT INTO workspaces (id, slug, name, created_by) VALUES ($1, $2, $3, $4)
           RETURNING id, slug, name, require_two_factor AS "requireTwoFactor", disabled_at AS "disabledAt", created_at AS "createdAt"`,
          [id, slug, input.name, user.id],
        );
        const ws = rows[0]!;
        const roleIds = await insertBuiltinRoles(client, id);
        await setUpTickets(client, id);
        await client.query('INSERT INTO memberships (workspace_id, user_id, role_id) VALUES ($1, $2, $3)', [id, user.id, roleIds.owner]);
        await recordAudit(client, id, meta, { action: 'workspace.created', entityType: 'workspace', entityId: id, after: { slug, name: input.name } });
        return myWorkspace(ws, { id: roleIds.owner!, key: 'owner', name: BUILTIN_ROLES.owner.name }, BUILTIN_ROLES.owner.permissions);
      });
    } catch (err) {
      if (!isUniqueViolation(err, 'workspaces_slug_key')) throw err;
      if (input.slug) throw fieldError('slug_taken', 409, 'body.slug', 'is already used by another workspace');
    }
  }
  throw new AppError('slug_taken', 'Could not find a free slug; choose one', 409);
}

export async function listMyWorkspaces(pool: pg.Pool, userId: string, page: { limit: number; cursor?: string }) {
  const after = decodeCursor(page.cursor, (v): v is [string, string] => v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string');
  return withTenant(pool, { workspaceId: PLATFORM_CONTEXT, userId }, async ({ client }) => {
    const { rows } = await client.query(
      `SELECT w.id, w.slug, w.name, w.require_two_factor AS "requireTwoFactor", w.created_at AS "createdAt",
              r.id AS "roleId", r.key AS "roleKey", r.name AS "roleName", r.permissions
         FROM memberships m
         JOIN workspaces w ON w.id = m.workspace_id AND w.disabled_at IS NULL
         JOIN roles r ON r.workspace_id = m.workspace_id AND r.id = m.role_id
        WHERE m.user_id = $1 AND ($2::text IS NULL OR (lower(w.name), w.id::text) > ($2, $3))
        ORDER BY lower(w.name), w.id LIMIT $4`,
      [userId, after?.[0] ?? null, after?.[1] ?? null, page.limit + 1],
    );
    return toPage(rows.map((r) => myWorkspace(r, { id: r.roleId, key: r.roleKey, name: r.roleName }, r.permissions)), page.limit, (l) => [l.name.toLowerCase(), l.id]);
  });
}

/** Memberships across workspaces are readable by their own user only in a context without a workspace. */
export const PLATFORM_CONTEXT = '00000000-0000-0000-0000-000000000000';

export async function getWorkspace(pool: pg.Pool, ctx: TenantContext, access: { role: { id: string; key: string; name: string }; grants: Grants }) {
  const { rows } = await pool.query<WorkspaceRow>(
    `SELECT id, slug, name, require_two_factor AS "requireTwoFactor", disabled_at AS "disabledAt", created_at AS "createdAt" FROM workspaces WHERE id = $1`,
    [ctx.workspaceId],
  );
  return myWorkspace(rows[0]!, access.role, access.grants);
}

export async function updateWorkspace(
  pool: pg.Pool,
  ctx: TenantContext,
  access: { role: { id: string; key: string; name: string }; grants: Grants },
  input: { name?: string; slug?: string; requireTwoFactor?: boolean },
  meta: AuditMeta,
  actorHasTwoFactor: boolean,
) {
  if (input.requireTwoFactor && !actorHasTwoFactor) {
    // Requiring it without having it would lock the caller out of this very setting.
    throw fieldError('enable_two_factor_first', 409, 'body.requireTwoFactor', 'turn on two-factor authentication for your own account first');
  }
  try {
    return await withTenant(pool, ctx, async ({ client }) => {
      const before = await client.query(`SELECT slug, name, require_two_factor AS "requireTwoFactor" FROM workspaces WHERE id = $1 FOR UPDATE`, [ctx.workspaceId]);
      const { rows } = await client.query<WorkspaceRow>(
        `UPDATE workspaces SET name = coalesce($2, name), slug = coalesce($3, slug), require_two_factor = coalesce($4, require_two_factor), updated_at = now()
          WHERE id = $1
          RETURNING id, slug, name, require_two_factor AS "requireTwoFactor", disabled_at AS "disabledAt", created_at AS "createdAt"`,
        [ctx.workspaceId, input.name ?? null, input.slug ?? null, input.requireTwoFactor ?? null],
      );
      const ws = rows[0]!;
      await recordAudit(client, ctx.workspaceId, meta, {
        action: 'workspace.updated',
        entityType: 'workspace',
        entityId: ctx.workspaceId,
        before: before.rows[0],
        after: { slug: ws.slug, name: ws.name, requireTwoFactor: ws.requireTwoFactor },
      });
      return myWorkspace(ws, access.role, access.grants);
    });
  } catch (err) {
    if (isUniqueViolation(err, 'workspaces_slug_key')) throw fieldError('slug_taken', 409, 'body.slug', 'is already used by another workspace');
    throw err;
  }
}

// ───────────────────────── members

const MEMBER_SELECT = `SELECT m.id, m.user_id AS "userId", u.name, u.email, u.two_factor_enabled AS "twoFactorEnabled", m.created_at AS "createdAt",
              r.id AS "roleId", r.key AS "roleKey", r.name AS "roleName"
         FROM memberships m JOIN users u ON u.id = m.user_id JOIN roles r ON r.workspace_id = m.workspace_id AND r.id = m.role_id`;

const toMember = (r: Record<string, unknown>) => ({
  id: r.id as string,
  userId: r.userId as string,
  name: r.name as string,
  email: r.email as string,
  twoFactorEnabled: r.twoFactorEnabled as boolean,
  createdAt: iso(r.createdAt as Date),
  role: { id: r.roleId as string, key: r.roleKey as string, name: r.roleName as string },
});

export async function listMembers(pool: pg.Pool, ctx: TenantContext, page: { limit: number; cursor?: string }) {
  const after = decodeCursor(page.cursor, isTimeIdCursor);
  return withTenant(pool, ctx, async ({ client }) => {
    const { rows } = await client.query(
      `${MEMBER_SELECT} WHERE m.workspace_id = $1 AND ($2::timestamptz IS NULL OR (m.created_at, m.id) > ($2, $3::uuid))
        ORDER BY m.created_at, m.id LIMIT $4`,
      [ctx.workspaceId, after?.[0] ?? null, after?.[1] ?? null, page.limit + 1],
    );
    return toPage(rows.map(toMember), page.limit, (l) => [l.createdAt, l.id]);
  });
}

/** Locks the owner memberships and refuses a change that would leave the workspace without one. */
async function assertNotLastOwner(client: Q, workspaceId: string, memberId: string) {
  const { rows } = await client.query<{ id: string }>(
    `SELECT m.id FROM memberships m JOIN roles r ON r.workspace_id = m.workspace_id AND r.id = m.role_id
      WHERE m.workspace_id = $1 AND r.key = 'owner' FOR UPDATE OF m`,
    [workspaceId],
  );
  if (rows.length === 1 && rows[0]!.id === memberId) {
    throw new AppError('last_owner', 'A workspace needs at least one owner: make someone else owner first', 409);
  }
}

async function lockMember(client: Q, workspaceId: string, memberId: string) {
  const { rows } = await client.query(`${MEMBER_SELECT} WHERE m.workspace_id = $1 AND m.id = $2 FOR UPDATE OF m`, [workspaceId, memberId]);
  if (!rows[0]) throw notFound('Member');
  return toMember(rows[0]);
}

export async function changeMemberRole(pool: pg.Pool, ctx: TenantContext, memberId: string, roleId: string, meta: AuditMeta) {
  return withTenant(pool, ctx, async ({ client }) => {
    const role = await client.query<{ id: string; key: string; name: string }>('SELECT id, key, name FROM roles WHERE workspace_id = $1 AND id = $2', [ctx.workspaceId, roleId]);
    if (!role.rows[0]) throw fieldError('validation_failed', 400, 'body.roleId', 'is not a role of this workspace');
    const before = await lockMember(client, ctx.workspaceId, memberId);
    if (before.role.key === 'owner' && role.rows[0].key !== 'owner') await assertNotLastOwner(client, ctx.workspaceId, memberId);
    await client.query('UPDATE memberships SET role_id = $3, updated_at = now() WHERE workspace_id = $1 AND id = $2', [ctx.workspaceId, memberId, roleId]);
    await recordAudit(client, ctx.workspaceId, meta, {
      action: 'member.role_changed',
      entityType: 'membership',
      entityId: memberId,
      before: { email: before.email, role: before.role.key },
      after: { email: before.email, role: role.rows[0].key },
    });
    return { ...before, role: role.rows[0] };
  });
}

export async function removeMember(pool: pg.Pool, ctx: TenantContext, memberId: string, meta: AuditMeta) {
  await withTenant(pool, ctx, async ({ client }) => {
    const before = await lockMember(client, ctx.workspaceId, memberId);
    if (before.role.key === 'owner') await assertNotLastOwner(client, ctx.workspaceId, memberId);
    await client.query('DELETE FROM memberships WHERE workspace_id = $1 AND id = $2', [ctx.workspaceId, memberId]);
    await recordAudit(client, ctx.workspaceId, meta, { action: 'member.removed', entityType: 'membership', entityId: memberId, before: { email: before.email, role: before.role.key } });
  });
}

// ───────────────────────── roles

const ROLE_SELECT = `SELECT r.id, r.key, r.name, r.description, r.builtin, r.permissions,
        (SELECT count(*)::int FROM memberships m WHERE m.workspace_id = r.workspace_id AND m.role_id = r.id) AS "memberCount"
   FROM roles r`;

export async function listRoles(pool: pg.Pool, ctx: TenantContext) {
  return withTenant(pool, ctx, async ({ client }) => {
    const { rows } = await client.query(`${ROLE_SELECT} WHERE r.workspace_id = $1 ORDER BY r.builtin DESC, r.created_at, r.id`, [ctx.workspaceId]);
    return { items: rows };
  });
}

export async function createRole(pool: pg.Pool, ctx: TenantContext, input: { key: string; name: string; description: string; permissions: Grants }, meta: AuditMeta) {
  try {
    return await withTenant(pool, ctx, async ({ client }) => {
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO roles (workspace_id, key, name, description, permissions) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [ctx.workspaceId, input.key, input.name, input.description, JSON.stringify(input.permissions)],
      );
      await recordAudit(client, ctx.workspaceId, meta, { action: 'role.created', entityType: 'role', entityId: rows[0]!.id, after: input });
      const r = await client.query(`${ROLE_SELECT} WHERE r.workspace_id = $1 AND r.id = $2`, [ctx.workspaceId, rows[0]!.id]);
      return r.rows[0];
    });
  } catch (err) {
    if (isUniqueViolation(err, 'roles_workspace_key_key')) throw fieldError('role_key_taken', 409, 'body.key', 'is already used by another role');
    throw err;
  }
}

async function lockRole(client: Q, workspaceId: string, roleId: string) {
  const { rows } = await client.query(`${ROLE_SELECT} WHERE r.workspace_id = $1 AND r.id = $2 FOR UPDATE OF r`, [workspaceId, roleId]);
  if (!rows[0]) throw notFound('Role');
  return rows[0] as { id: string; key: string; name: string; description: string; builtin: boolean; permissions: Grants; memberCount: number };
}

export async function updateRole(pool: pg.Pool, ctx: TenantContext, roleId: string, input: { name?: string; description?: string; permissions?: Grants }, meta: AuditMeta) {
  return withTenant(pool, ctx, async ({ client }) => {
    const before = await lockRole(client, ctx.workspaceId, roleId);
    if (before.key === 'owner') throw new AppError('owner_role_locked', 'The owner role always has every permission', 409);
    await client.query(
      `UPDATE roles SET name = coalesce($3, name), description = coalesce($4, description), permissions = coalesce($5, permissions), updated_at = now()
        WHERE workspace_id = $1 AND id = $2`,
      [ctx.workspaceId, roleId, input.name ?? null, input.description ?? null, input.permissions ? JSON.stringify(input.permissions) : null],
    );
    const after = await lockRole(client, ctx.workspaceId, roleId);
    await recordAudit(client, ctx.workspaceId, meta, {
      action: 'role.updated',
      entityType: 'role',
      entityId: roleId,
      before: { name: before.name, permissions: before.permissions },
      after: { name: after.name, permissions: after.permissions },
    });
    return after;
  });
}

export async function deleteRole(pool: pg.Pool, ctx: TenantContext, roleId: string, meta: AuditMeta) {
  await withTenant(pool, ctx, async ({ client }) => {
    const role = await lockRole(client, ctx.workspaceId, roleId);
    if (role.builtin) throw new AppError('builtin_role', 'Built-in roles cannot be deleted', 409);
    const pending = await client.query('SELECT 1 FROM invitations WHERE workspace_id = $1 AND role_id = $2 AND accepted_at IS NULL AND revoked_at IS NULL LIMIT 1', [ctx.workspaceId, roleId]);
    if (role.memberCount > 0 || pending.rowCount) {
      throw new AppError('role_in_use', 'Move the members (and pending invitations) of this role to another role first', 409);
    }
    await client.query('DELETE FROM invitations WHERE workspace_id = $1 AND role_id = $2', [ctx.workspaceId, roleId]);
    await client.query('DELETE FROM roles WHERE workspace_id = $1 AND id = $2', [ctx.workspaceId, roleId]);
    await recordAudit(client, ctx.workspaceId, meta, { action: 'role.deleted', entityType: 'role', entityId: roleId, before: { key: role.key, permissions: role.permissions } });
  });
}

// ───────────────────────── invitations

type InvitationStatus = 'pending' | 'accepted' | 'revoked' | 'expired';
const INVITATION_SELECT = `SELECT i.id, i.email, i.expires_at AS "expiresAt", i.send_count AS "sendCount", i.created_at AS "createdAt",
        i.accepted_at AS "acceptedAt", i.revoked_at AS "revokedAt", i.last_sent_at AS "lastSentAt",
        r.id AS "roleId", r.key AS "roleKey", r.name AS "roleName"
   FROM invitations i JOIN roles r ON r.workspace_id = i.workspace_id AND r.id = i.role_id`;

const statusOf = (r: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date }): InvitationStatus =>
  r.acceptedAt ? 'accepted' : r.revokedAt ? 'revoked' : r.expiresAt.getTime() <= Date.now() ? 'expired' : 'pending';

const toInvitation = (r: Record<string, unknown>) => ({
  id: r.id as string,
  email: r.email as string,
  role: { id: r.roleId as string, key: r.roleKey as string, name: r.roleName as string },
  status: statusOf(r as { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date }),
  expiresAt: iso(r.expiresAt as Date),
  sendCount: r.sendCount as number,
  createdAt: iso(r.createdAt as Date),
});

export async function listInvitations(pool: pg.Pool, ctx: TenantContext, page: { limit: number; cursor?: string }) {
  const after = decodeCursor(page.cursor, isTimeIdCursor);
  return withTenant(pool, ctx, async ({ client }) => {
    const { rows } = await client.query(
      `${INVITATION_SELECT} WHERE i.workspace_id = $1 AND ($2::timestamptz IS NULL OR (i.created_at, i.id) < ($2, $3::uuid))
        ORDER BY i.created_at DESC, i.id DESC LIMIT $4`,
      [ctx.workspaceId, after?.[0] ?? null, after?.[1] ?? null, page.limit + 1],
    );
    return toPage(rows.map(toInvitation), page.limit, (l) => [l.createdAt, l.id]);
  });
}

/** The token is `<workspace id>.<secret>`: the workspace part sets the tenant context; only the secret's hash is stored. */
function newInvitationToken(workspaceId: string) {
  const secret = randomBytes(24).toString('base64url');
  return { token: `${workspaceId}.${secret}`, hash: sha256(secret) };
}

function parseInvitationToken(token: string): { workspaceId: string; hash: string } | null {
  const m = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{20,64})$/i.exec(token);
  return m ? { workspaceId: m[1]!.toLowerCase(), hash: sha256(m[2]!) } : null;
}

export interface InviteDeps {
  pool: pg.Pool;
  mailer: Mailer;
  appUrl: string;
  log: { error: (obj: object, msg: string) => void };
}

function sendInvitation(deps: InviteDeps, to: string, workspaceName: string, inviter: string, token: string) {
  const url = `${deps.appUrl}/invite/${token}`;
  void deps.mailer
    .send({
      to,
      subject: `You are invited to ${workspaceName} on Grip`,
      text: `${inviter} invited you to join ${workspaceName} on Grip.\n\nAccept the invitation: ${url}\n\nThe invitation expires in ${INVITATION_TTL_DAYS} days.`,
    })
    .catch((err: unknown) => deps.log.error({ err }, 'invitation mail failed'));
}

async function workspaceName(client: Q, workspaceId: string) {
  const { rows } = await client.query<{ name: string }>('SELECT name FROM workspaces WHERE id = $1', [workspaceId]);
  return rows[0]?.name ?? 'a workspace';
}

type InviteOutcome = { status: 'invited'; invitation: ReturnType<typeof toInvitation>; token: string } | { status: 'already_member' | 'already_invited' };

/** Inside the tenant transaction: one invitation, or why not. */
async function inviteOne(client: Q, ctx: TenantContext, email: string, roleId: string, meta: AuditMeta): Promise<InviteOutcome> {
  const member = await client.query('SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.workspace_id = $1 AND lower(u.email) = $2', [ctx.workspaceId, email]);
  if (member.rowCount) return { status: 'already_member' };
  // An expired invitation for the same address no longer blocks a new one.
  await client.query(
    `UPDATE invitations SET revoked_at = now() WHERE workspace_id = $1 AND lower(email) = $2 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at <= now()`,
    [ctx.workspaceId, email],
  );
  const { token, hash } = newInvitationToken(ctx.workspaceId);
  const inserted = await client.query<{ id: string }>(
    `INSERT INTO invitations (workspace_id, email, role_id, token_hash, invited_by, expires_at)
     VALUES ($1, $2, $3, $4, $5, now() + make_interval(days => $6))
     ON CONFLICT (workspace_id, lower(email)) WHERE accepted_at IS NULL AND revoked_at IS NULL DO NOTHING
     RETURNING id`,
    [ctx.workspaceId, email, roleId, hash, ctx.userId, INVITATION_TTL_DAYS],
  );
  if (!inserted.rows[0]) return { status: 'already_invited' };
  const { rows } = await client.query(`${INVITATION_SELECT} WHERE i.workspace_id = $1 AND i.id = $2`, [ctx.workspaceId, inserted.rows[0].id]);
  const invitation = toInvitation(rows[0]);
  await recordAudit(client, ctx.workspaceId, meta, { action: 'invitation.created', entityType: 'invitation', entityId: invitation.id, after: { email, role: invitation.role.key } });
  return { status: 'invited', invitation, token };
}

async function roleOrFail(client: Q, workspaceId: string, roleId: string, field: string) {
  const { rows } = await client.query<{ id: string; key: string }>('SELECT id, key FROM roles WHERE workspace_id = $1 AND id = $2', [workspaceId, roleId]);
  if (!rows[0]) throw fieldError('validation_failed', 400, field, 'is not a role of this workspace');
  return rows[0];
}

export async function invite(deps: InviteDeps, ctx: TenantContext, input: { email: string; roleId: string }, meta: AuditMeta) {
  const email = input.email.trim().toLowerCase();
  const { outcome, name } = await withTenant(deps.pool, ctx, async ({ client }) => {
    await roleOrFail(client, ctx.workspaceId, input.roleId, 'body.roleId');
    return { outcome: await inviteOne(client, ctx, email, input.roleId, meta), name: await workspaceName(client, ctx.workspaceId) };
  });
  if (outcome.status !== 'invited') {
    throw outcome.status === 'already_member'
      ? fieldError('already_member', 409, 'body.email', 'is already a member of this workspace')
      : fieldError('already_invited', 409, 'body.email', 'already has a pending invitation');
  }
  sendInvitation(deps, email, name, meta.actorEmail ?? 'A colleague', outcome.token);
  return outcome.invitation;
}

const emailSchema = z.email();

/** Parses pasted addresses or CSV (`email[,role-key]` per line; commas, semicolons, tabs or spaces between addresses). */
export function parseBulkInvites(text: string): Array<{ line: number; email: string; roleKey: string | null }> {
  const out: Array<{ line: number; email: string; roleKey: string | null }> = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const cells = line.split(/[,;\t]/).map((c) => c.trim().replace(/^"|"$/g, ''));
    const looksLikeCsvRow = cells.length === 2 && !cells[1]!.includes('@');
    if (looksLikeCsvRow) {
      if (i === 0 && !cells[0]!.includes('@') && /e-?mail/i.test(cells[0]!)) return; // header row
      out.push({ line: i + 1, email: cells[0]!.toLowerCase(), roleKey: cells[1] || null });
      return;
    }
    for (const cell of line.split(/[\s,;]+/).filter(Boolean)) out.push({ line: i + 1, email: cell.toLowerCase(), roleKey: null });
  });
  return out;
}

export async function bulkInvite(deps: InviteDeps, ctx: TenantContext, input: { text: string; roleId: string }, meta: AuditMeta) {
  const rows = parseBulkInvites(input.text);
  if (rows.length === 0) throw fieldError('validation_failed', 400, 'body.text', 'contains no email address');
  if (rows.length > 1000) throw fieldError('validation_failed', 400, 'body.text', 'has more than 1,000 addresses; split it');
  const sent: Array<{ email: string; token: string }> = [];
  const { results, name } = await withTenant(deps.pool, ctx, async ({ client }) => {
    const defaultRole = await roleOrFail(client, ctx.workspaceId, input.roleId, 'body.roleId');
    const { rows: roleRows } = await client.query<{ id: string; key: string }>('SELECT id, key FROM roles WHERE workspace_id = $1', [ctx.workspaceId]);
    const roleByKey = new Map(roleRows.map((r) => [r.key, r.id]));
    const seen = new Set<string>();
    const results: Array<{ line: number; email: string; status: 'invited' | 'already_member' | 'already_invited' | 'invalid'; message?: string }> = [];
    for (const row of rows) {
      if (!emailSchema.safeParse(row.email).success) {
        results.push({ line: row.line, email: row.email, status: 'invalid', message: 'not an email address' });
        continue;
      }
      const roleId = row.roleKey ? roleByKey.get(row.roleKey) : defaultRole.id;
      if (!roleId) {
        results.push({ line: row.line, email: row.email, status: 'invalid', message: `no role "${row.roleKey}" in this workspace` });
        continue;
      }
      if (seen.has(row.email)) {
        results.push({ line: row.line, email: row.email, status: 'invalid', message: 'listed twice' });
        continue;
      }
      seen.add(row.email);
      const outcome = await inviteOne(client, ctx, row.email, roleId, meta);
      if (outcome.status === 'invited') sent.push({ email: row.email, token: outcome.token });
      results.push({ line: row.line, email: row.email, status: outcome.status });
    }
    return { results, name: await workspaceName(client, ctx.workspaceId) };
  });
  for (const s of sent) sendInvitation(deps, s.email, name, meta.actorEmail ?? 'A colleague', s.token);
  return { results, invited: sent.length };
}

export async function resendInvitation(deps: InviteDeps, ctx: TenantContext, invitationId: string, meta: AuditMeta) {
  const { invitation, token, email, name } = await withTenant(deps.pool, ctx, async ({ client }) => {
    const { rows } = await client.query(`${INVITATION_SELECT} WHERE i.workspace_id = $1 AND i.id = $2 FOR UPDATE OF i`, [ctx.workspaceId, invitationId]);
    const row = rows[0];
    if (!row) throw notFound('Invitation');
    if (row.acceptedAt || row.revokedAt) throw new AppError('invitation_closed', 'This invitation was already accepted or revoked', 409);
    if (row.sendCount >= MAX_INVITE_SENDS) throw new AppError('rate_limited', `An invitation can be sent at most ${MAX_INVITE_SENDS} times`, 429);
    if (Date.now() - (row.lastSentAt as Date).getTime() < 60_000) throw new AppError('rate_limited', 'Wait a minute before sending this invitation again', 429);
    const fresh = newInvitationToken(ctx.workspaceId);
    await client.query(
      `UPDATE invitations SET token_hash = $3, send_count = send_count + 1, last_sent_at = now(), expires_at = now() + make_interval(days => $4)
        WHERE workspace_id = $1 AND id = $2`,
      [ctx.workspaceId, invitationId, fresh.hash, INVITATION_TTL_DAYS],
    );
    await recordAudit(client, ctx.workspaceId, meta, { action: 'invitation.resent', entityType: 'invitation', entityId: invitationId });
    const again = await client.query(`${INVITATION_SELECT} WHERE i.workspace_id = $1 AND i.id = $2`, [ctx.workspaceId, invitationId]);
    return { invitation: toInvitation(again.rows[0]), token: fresh.token, email: row.email as string, name: await workspaceName(client, ctx.workspaceId) };
  });
  sendInvitation(deps, email, name, meta.actorEmail ?? 'A colleague', token);
  return invitation;
}

export async function revokeInvitation(pool: pg.Pool, ctx: TenantContext, invitationId: string, meta: AuditMeta) {
  await withTenant(pool, ctx, async ({ client }) => {
    const { rows } = await client.query(
      `UPDATE invitations SET revoked_at = now() WHERE workspace_id = $1 AND id = $2 AND accepted_at IS NULL AND revoked_at IS NULL RETURNING email`,
      [ctx.workspaceId, invitationId],
    );
    if (!rows[0]) throw notFound('Pending invitation');
    await recordAudit(client, ctx.workspaceId, meta, { action: 'invitation.revoked', entityType: 'invitation', entityId: invitationId, before: { email: rows[0].email } });
  });
}

async function findByToken(client: Q, parsed: { workspaceId: string; hash: string }, lock: boolean) {
  const { rows } = await client.query(`${INVITATION_SELECT} WHERE i.workspace_id = $1 AND i.token_hash = $2${lock ? ' FOR UPDATE OF i' : ''}`, [parsed.workspaceId, parsed.hash]);
  return rows[0] ?? null;
}

export async function previewInvitation(pool: pg.Pool, token: string) {
  const parsed = parseInvitationToken(token);
  if (!parsed) throw notFound('Invitation');
  return withTenant(pool, { workspaceId: parsed.workspaceId }, async ({ client }) => {
    const row = await findByToken(client, parsed, false);
    if (!row) throw notFound('Invitation');
    const ws = await client.query<{ name: string; slug: string }>('SELECT name, slug FROM workspaces WHERE id = $1', [parsed.workspaceId]);
    return { workspace: ws.rows[0]!, email: row.email as string, role: row.roleName as string, status: statusOf(row), expiresAt: iso(row.expiresAt) };
  });
}

/** The signed-in user accepts: their email must be the invited one. Idempotent for a user who is already in. */
export async function acceptInvitation(pool: pg.Pool, token: string, user: { id: string; email: string }, meta: AuditMeta) {
  const parsed = parseInvitationToken(token);
  if (!parsed) throw notFound('Invitation');
  return withTenant(pool, { workspaceId: parsed.workspaceId, userId: user.id }, async ({ client }) => {
    const row = await findByToken(client, parsed, true);
    if (!row) throw notFound('Invitation');
    const status = statusOf(row);
    if (status !== 'pending') throw new AppError(`invitation_${status}`, `This invitation is ${status}`, 410);
    if ((row.email as string).toLowerCase() !== user.email.toLowerCase()) {
      throw new AppError('invitation_email_mismatch', `This invitation is for ${row.email}; sign in with that address`, 403);
    }
    await client.query(
      `INSERT INTO memberships (workspace_id, user_id, role_id) VALUES ($1, $2, $3) ON CONFLICT (workspace_id, user_id) DO NOTHING`,
      [parsed.workspaceId, user.id, row.roleId],
    );
    await client.query('UPDATE invitations SET accepted_at = now(), accepted_by = $3 WHERE workspace_id = $1 AND id = $2', [parsed.workspaceId, row.id, user.id]);
    await recordAudit(client, parsed.workspaceId, meta, { action: 'invitation.accepted', entityType: 'invitation', entityId: row.id as string, after: { email: row.email, role: row.roleKey } });
    const ws = await client.query<{ slug: string; name: string }>('SELECT slug, name FROM workspaces WHERE id = $1', [parsed.workspaceId]);
    return { workspace: ws.rows[0]! };
  });
}

/** A portal sign-up joins the workspace with the built-in `customer` role, whatever the caller asked for. */
export async function joinPortal(pool: pg.Pool, slug: string, userId: string, meta: AuditMeta) {
  const ws = await findWorkspaceBySlug(pool, slug);
  if (!ws || ws.disabledAt) throw notFound('Workspace');
  await withTenant(pool, { workspaceId: ws.id, userId }, async ({ client }) => {
    const { rows } = await client.query<{ id: string }>("SELECT id FROM roles WHERE workspace_id = $1 AND key = 'customer'", [ws.id]);
    await client.query('INSERT INTO memberships (workspace_id, user_id, role_id) VALUES ($1, $2, $3) ON CONFLICT (workspace_id, user_id) DO NOTHING', [ws.id, userId, rows[0]!.id]);
    await recordAudit(client, ws.id, { ...meta, actorUserId: userId }, { action: 'member.portal_joined', entityType: 'user', entityId: userId, after: { role: 'customer' } });
  });
}

/**
 * An operator enters a workspace explicitly: they become a member with the `admin` role (unless already a
 * member), and the workspace's own audit log records who, when and why, where its owners can read it.
 */
export async function operatorEnter(pool: pg.Pool, workspaceId: string, operator: { id: string }, reason: string, meta: AuditMeta) {
  return withTenant(pool, { workspaceId, userId: operator.id }, async ({ client }) => {
    const ws = await client.query<{ slug: string; name: string }>('SELECT slug, name FROM workspaces WHERE id = $1', [workspaceId]);
    if (!ws.rows[0]) throw notFound('Workspace');
    const joined = await client.query(
      `INSERT INTO memberships (workspace_id, user_id, role_id)
       SELECT $1, $2, id FROM roles WHERE workspace_id = $1 AND key = 'admin'
       ON CONFLICT (workspace_id, user_id) DO NOTHING RETURNING id`,
      [workspaceId, operator.id],
    );
    await recordAudit(client, workspaceId, meta, {
      action: 'operator.entered',
      entityType: 'workspace',
      entityId: workspaceId,
      after: { reason, joinedAs: joined.rowCount ? 'admin' : 'existing membership' },
    });
    return { workspace: ws.rows[0] };
  });
}

/** The operator leaves a workspace they entered (an owner only if another owner remains). */
export async function operatorLeave(pool: pg.Pool, workspaceId: string, operator: { id: string }, meta: AuditMeta) {
  await withTenant(pool, { workspaceId, userId: operator.id }, async ({ client }) => {
    const { rows } = await client.query<{ id: string }>('SELECT id FROM memberships WHERE workspace_id = $1 AND user_id = $2', [workspaceId, operator.id]);
    if (!rows[0]) throw notFound('Membership');
    const member = await lockMember(client, workspaceId, rows[0].id);
    if (member.role.key === 'owner') await assertNotLastOwner(client, workspaceId, member.id);
    await client.query('DELETE FROM memberships WHERE workspace_id = $1 AND id = $2', [workspaceId, member.id]);
    await recordAudit(client, workspaceId, meta, { action: 'operator.left', entityType: 'workspace', entityId: workspaceId });
  });
}
