import type pg from 'pg';
import type { Grants } from '@grip/contracts/access';

type Q = Pick<pg.PoolClient, 'query'>;

export interface WorkspaceRow {
  id: string;
  slug: string;
  name: string;
  requireTwoFactor: boolean;
  disabledAt: Date | null;
  createdAt: Date;
}

const WORKSPACE_COLUMNS = `w.id, w.slug, w.name, w.require_two_factor AS "requireTwoFactor", w.disabled_at AS "disabledAt", w.created_at AS "createdAt"`;

export async function findWorkspaceBySlug(db: Q, slug: string): Promise<WorkspaceRow | null> {
  const { rows } = await db.query<WorkspaceRow>(`SELECT ${WORKSPACE_COLUMNS} FROM workspaces w WHERE w.slug = $1`, [slug]);
  return rows[0] ?? null;
}

export interface MembershipRow {
  membershipId: string;
  roleId: string;
  roleKey: string;
  roleName: string;
  permissions: Grants;
}

/** Runs inside withTenant (RLS): the caller's membership in the context's workspace. */
export async function findMembership(db: Q, workspaceId: string, userId: string): Promise<MembershipRow | null> {
  const { rows } = await db.query<MembershipRow>(
    `SELECT m.id AS "membershipId", r.id AS "roleId", r.key AS "roleKey", r.name AS "roleName", r.permissions
       FROM memberships m JOIN roles r ON r.workspace_id = m.workspace_id AND r.id = m.role_id
      WHERE m.workspace_id = $1 AND m.user_id = $2`,
    [workspaceId, userId],
  );
  return rows[0] ?? null;
}
