import type pg from 'pg';
import { withTenant, type TenantContext } from '../../db/tenant.ts';
import { notFound } from '../../plugins/errors.ts';
import { recordAudit, recordPlatformAudit, type AuditMeta } from '../audit/audit.service.ts';

export interface FlagRow {
  key: string;
  description: string;
  defaultEnabled: boolean;
}

export async function listGlobalFlags(pool: pg.Pool): Promise<FlagRow[]> {
  const { rows } = await pool.query<FlagRow>('SELECT key, description, default_enabled AS "defaultEnabled" FROM feature_flags ORDER BY key');
  return rows;
}

/** Global defaults as a map, for /me. */
export async function globalFlagMap(pool: pg.Pool): Promise<Record<string, boolean>> {
  return Object.fromEntries((await listGlobalFlags(pool)).map((f) => [f.key, f.defaultEnabled]));
}

/** Effective flags of one workspace: its override where set, else the global default. */
export async function workspaceFlags(pool: pg.Pool, ctx: TenantContext) {
  return withTenant(pool, ctx, async ({ client }) => {
    const { rows } = await client.query<FlagRow & { override: boolean | null }>(
      `SELECT f.key, f.description, f.default_enabled AS "defaultEnabled", o.enabled AS override
         FROM feature_flags f LEFT JOIN workspace_feature_flags o ON o.workspace_id = $1 AND o.key = f.key
        ORDER BY f.key`,
      [ctx.workspaceId],
    );
    return rows.map((r) => ({ ...r, enabled: r.override ?? r.defaultEnabled }));
  });
}

/** Server-side check used by capabilities behind a flag. */
export async function isEnabled(pool: pg.Pool, ctx: TenantContext, key: string): Promise<boolean> {
  return (await workspaceFlags(pool, ctx)).find((f) => f.key === key)?.enabled ?? false;
}

export async function setWorkspaceOverride(pool: pg.Pool, ctx: TenantContext, key: string, enabled: boolean | null, meta: AuditMeta) {
  await withTenant(pool, ctx, async ({ client }) => {
    const exists = await client.query('SELECT 1 FROM feature_flags WHERE key = $1', [key]);
    if (!exists.rowCount) throw notFound('Feature flag');
    const before = await client.query<{ enabled: boolean }>('SELECT enabled FROM workspace_feature_flags WHERE workspace_id = $1 AND key = $2', [ctx.workspaceId, key]);
    if (enabled === null) {
      await client.query('DELETE FROM workspace_feature_flags WHERE workspace_id = $1 AND key = $2', [ctx.workspaceId, key]);
    } else {
      await client.query(
        `INSERT INTO workspace_feature_flags (workspace_id, key, enabled, updated_by) VALUES ($1, $2, $3, $4)
         ON CONFLICT (workspace_id, key) DO UPDATE SET enabled = excluded.enabled, updated_by = excluded.updated_by, updated_at = now()`,
        [ctx.workspaceId, key, enabled, ctx.userId],
      );
    }
    await recordAudit(client, ctx.workspaceId, meta, { action: 'flag.override_set', entityType: 'feature_flag', entityId: key, before: { override: before.rows[0]?.enabled ?? null }, after: { override: enabled } });
  });
  return (await workspaceFlags(pool, ctx)).find((f) => f.key === key)!;
}

export async function setGlobalDefault(pool: pg.Pool, key: string, defaultEnabled: boolean, meta: AuditMeta): Promise<FlagRow> {
  const { rows } = await pool.query<FlagRow>(
    'UPDATE feature_flags SET default_enabled = $2, updated_at = now() WHERE key = $1 RETURNING key, description, default_enabled AS "defaultEnabled"',
    [key, defaultEnabled],
  );
  if (!rows[0]) throw notFound('Feature flag');
  await recordPlatformAudit(pool, meta, { action: 'flag.default_set', entityType: 'feature_flag', entityId: key, after: { defaultEnabled } });
  return rows[0];
}
