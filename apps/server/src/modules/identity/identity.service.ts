import type pg from 'pg';
import type { Grants } from '@grip/contracts/access';
import type { Me } from '@grip/contracts/identity';
import { withTenant } from '../../db/tenant.ts';
import { PLATFORM_WORKSPACE_ID } from '../audit/audit.service.ts';
import { globalFlagMap } from '../flags/flags.service.ts';

/** Everything the web needs about the signed-in user, in one answer. */
export async function getMe(pool: pg.Pool, userId: string): Promise<Me> {
  const flags = await globalFlagMap(pool);
  return withTenant(pool, { workspaceId: PLATFORM_WORKSPACE_ID, userId }, async ({ client }) => {
    const u = await client.query(
      `SELECT id, name, email, email_verified AS "emailVerified", two_factor_enabled AS "twoFactorEnabled", created_at AS "createdAt", role FROM users WHERE id = $1`,
      [userId],
    );
    const user = u.rows[0];
    const { rows } = await client.query<{
      id: string;
      slug: string;
      name: string;
      requireTwoFactor: boolean;
      roleId: string;
      roleKey: string;
      roleName: string;
      permissions: Grants;
      overrides: Record<string, boolean> | null;
    }>(
      `SELECT w.id, w.slug, w.name, w.require_two_factor AS "requireTwoFactor", r.id AS "roleId", r.key AS "roleKey", r.name AS "roleName", r.permissions,
              (SELECT jsonb_object_agg(o.key, o.enabled) FROM workspace_feature_flags o WHERE o.workspace_id = w.id) AS overrides
         FROM memberships m
         JOIN workspaces w ON w.id = m.workspace_id AND w.disabled_at IS NULL
         JOIN roles r ON r.workspace_id = m.workspace_id AND r.id = m.role_id
        WHERE m.user_id = $1 ORDER BY lower(w.name), w.id`,
      [userId],
    );
    return {
      user: {
        id: user.id,
        name: user.name,
        email: user.email,
        emailVerified: user.emailVerified,
        twoFactorEnabled: user.twoFactorEnabled,
        createdAt: (user.createdAt as Date).toISOString(),
      },
      platformRole: user.role === 'admin' ? 'admin' : 'user',
      memberships: rows.map((r) => ({
        workspace: { id: r.id, slug: r.slug, name: r.name, requireTwoFactor: r.requireTwoFactor },
        role: { id: r.roleId, key: r.roleKey, name: r.roleName },
        permissions: r.permissions,
        flags: { ...flags, ...(r.overrides ?? {}) },
      })),
      flags,
      customer: null,
    };
  });
}

export { hashPassword } from './passwords.ts';
