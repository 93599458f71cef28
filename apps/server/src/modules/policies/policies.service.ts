import type pg from 'pg';
import type { z } from 'zod';
import type { createPolicyBody, policyListQuery, updatePolicyBody } from '@grip/contracts/policies';
import { POLICY_EXPORT_FIELDS, POLICY_STATUSES, type Policy, type PolicyExportField } from '@grip/contracts/policies';
import { tenantRead, withTenant } from '../../db/tenant.ts';
import { AppError, notFound } from '../../plugins/errors.ts';
import { fieldError } from '../../lib/cursor.ts';
import { Params, containsPattern, keyset, parseSort, type SortColumn } from '../../lib/keyset.ts';
import { isUniqueViolation } from '../../lib/pg-errors.ts';
import { inlineParams, type ExportColumn } from '../../lib/csv-export.ts';
import { recordAudit, type AuditMeta } from '../audit/audit.service.ts';
import type { Caller } from '../customers/customers.service.ts';

const COLUMNS = `p.id, p.customer_id AS "customerId", c.name AS "customerName", p.number, p.product, p.carrier, p.premium::text AS premium, p.currency,
  p.start_date::text AS "startDate", p.end_date::text AS "endDate", p.renewal_date::text AS "renewalDate", p.status, p.version,
  p.created_at AS "createdAt", p.updated_at AS "updatedAt", c.owner_id AS "customerOwnerId"`;
const FROM = 'policies p JOIN customers c ON c.workspace_id = p.workspace_id AND c.id = p.customer_id';

type Row = Omit<Policy, 'customer' | 'createdAt' | 'updatedAt'> & { customerId: string; customerName: string; customerOwnerId: string | null; createdAt: Date | string; updatedAt: Date | string };
const toPolicy = (r: Row): Policy => ({
  id: r.id,
  customer: { id: r.customerId, name: r.customerName },
  number: r.number,
  product: r.product,
  carrier: r.carrier,
  premium: r.premium,
  currency: r.currency,
  startDate: r.startDate,
  endDate: r.endDate,
  renewalDate: r.renewalDate,
  status: r.status,
  version: r.version,
  createdAt: new Date(r.createdAt).toISOString(),
  updatedAt: new Date(r.updatedAt).toISOString(),
});

const SORTS: Record<string, SortColumn> = {
  number: { expr: 'p.number', cast: 'text' },
  product: { expr: 'lower(p.product)', cast: 'text' },
  carrier: { expr: 'lower(p.carrier)', cast: 'text' },
  premium: { expr: 'p.premium', cast: 'numeric' },
  startDate: { expr: 'p.start_date', cast: 'date' },
  endDate: { expr: "coalesce(p.end_date, 'infinity')", cast: 'date' },
  renewalDate: { expr: "coalesce(p.renewal_date, 'infinity')", cast: 'date' },
  status: { expr: 'p.status', cast: 'text' },
  createdAt: { expr: 'p.created_at', cast: 'timestamptz' },
  customer: { expr: 'lower(c.name)', cast: 'text' },
};

type PolicyFilterQuery = Omit<z.output<typeof policyListQuery>, 'limit' | 'cursor'>;

/** The WHERE conditions of the list's filters under the caller's scope (a bad status is a 400 naming it). */
function filterConditions(caller: Caller, q: PolicyFilterQuery, params: Params): string[] {
  const where = [`p.workspace_id = ${params.p(caller.workspaceId)}`, 'c.deleted_at IS NULL'];
  if (caller.scope === 'own') where.push(`c.owner_id = ${params.p(caller.userId)}`);
  if (q.customerId) where.push(`p.customer_id = ${params.p(q.customerId)}`);
  if (q.q) where.push(`p.search LIKE grip_fold(${params.p(containsPattern(q.q))})`);
  if (q.status) {
    const statuses = q.status.split(',').filter(Boolean);
    const bad = statuses.find((s) => !(POLICY_STATUSES as readonly string[]).includes(s));
    if (bad) throw fieldError('validation_failed', 400, 'querystring.status', `${bad} is not a policy status`);
    where.push(`p.status = ANY(${params.p(statuses)}::text[])`);
  }
  if (q.carrier) where.push(`lower(p.carrier) = lower(${params.p(q.carrier)})`);
  if (q.renewalWithinDays !== undefined) {
    where.push(`p.status IN ('active', 'pending') AND p.renewal_date BETWEEN current_date AND current_date + ${params.p(q.renewalWithinDays)}::int`);
  }
  return where;
}

const sortOf = (q: PolicyFilterQuery) => parseSort(q.sort, q.renewalWithinDays !== undefined ? 'renewalDate' : '-createdAt', (k) => SORTS[k]);

/** Policies of live customers the caller may see (scope own: of customers they own), filtered and sorted. */
export async function listPolicies(pool: pg.Pool, caller: Caller, q: z.output<typeof policyListQuery>) {
  const params = new Params();
  const where = filterConditions(caller, q, params);
  const sort = sortOf(q);
  const ks = keyset(sort, 'p.id', q.cursor, params);
  if (ks.where) where.push(ks.where);
  const rows = await tenantRead<Row & Record<string, unknown>>(
    pool,
    caller,
    `SELECT ${COLUMNS}, ${ks.select} FROM ${FROM} WHERE ${where.join(' AND ')} ORDER BY ${ks.orderBy} LIMIT ${params.p(q.limit + 1)}`,
    params.values,
  );
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return { items: page.map(toPolicy), nextCursor: rows.length > q.limit && last ? ks.cursorOf(last, last.id) : null };
}

async function findPolicy(client: Pick<pg.PoolClient, 'query'>, caller: Caller, id: string, forUpdate = false) {
  const { rows } = await client.query<Row>(`SELECT ${COLUMNS} FROM ${FROM} WHERE p.workspace_id = $1 AND p.id = $2${forUpdate ? ' FOR UPDATE OF p' : ''}`, [caller.workspaceId, id]);
  return rows[0];
}

export async function getPolicy(pool: pg.Pool, caller: Caller, id: string): Promise<Policy> {
  const rows = await tenantRead<Row>(pool, caller, `SELECT ${COLUMNS} FROM ${FROM} WHERE p.workspace_id = $1 AND p.id = $2`, [caller.workspaceId, id], { prepare: true });
  const row = rows[0];
  if (!row || (caller.scope === 'own' && row.customerOwnerId !== caller.userId)) throw notFound('Policy');
  return toPolicy(row);
}

function checkDates(startDate: string, endDate: string | null | undefined) {
  if (endDate && endDate <= startDate) throw fieldError('validation_failed', 400, 'body.endDate', 'must be after the start date');
}

const numberTaken = () => fieldError('number_taken', 409, 'body.number', 'is already used by another policy');
const snapshot = (p: Policy) => ({ id: p.id, number: p.number, product: p.product, carrier: p.carrier, premium: p.premium, currency: p.currency, startDate: p.startDate, endDate: p.endDate, renewalDate: p.renewalDate, status: p.status });

/** Adds a policy to a live customer of the workspace (scope own: a customer the caller owns). */
export async function createPolicy(pool: pg.Pool, caller: Caller, input: z.output<typeof createPolicyBody>, meta: AuditMeta): Promise<Policy> {
  checkDates(input.startDate, input.endDate);
  return withTenant(pool, caller, async ({ client }) => {
    const { rows: owner } = await client.query<{ ownerId: string | null; deletedAt: Date | null }>(
      'SELECT owner_id AS "ownerId", deleted_at AS "deletedAt" FROM customers WHERE workspace_id = $1 AND id = $2 FOR SHARE',
      [caller.workspaceId, input.customerId],
    );
    const customer = owner[0];
    if (!customer || customer.deletedAt) throw fieldError('validation_failed', 400, 'body.customerId', 'is not a customer of this workspace');
    if (caller.scope === 'own' && customer.ownerId !== caller.userId) throw fieldError('forbidden', 403, 'body.customerId', 'you can add policies only to customers you own');
    let id: string;
    try {
      await client.query('SAVEPOINT create_policy');
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO policies (workspace_id, customer_id, number, product, carrier, premium, currency, start_date, end_date, renewal_date, status, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
        [caller.workspaceId, input.customerId, input.number, input.product, input.carrier, input.premium.toFixed(2), input.currency, input.startDate, input.endDate ?? null, input.renewalDate ?? null, input.status, caller.userId],
      );
      id = rows[0]!.id;
    } catch (err) {
      if (!isUniqueViolation(err, 'policies_workspace_number_key')) throw err;
      await client.query('ROLLBACK TO SAVEPOINT create_policy');
      throw numberTaken();
    }
    const policy = toPolicy((await findPolicy(client, caller, id))!);
    await recordAudit(client, caller.workspaceId, meta, { action: 'policy.created', entityType: 'customer', entityId: input.customerId, after: snapshot(policy) });
    return policy;
  });
}

async function lockForWrite(client: Pick<pg.PoolClient, 'query'>, caller: Caller, id: string) {
  const row = await findPolicy(client, caller, id, true);
  if (!row) throw notFound('Policy');
  if (caller.scope === 'own' && row.customerOwnerId !== caller.userId) throw new AppError('forbidden', 'You can change only policies of customers you own', 403);
  return row;
}

export async function updatePolicy(pool: pg.Pool, caller: Caller, id: string, input: z.output<typeof updatePolicyBody>, meta: AuditMeta): Promise<Policy> {
  return withTenant(pool, caller, async ({ client }) => {
    const current = toPolicy(await lockForWrite(client, caller, id));
    if (current.version !== input.version) throw new AppError('version_conflict', 'Someone else changed this policy since you loaded it', 409, { current });
    const next = {
      number: input.number ?? current.number,
      product: input.product ?? current.product,
      carrier: input.carrier ?? current.carrier,
      premium: input.premium !== undefined ? input.premium.toFixed(2) : current.premium,
      currency: input.currency ?? current.currency,
      startDate: input.startDate ?? current.startDate,
      endDate: input.endDate === undefined ? current.endDate : input.endDate,
      renewalDate: input.renewalDate === undefined ? current.renewalDate : input.renewalDate,
      status: input.status ?? current.status,
    };
    checkDates(next.startDate, next.endDate);
    try {
      await client.query('SAVEPOINT update_policy');
      await client.query(
        `UPDATE policies SET number = $3, product = $4, carrier = $5, premium = $6, currency = $7, start_date = $8, end_date = $9, renewal_date = $10, status = $11,
                version = version + 1, updated_at = now() WHERE workspace_id = $1 AND id = $2`,
        [caller.workspaceId, id, next.number, next.product, next.carrier, next.premium, next.currency, next.startDate, next.endDate, next.renewalDate, next.status],
      );
    } catch (err) {
      if (!isUniqueViolation(err, 'policies_workspace_number_key')) throw err;
      await client.query('ROLLBACK TO SAVEPOINT update_policy');
      throw numberTaken();
    }
    const updated = toPolicy((await findPolicy(client, caller, id))!);
    await recordAudit(client, caller.workspaceId, meta, { action: 'policy.updated', entityType: 'customer', entityId: updated.customer.id, before: snapshot(current), after: snapshot(updated) });
    return updated;
  });
}

export async function deletePolicy(pool: pg.Pool, caller: Caller, id: string, meta: AuditMeta): Promise<void> {
  await withTenant(pool, caller, async ({ client }) => {
    const current = toPolicy(await lockForWrite(client, caller, id));
    await client.query('DELETE FROM policies WHERE workspace_id = $1 AND id = $2', [caller.workspaceId, id]);
    await recordAudit(client, caller.workspaceId, meta, { action: 'policy.deleted', entityType: 'customer', entityId: current.customer.id, before: snapshot(current) });
  });
}

// ───────────────────────── export

const day = (expr: string) => `to_char(${expr}, 'YYYY-MM-DD')`;
const at = (expr: string) => `to_char(${expr} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;
const safe = (expr: string) => `grip_csv_safe(${expr})`;
const POLICY_EXPORT_SQL: Record<PolicyExportField, string> = {
  id: 'p.id',
  number: safe('p.number'),
  customer: safe('c.name'),
  customerEmail: safe('c.email'),
  product: safe('p.product'),
  carrier: safe("nullif(p.carrier, '')"),
  premium: 'p.premium::text',
  currency: 'p.currency',
  startDate: day('p.start_date'),
  endDate: day('p.end_date'),
  renewalDate: day('p.renewal_date'),
  status: 'p.status',
  createdAt: at('p.created_at'),
  updatedAt: at('p.updated_at'),
};
/** Every column a policies export may have, in the contract's order; text that could run as a formula is neutralised in SQL. */
export const POLICY_EXPORT_COLUMNS: ExportColumn[] = POLICY_EXPORT_FIELDS.map((key) => ({ key, sql: POLICY_EXPORT_SQL[key] }));

/** The SELECT of a policies export: the list's filters and sort under the caller's scope, every matching row. */
export function policyExportSelect(caller: Caller, q: PolicyFilterQuery, columns: readonly ExportColumn[]): string {
  const params = new Params();
  const where = filterConditions(caller, q, params);
  const orderBy = [...sortOf(q).map((s) => `${s.column.expr} ${s.desc ? 'DESC' : 'ASC'}`), 'p.id'].join(', ');
  const select = columns.map((c) => `${c.sql} AS "${c.key}"`).join(', ');
  return inlineParams(`SELECT ${select} FROM ${FROM} WHERE ${where.join(' AND ')} ORDER BY ${orderBy}`, params.values);
}
