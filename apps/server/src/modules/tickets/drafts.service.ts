import type pg from 'pg';
import type { Draft } from '@grip/contracts/tickets';
import { tenantRead, withTenant } from '../../db/tenant.ts';
import { notFound } from '../../plugins/errors.ts';
import type { Caller } from '../customers/customers.service.ts';

type Me = Pick<Caller, 'workspaceId' | 'userId'>;
const toDraft = (r: { key: string; body: string; updatedAt: Date }): Draft => ({ key: r.key, body: r.body, updatedAt: r.updatedAt.toISOString() });

/** The caller's own auto-saved draft under `key` (row-level security also limits drafts to their user). */
export async function getDraft(pool: pg.Pool, me: Me, key: string): Promise<Draft> {
  const rows = await tenantRead<{ key: string; body: string; updatedAt: Date }>(
    pool,
    me,
    'SELECT key, body, updated_at AS "updatedAt" FROM drafts WHERE workspace_id = $1 AND user_id = $2 AND key = $3',
    [me.workspaceId, me.userId, key],
    { prepare: true },
  );
  if (!rows[0]) throw notFound('Draft');
  return toDraft(rows[0]);
}

export async function saveDraft(pool: pg.Pool, me: Me, key: string, body: string): Promise<Draft> {
  return withTenant(pool, me, async ({ client }) => {
    const { rows } = await client.query<{ key: string; body: string; updatedAt: Date }>(
      `INSERT INTO drafts (workspace_id, user_id, key, body) VALUES ($1, $2, $3, $4)
       ON CONFLICT (workspace_id, user_id, key) DO UPDATE SET body = EXCLUDED.body, updated_at = now()
       RETURNING key, body, updated_at AS "updatedAt"`,
      [me.workspaceId, me.userId, key, body],
    );
    return toDraft(rows[0]!);
  });
}

export async function deleteDraft(pool: pg.Pool, me: Me, key: string): Promise<void> {
  await withTenant(pool, me, ({ client }) => client.query('DELETE FROM drafts WHERE workspace_id = $1 AND user_id = $2 AND key = $3', [me.workspaceId, me.userId, key]));
}
