import type pg from 'pg';
import type { BulkAction, BulkBody, BulkJob, CustomerFilter } from '@grip/contracts/customers';
import type { Grants, Scope } from '@grip/contracts/access';
import { tenantRead } from '../../db/tenant.ts';
import { AppError } from '../../plugins/errors.ts';
import { fieldError } from '../../lib/cursor.ts';
import * as bulkJobs from '../../lib/bulk-jobs.ts';
import { filterConditions, listFields } from './customers.repository.ts';
import type { Caller } from './customers.service.ts';

export const INLINE_LIMIT = bulkJobs.INLINE_LIMIT;
const MAX_TAGS = 50;

/** Customers in bulk jobs: filters are the list's, every change is audited as customer.updated/deleted. */
export const customersBulk: bulkJobs.BulkHandler<CustomerFilter, BulkAction> = {
  resource: 'customers',
  entityType: 'customer',
  from: 'customers c',
  idExpr: 'c.id',
  async conditions(client, ctx, filter, params, field) {
    if (filter.trash) throw fieldError('validation_failed', 400, `${field}.trash`, 'bulk changes apply to live customers');
    return filterConditions(filter, { ...ctx, fields: await listFields(client, ctx.workspaceId) }, params, field);
  },
  async applyChunk(client, ctx, action, chunk) {
    const { rows: current } = await client.query<Before>(
      `SELECT id, name, status, owner_id AS "ownerId", tags FROM customers
        WHERE workspace_id = $1 AND id = ANY($2::uuid[]) AND deleted_at IS NULL${ctx.ownOnly ? ' AND owner_id = $3' : ''} FOR UPDATE`,
      ctx.ownOnly ? [ctx.workspaceId, chunk, ctx.userId] : [ctx.workspaceId, chunk],
    );
    const byId = new Map(current.map((r) => [r.id, r]));
    const errors: Array<{ id: string; name: string | null; error: string }> = [];
    const changes: Array<{ id: string; before: Record<string, unknown>; after: Record<string, unknown> }> = [];
    for (const id of chunk) {
      const row = byId.get(id);
      if (!row) {
        errors.push({ id, name: null, error: ctx.ownOnly ? 'not found, in the trash, or not yours' : 'not found or in the trash' });
        continue;
      }
      const result = apply(action, row);
      if ('error' in result) errors.push({ id, name: row.name, error: result.error });
      else changes.push({ id, ...result });
    }
    if (changes.length > 0) await applyChunk(client, ctx.workspaceId, ctx.userId, action, changes.map((c) => c.id), changes);
    return { auditAction: action.type === 'delete' ? 'customer.deleted' : 'customer.updated', changes, errors };
  },
};

/**
 * Starts a bulk change: checks the caller may make it, records the job, then runs it now (small selections) or
 * hands it to the job queue (`enqueue`). Deleting needs customers:delete besides customers:update.
 */
export async function startBulk(pool: pg.Pool, caller: Caller, grants: Grants, body: BulkBody, enqueue: (jobId: string) => Promise<void>): Promise<BulkJob> {
  let scope: Scope = caller.scope;
  if (body.action.type === 'delete') {
    const del = grants['customers:delete'];
    if (!del) throw new AppError('forbidden', 'Your role does not allow customers:delete', 403, { permission: 'customers:delete' });
    if (del === 'own') scope = 'own';
  }
  const action = body.action;
  if (action.type === 'owner' && action.ownerId) {
    if (scope === 'own' && action.ownerId !== caller.userId) throw fieldError('forbidden', 403, 'body.action.ownerId', 'you can change only customers you own, so you cannot hand them over');
    const rows = await tenantRead(pool, caller, 'SELECT 1 FROM memberships WHERE workspace_id = $1 AND user_id = $2', [caller.workspaceId, action.ownerId]);
    if (!rows[0]) throw fieldError('validation_failed', 400, 'body.action.ownerId', 'is not a member of this workspace');
  }
  const { emails: _none, ...job } = await bulkJobs.startBulkJob(pool, customersBulk, caller, scope, body, enqueue);
  return job;
}

export const getBulkJob = (pool: pg.Pool, caller: Caller, id: string): Promise<BulkJob> => bulkJobs.getBulkJob<BulkAction>(pool, caller, 'customers', id, caller.scope);
export const bulkErrorsCsv = (pool: pg.Pool, caller: Caller, id: string) => bulkJobs.bulkErrorsCsv(pool, caller, 'customers', id, caller.scope);
export const runBulkJob = (pool: pg.Pool, workspaceId: string, jobId: string, opts?: Parameters<typeof bulkJobs.runBulkJob>[4]) =>
  bulkJobs.runBulkJob(pool, customersBulk, workspaceId, jobId, opts);

interface Before {
  id: string;
  name: string;
  status: string;
  ownerId: string | null;
  tags: string[];
}

/** The new values of one row under an action, or the reason it cannot take it. */
function apply(action: BulkAction, row: Before): { after: Record<string, unknown>; before: Record<string, unknown> } | { error: string } {
  switch (action.type) {
    case 'status':
      return { before: { status: row.status }, after: { status: action.status } };
    case 'owner':
      return { before: { ownerId: row.ownerId }, after: { ownerId: action.ownerId } };
    case 'addTags': {
      const tags = [...new Set([...row.tags, ...action.tags])];
      if (tags.length > MAX_TAGS) return { error: `would have more than ${MAX_TAGS} tags` };
      return { before: { tags: row.tags }, after: { tags } };
    }
    case 'removeTags':
      return { before: { tags: row.tags }, after: { tags: row.tags.filter((t) => !action.tags.includes(t)) } };
    case 'delete':
      return { before: { name: row.name, status: row.status }, after: {} };
  }
}

async function applyChunk(
  client: Pick<pg.PoolClient, 'query'>,
  workspaceId: string,
  userId: string,
  action: BulkAction,
  ids: string[],
  changes: Array<{ id: string; after: Record<string, unknown> }>,
) {
  const bump = 'version = version + 1, updated_at = now()';
  switch (action.type) {
    case 'status':
      await client.query(`UPDATE customers SET status = $3, ${bump} WHERE workspace_id = $1 AND id = ANY($2::uuid[])`, [workspaceId, ids, action.status]);
      break;
    case 'owner':
      await client.query(`UPDATE customers SET owner_id = $3, ${bump} WHERE workspace_id = $1 AND id = ANY($2::uuid[])`, [workspaceId, ids, action.ownerId]);
      break;
    case 'addTags':
    case 'removeTags':
      // Each row's new tag list was computed from its locked current value.
      await client.query(
        `UPDATE customers c SET tags = x.tags, ${bump}
           FROM (SELECT x.id, array(SELECT jsonb_array_elements_text(x.t)) AS tags FROM unnest($2::uuid[], $3::jsonb[]) AS x(id, t)) x
          WHERE c.workspace_id = $1 AND c.id = x.id`,
        [workspaceId, ids, changes.map((c) => JSON.stringify(c.after.tags))],
      );
      break;
    case 'delete':
      await client.query(`UPDATE customers SET deleted_at = now(), deleted_by = $3, version = version + 1 WHERE workspace_id = $1 AND id = ANY($2::uuid[])`, [workspaceId, ids, userId]);
      break;
  }
}
