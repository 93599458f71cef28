import type pg from 'pg';
import type { Scope } from '@grip/contracts/access';
import type {
  customerListQuery,
  createCustomerBody,
  updateCustomerBody} from '@grip/contracts/customers';
import {
  CUSTOMER_EXPORT_FIELDS,
  customerFilterSchema,
  type CustomerExportField,
  type Customer,
  type CustomField,
  type CustomerFilter,
  type Duplicate
} from '@grip/contracts/customers';
import type { z } from 'zod';

type CustomerListQuery = z.output<typeof customerListQuery>;
import { tenantRead, withTenant, type TenantContext } from '../../db/tenant.ts';
import { AppError, notFound } from '../../plugins/errors.ts';
import { decodeCursor, fieldError, isTimeIdCursor, toPage } from '../../lib/cursor.ts';
import { Params, containsPattern, keyset, parseSort } from '../../lib/keyset.ts';
import { isUniqueViolation } from '../../lib/pg-errors.ts';
import { inlineParams } from '../../lib/csv-export.ts';
import { tryNormalizePhone } from '../../lib/phone.ts';
import { recordAudit, type AuditMeta } from '../audit/audit.service.ts';
import {
  CUSTOMER_COLUMNS,
  CUSTOMER_FROM,
  filterConditions,
  findCustomer,
  FIELDS_SQL,
  listFields,
  toField,
  sortColumn,
  toCustomer,
  type CustomerRow,
  type Q,
} from './customers.repository.ts';

/** Who is asking, with the scope their role grants for the permission of the route. */
export interface Caller extends TenantContext {
  userId: string;
  scope: Scope;
}

export const TRASH_RETENTION_DAYS = 30;
export const COUNT_CAP = 10_000;

// ───────────────────────── reading

/** The list querystring → a filter (lists arrive comma-separated, custom conditions as JSON). */
export function parseFilterQuery(q: Omit<CustomerListQuery, 'sort' | 'limit' | 'cursor'>): CustomerFilter {
  const split = (s: string | undefined) => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : undefined);
  let custom: unknown;
  if (q.custom) {
    try {
      custom = JSON.parse(q.custom);
    } catch {
      throw fieldError('validation_failed', 400, 'querystring.custom', 'must be a JSON object of conditions');
    }
  }
  const parsed = customerFilterSchema.safeParse({
    q: q.q || undefined,
    status: split(q.status),
    tags: split(q.tags),
    owner: split(q.owner),
    createdFrom: q.createdFrom,
    createdTo: q.createdTo,
    updatedFrom: q.updatedFrom,
    updatedTo: q.updatedTo,
    custom,
    trash: q.trash === 'true' || undefined,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw fieldError('validation_failed', 400, `querystring.${issue.path.join('.')}`, issue.message);
  }
  return parsed.data;
}

/** A workspace's custom fields, read in one round trip. */
export async function fieldsOf(pool: pg.Pool, ctx: TenantContext): Promise<CustomField[]> {
  return (await tenantRead<CustomField & { createdAt: Date }>(pool, ctx, FIELDS_SQL, [ctx.workspaceId], { prepare: true })).map(toField);
}

/** Custom fields are read on every list (and every import poll); cache them briefly per workspace (writes clear it). */
const fieldCache = new Map<string, { at: number; fields: CustomField[] }>();
export async function cachedFields(pool: pg.Pool, ctx: TenantContext) {
  const hit = fieldCache.get(ctx.workspaceId);
  if (hit && Date.now() - hit.at < 5_000) return hit.fields;
  const fields = await fieldsOf(pool, ctx);
  fieldCache.set(ctx.workspaceId, { at: Date.now(), fields });
  return fields;
}
export const forgetFields = (workspaceId: string) => fieldCache.delete(workspaceId);

/** How far a search walks an ordered index before it asks the trigram index instead. */
export const SEARCH_WALK = 15_000;

/** Orders whose index carries `search` (0008, 0010): the column the walk reads, and a same-order expression no index offers. */
const WALKABLE: Record<string, { column: string; unindexed: string }> = {
  'c.sort_name': { column: 'sort_name', unindexed: "(c.sort_name || '')" },
  'c.updated_at': { column: 'updated_at', unindexed: "(c.updated_at + interval '0 s')" },
};

/**
 * A keyset page of customers. The page's ids are found first, touching only what the filter and the sort need,
 * then their rows are read. Browsing defaults to name order; a search without an explicit sort lists the most
 * recently updated matches first (decision 007). A search in one of those orders takes one of two paths:
 * - a bounded walk of that order's index, which carries the search text (index-only): a pattern that is common
 *   in that order fills a page within a few thousand entries;
 * - when the walk does not fill the page, the page comes from the trigram index, sorted — cheap when the pattern
 *   is rare. (The planner cannot choose well by itself: it assumes matches are spread evenly through the order,
 *   which names, unlike update times, are not.)
 */
export async function listCustomers(pool: pg.Pool, caller: Caller, query: CustomerListQuery) {
  const filter = parseFilterQuery(query);
  const fields = filter.custom || query.sort?.includes('custom.') ? await cachedFields(pool, caller) : [];
  const params = new Params();
  const where = filterConditions({ ...filter, q: undefined }, { ...caller, ownOnly: caller.scope === 'own', fields }, params);
  const pattern = filter.q ? params.p(containsPattern(filter.q)) : null;
  const fallback = filter.trash ? '-deletedAt' : filter.q ? '-updatedAt' : 'name';
  const sort = parseSort(query.sort, fallback, (k) => sortColumn(k, fields));
  const ks = keyset(sort, 'c.id', query.cursor, params);
  if (ks.where) where.push(ks.where);
  const limit = query.limit;
  const limitRef = params.p(limit + 1);
  const workspaceRef = params.p(caller.workspaceId);
  const ownerJoin = ks.orderBy.includes('u.') ? ' LEFT JOIN users u ON u.id = c.owner_id' : '';
  const matches = pattern ? [...where, `c.search LIKE grip_fold(${pattern})`] : where;
  const rowsOf = (ids: string) =>
    tenantRead<CustomerRow & Record<string, unknown>>(
      pool,
      caller,
      `SELECT ${CUSTOMER_COLUMNS}, ${ks.select}
         FROM (${ids}) page
         JOIN customers c ON c.workspace_id = ${workspaceRef} AND c.id = page.id
         LEFT JOIN users u ON u.id = c.owner_id
        ORDER BY ${ks.orderBy}`,
      params.values,
    );
  let rows: Array<CustomerRow & Record<string, unknown>>;
  const walkable = sort.length === 1 && !filter.trash ? WALKABLE[sort[0]!.column.expr] : undefined;
  if (pattern && walkable) {
    const walkOrder = ks.orderBy.replaceAll('c.', 'w.');
    rows = await rowsOf(
      `SELECT w.id FROM (SELECT c.id, c.${walkable.column}, c.search FROM customers c WHERE ${where.join(' AND ')} ORDER BY ${ks.orderBy} LIMIT ${SEARCH_WALK}) w
        WHERE w.search LIKE grip_fold(${pattern}) ORDER BY ${walkOrder} LIMIT ${limitRef}`,
    );
    if (rows.length <= limit) {
      const gin = ks.orderBy.replace(sort[0]!.column.expr, walkable.unindexed);
      rows = await rowsOf(`SELECT c.id FROM customers c WHERE ${matches.join(' AND ')} ORDER BY ${gin} LIMIT ${limitRef}`);
    }
  } else {
    rows = await rowsOf(`SELECT c.id FROM customers c${ownerJoin} WHERE ${matches.join(' AND ')} ORDER BY ${ks.orderBy} LIMIT ${limitRef}`);
  }
  const page = rows.slice(0, limit);
  return { items: page.map(toCustomer), nextCursor: rows.length > limit ? ks.cursorOf(page[page.length - 1]!, page[page.length - 1]!.id) : null };
}

/** How many customers match, counting no further than COUNT_CAP. */
export async function countCustomers(pool: pg.Pool, caller: Caller, query: Omit<CustomerListQuery, 'sort' | 'limit' | 'cursor'>) {
  const filter = parseFilterQuery(query);
  const fields = filter.custom ? await cachedFields(pool, caller) : [];
  const params = new Params();
  const where = filterConditions(filter, { ...caller, ownOnly: caller.scope === 'own', fields }, params);
  const rows = await tenantRead<{ n: number }>(
    pool,
    caller,
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM customers c WHERE ${where.join(' AND ')} LIMIT ${COUNT_CAP + 1}) s`,
    params.values,
  );
  const n = rows[0]!.n;
  return { count: Math.min(n, COUNT_CAP), capped: n > COUNT_CAP };
}

/** A customer the caller may see (scope own: only their own); trashed ones included, so they can be restored. */
export async function getCustomer(pool: pg.Pool, caller: Caller, id: string): Promise<Customer> {
  const rows = await tenantRead<CustomerRow>(
    pool,
    caller,
    `SELECT ${CUSTOMER_COLUMNS} FROM ${CUSTOMER_FROM} WHERE c.workspace_id = $1 AND c.id = $2${caller.scope === 'own' ? ' AND c.owner_id = $3' : ''}`,
    caller.scope === 'own' ? [caller.workspaceId, id, caller.userId] : [caller.workspaceId, id],
    { prepare: true },
  );
  if (!rows[0]) throw notFound('Customer');
  return toCustomer(rows[0]);
}

/** Likely duplicates of what is being typed: the same email, the same phone, or a similar name (pg_trgm). */
export async function findDuplicates(
  pool: pg.Pool,
  caller: Caller,
  q: { name?: string; email?: string; phone?: string; country?: string; excludeId?: string },
): Promise<{ items: Duplicate[] }> {
  const phone = q.phone ? tryNormalizePhone(q.phone, q.country) : null;
  const email = q.email?.trim().toLowerCase() || null;
  const name = q.name && q.name.trim().length >= 3 ? q.name.trim() : null;
  if (!phone && !email && !name) return { items: [] };
  const params = new Params();
  const ws = params.p(caller.workspaceId);
  const e = params.p(email);
  const ph = params.p(phone);
  const n = params.p(name);
  const conditions = [`c.workspace_id = ${ws}`, 'c.deleted_at IS NULL'];
  if (q.excludeId) conditions.push(`c.id <> ${params.p(q.excludeId)}`);
  if (caller.scope === 'own') conditions.push(`c.owner_id = ${params.p(caller.userId)}`);
  const matches = [];
  if (email) matches.push(`c.email_normalized = ${e}`);
  if (phone) matches.push(`c.phone = ${ph}`);
  if (name) matches.push(`grip_fold(c.name) % grip_fold(${n})`);
  const rows = await tenantRead<CustomerRow & { sameEmail: boolean; samePhone: boolean; sim: number }>(
    pool,
    caller,
    `SELECT ${CUSTOMER_COLUMNS},
            coalesce(c.email_normalized = ${e}, false) AS "sameEmail", coalesce(c.phone = ${ph}, false) AS "samePhone",
            CASE WHEN ${n}::text IS NULL THEN 0 ELSE similarity(grip_fold(c.name), grip_fold(${n})) END AS sim
       FROM ${CUSTOMER_FROM}
      WHERE ${conditions.join(' AND ')} AND (${matches.join(' OR ')})
      ORDER BY "sameEmail" DESC, "samePhone" DESC, sim DESC LIMIT 5`,
    params.values,
  );
  return {
    items: rows.map((r) => ({
      customer: toCustomer(r),
      reasons: [...(r.sameEmail ? ['same_email' as const] : []), ...(r.samePhone ? ['same_phone' as const] : []), ...(r.sim >= 0.3 ? ['similar_name' as const] : [])],
      similarity: Number(r.sim),
    })),
  };
}

export async function timeline(pool: pg.Pool, caller: Caller, id: string, page: { limit: number; cursor?: string }) {
  await getCustomer(pool, caller, id);
  const after = decodeCursor(page.cursor, isTimeIdCursor);
  const rows = await tenantRead(
    pool,
    caller,
    `SELECT id, action, actor_email AS "actorEmail", before, after, created_at AS "createdAt"
       FROM audit_log WHERE workspace_id = $1 AND entity_type = 'customer' AND entity_id = $2
        AND ($3::timestamptz IS NULL OR (created_at, id) < ($3, $4::uuid))
      ORDER BY created_at DESC, id DESC LIMIT $5`,
    [caller.workspaceId, id, after?.[0] ?? null, after?.[1] ?? null, page.limit + 1],
  );
  const items = rows.map((r) => ({ ...r, createdAt: new Date(r.createdAt as string).toISOString() })) as Array<{
    id: string;
    action: string;
    actorEmail: string | null;
    before: unknown;
    after: unknown;
    createdAt: string;
  }>;
  return toPage(items, page.limit, (l) => [l.createdAt, l.id]);
}

// ───────────────────────── validation shared by create, update and bulk

function normalizePhone(input: string | null | undefined, country: string | null | undefined, field: string): string | null {
  if (input == null || input === '') return null;
  const phone = tryNormalizePhone(input, country);
  if (!phone) {
    throw fieldError(
      'validation_failed',
      400,
      field,
      input.trim().startsWith('+') || country ? 'is not a valid phone number' : 'is not a valid phone number; start with + and the country code, or set the address country',
    );
  }
  return phone;
}

/** Checks custom values against the workspace's field definitions; returns the values to store. */
export function validateCustom(values: Record<string, unknown>, fields: CustomField[], mode: 'create' | 'update'): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    const field = fields.find((f) => f.key === key);
    const at = `body.custom.${key}`;
    if (!field) throw fieldError('validation_failed', 400, at, 'is not a custom field of this workspace');
    if (value === null || value === '' || (Array.isArray(value) && value.length === 0)) {
      if (field.required) throw fieldError('validation_failed', 400, at, 'is required');
      out[key] = null;
      continue;
    }
    const fail = (m: string) => fieldError('validation_failed', 400, at, m);
    switch (field.type) {
      case 'text':
        if (typeof value !== 'string') throw fail('must be text');
        if (value.length > 2000) throw fail('must be at most 2000 characters');
        break;
      case 'number':
        if (typeof value !== 'number' || !Number.isFinite(value)) throw fail('must be a number');
        break;
      case 'date':
        if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) throw fail('must be a date (YYYY-MM-DD)');
        break;
      case 'select':
        if (typeof value !== 'string' || !field.options.includes(value)) throw fail(`must be one of: ${field.options.join(', ')}`);
        break;
      case 'multiselect':
        if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || !field.options.includes(v))) throw fail(`must be a list of: ${field.options.join(', ')}`);
        break;
      case 'checkbox':
        if (typeof value !== 'boolean') throw fail('must be true or false');
        break;
    }
    out[key] = value;
  }
  if (mode === 'create') {
    for (const f of fields) if (f.required && (out[f.key] === undefined || out[f.key] === null)) throw fieldError('validation_failed', 400, `body.custom.${f.key}`, 'is required');
  }
  return out;
}

async function assertMember(q: Q, workspaceId: string, userId: string, field: string) {
  const { rows } = await q.query('SELECT 1 FROM memberships WHERE workspace_id = $1 AND user_id = $2', [workspaceId, userId]);
  if (!rows[0]) throw fieldError('validation_failed', 400, field, 'is not a member of this workspace');
}

async function emailTaken(q: Q, workspaceId: string, email: string) {
  const { rows } = await q.query<{ id: string; deletedAt: Date | null }>(
    'SELECT id, deleted_at AS "deletedAt" FROM customers WHERE workspace_id = $1 AND email_normalized = lower(btrim($2))',
    [workspaceId, email],
  );
  const existing = rows[0];
  return new AppError(
    'email_taken',
    `body.email: ${existing?.deletedAt ? 'belongs to a customer in the trash; restore that one instead' : 'is already used by another customer'}`,
    409,
    { fields: [{ field: 'body.email', message: existing?.deletedAt ? 'belongs to a customer in the trash' : 'is already used by another customer' }], existingId: existing?.id ?? null },
  );
}

/** Custom values are stored only when set: `null` means "no value" and is left out. */
const withoutNulls = (values: Record<string, unknown>) => Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null));

/** What the audit log keeps of a customer: the fields people change, not the bookkeeping. */
const snapshot = (c: Customer) => ({
  kind: c.kind,
  name: c.name,
  email: c.email,
  phone: c.phone,
  company: c.company,
  address: c.address,
  tags: c.tags,
  status: c.status,
  ownerId: c.owner?.id ?? null,
  custom: c.custom,
});

function changed(before: Record<string, unknown>, after: Record<string, unknown>) {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const k of Object.keys(after)) {
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) {
      b[k] = before[k];
      a[k] = after[k];
    }
  }
  return { before: b, after: a };
}

// ───────────────────────── writing

export async function createCustomer(pool: pg.Pool, caller: Caller, input: z.output<typeof createCustomerBody>, meta: AuditMeta): Promise<Customer> {
  const phone = normalizePhone(input.phone, input.address?.country, 'body.phone');
  // Scope own: what you create is yours.
  const ownerId = caller.scope === 'own' ? caller.userId : input.ownerId === undefined ? caller.userId : input.ownerId;
  return withTenant(pool, caller, async ({ client }) => {
    const fields = await listFields(client, caller.workspaceId);
    const custom = withoutNulls(validateCustom(input.custom, fields, 'create'));
    if (ownerId && ownerId !== caller.userId) await assertMember(client, caller.workspaceId, ownerId, 'body.ownerId');
    let id: string;
    try {
      await client.query('SAVEPOINT create_customer');
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO customers (workspace_id, kind, name, email, phone, company, address, tags, status, owner_id, custom, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
        [
          caller.workspaceId,
          input.kind,
          input.name,
          input.email || null,
          phone,
          input.company || null,
          input.address ? JSON.stringify(input.address) : null,
          [...new Set(input.tags)],
          input.status,
          ownerId,
          JSON.stringify(custom),
          caller.userId,
        ],
      );
      id = rows[0]!.id;
    } catch (err) {
      if (!isUniqueViolation(err, 'customers_workspace_email_key')) throw err;
      await client.query('ROLLBACK TO SAVEPOINT create_customer');
      throw await emailTaken(client, caller.workspaceId, input.email!);
    }
    const customer = toCustomer((await findCustomer(client, caller.workspaceId, id))!);
    await recordAudit(client, caller.workspaceId, meta, { action: 'customer.created', entityType: 'customer', entityId: id, after: snapshot(customer) });
    return customer;
  });
}

/** Locks a customer for a write the caller may make (scope own: only theirs) → the current row. */
async function lockForWrite(client: Q, caller: Caller, id: string, what: 'change' | 'delete') {
  const row = await findCustomer(client, caller.workspaceId, id, { forUpdate: true });
  if (!row) throw notFound('Customer');
  if (caller.scope === 'own' && row.ownerId !== caller.userId) {
    throw new AppError('forbidden', `You can ${what} only customers you own`, 403);
  }
  return row;
}

export async function updateCustomer(pool: pg.Pool, caller: Caller, id: string, input: z.output<typeof updateCustomerBody>, meta: AuditMeta): Promise<Customer> {
  return withTenant(pool, caller, async ({ client }) => {
    const row = await lockForWrite(client, caller, id, 'change');
    const current = toCustomer(row);
    if (row.version !== input.version) {
      throw new AppError('version_conflict', 'Someone else changed this customer since you loaded it', 409, { current });
    }
    if (row.deletedAt) throw new AppError('in_trash', 'This customer is in the trash; restore it first', 409);
    const address = input.address === undefined ? current.address : input.address;
    const phone = input.phone === undefined ? current.phone : normalizePhone(input.phone, address?.country, 'body.phone');
    let ownerId = input.ownerId === undefined ? row.ownerId : input.ownerId;
    if (caller.scope === 'own' && ownerId !== caller.userId) {
      throw fieldError('forbidden', 403, 'body.ownerId', 'you can change only customers you own, so you cannot hand this one over');
    }
    if (ownerId && ownerId !== row.ownerId) await assertMember(client, caller.workspaceId, ownerId, 'body.ownerId');
    ownerId = ownerId ?? null;
    let custom = current.custom as Record<string, unknown>;
    if (input.custom) {
      const fields = await listFields(client, caller.workspaceId);
      custom = withoutNulls({ ...custom, ...validateCustom(input.custom, fields, 'update') });
    }
    const next = {
      kind: input.kind ?? current.kind,
      name: input.name ?? current.name,
      email: input.email === undefined ? current.email : input.email || null,
      phone,
      company: input.company === undefined ? current.company : input.company || null,
      address,
      tags: input.tags ? [...new Set(input.tags)] : current.tags,
      status: input.status ?? current.status,
      ownerId,
      custom,
    };
    try {
      await client.query('SAVEPOINT update_customer');
      await client.query(
        `UPDATE customers SET kind = $3, name = $4, email = $5, phone = $6, company = $7, address = $8, tags = $9, status = $10,
                owner_id = $11, custom = $12, version = version + 1, updated_at = now()
          WHERE workspace_id = $1 AND id = $2`,
        [caller.workspaceId, id, next.kind, next.name, next.email, next.phone, next.company, next.address ? JSON.stringify(next.address) : null, next.tags, next.status, next.ownerId, JSON.stringify(next.custom)],
      );
    } catch (err) {
      if (!isUniqueViolation(err, 'customers_workspace_email_key')) throw err;
      await client.query('ROLLBACK TO SAVEPOINT update_customer');
      throw await emailTaken(client, caller.workspaceId, next.email!);
    }
    const updated = toCustomer((await findCustomer(client, caller.workspaceId, id))!);
    const diff = changed(snapshot(current), snapshot(updated));
    if (Object.keys(diff.after).length > 0) {
      await recordAudit(client, caller.workspaceId, meta, { action: 'customer.updated', entityType: 'customer', entityId: id, ...diff });
    }
    return updated;
  });
}

export async function trashCustomer(pool: pg.Pool, caller: Caller, id: string, meta: AuditMeta): Promise<void> {
  await withTenant(pool, caller, async ({ client }) => {
    const row = await lockForWrite(client, caller, id, 'delete');
    if (row.deletedAt) return;
    await client.query('UPDATE customers SET deleted_at = now(), deleted_by = $3, version = version + 1 WHERE workspace_id = $1 AND id = $2', [caller.workspaceId, id, caller.userId]);
    await recordAudit(client, caller.workspaceId, meta, { action: 'customer.deleted', entityType: 'customer', entityId: id, before: snapshot(toCustomer(row)) });
  });
}

export async function restoreCustomer(pool: pg.Pool, caller: Caller, id: string, meta: AuditMeta): Promise<Customer> {
  return withTenant(pool, caller, async ({ client }) => {
    const row = await lockForWrite(client, caller, id, 'delete');
    if (row.mergedIntoId) throw new AppError('merged', 'This customer was merged into another one and cannot be restored', 409, { mergedIntoId: row.mergedIntoId });
    if (row.deletedAt) {
      await client.query('UPDATE customers SET deleted_at = NULL, deleted_by = NULL, version = version + 1, updated_at = now() WHERE workspace_id = $1 AND id = $2', [caller.workspaceId, id]);
      await recordAudit(client, caller.workspaceId, meta, { action: 'customer.restored', entityType: 'customer', entityId: id });
    }
    return toCustomer((await findCustomer(client, caller.workspaceId, id))!);
  });
}

/** Tables whose rows belong to a customer (policies, notes, and whatever later capabilities add: tickets, quotes…). */
let referencing: Array<{ table: string; column: string }> | null = null;
async function customerChildren(client: Q) {
  if (referencing) return referencing;
  const { rows } = await client.query<{ table: string; column: string }>(
    `SELECT cl.relname AS table, a.attname AS column
       FROM pg_constraint con
       JOIN pg_class cl ON cl.oid = con.conrelid
       JOIN LATERAL unnest(con.conkey) AS k(attnum) ON true
       JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
      WHERE con.contype = 'f' AND con.confrelid = 'customers'::regclass AND a.attname <> 'workspace_id'`,
  );
  referencing = rows;
  return rows;
}

/**
 * Merges `secondaryId` into `primaryId`: every row that belongs to the secondary (policies, notes, tickets…)
 * moves to the primary, the primary's empty fields take the secondary's values, tags and custom values are
 * united, and the secondary goes to the trash marked as merged. One transaction; one audit entry with both
 * snapshots.
 */
export async function mergeCustomers(pool: pg.Pool, caller: Caller, primaryId: string, secondaryId: string, meta: AuditMeta): Promise<Customer> {
  if (primaryId === secondaryId) throw fieldError('validation_failed', 400, 'body.secondaryId', 'must be a different customer');
  return withTenant(pool, caller, async ({ client }) => {
    // Lock in id order so two merges of the same pair cannot deadlock.
    const [first, second] = [primaryId, secondaryId].sort();
    const a = await findCustomer(client, caller.workspaceId, first!, { forUpdate: true });
    const b = await findCustomer(client, caller.workspaceId, second!, { forUpdate: true });
    const primary = a?.id === primaryId ? a : b;
    const secondary = a?.id === secondaryId ? a : b;
    if (!primary || !secondary) throw notFound('Customer');
    for (const [row, field] of [[primary, 'body.primaryId'], [secondary, 'body.secondaryId']] as const) {
      if (caller.scope === 'own' && row.ownerId !== caller.userId) throw new AppError('forbidden', 'You can merge only customers you own', 403);
      if (row.deletedAt) throw fieldError('in_trash', 409, field, 'is in the trash');
    }
    const moved: Record<string, number> = {};
    for (const { table, column } of await customerChildren(client)) {
      const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
      const res = await client.query(
        `UPDATE ${ident(table)} SET ${ident(column)} = $3 WHERE workspace_id = $1 AND ${ident(column)} = $2`,
        [caller.workspaceId, secondaryId, primaryId],
      );
      moved[table] = res.rowCount ?? 0;
    }
    const p = toCustomer(primary);
    const s = toCustomer(secondary);
    // The secondary's email moves over only when the primary has none; either way it leaves the secondary,
    // so the address is free again (both snapshots stay in the audit entry).
    await client.query('UPDATE customers SET email = NULL, deleted_at = now(), deleted_by = $3, merged_into_id = $4, version = version + 1 WHERE workspace_id = $1 AND id = $2', [
      caller.workspaceId,
      secondaryId,
      caller.userId,
      primaryId,
    ]);
    await client.query(
      `UPDATE customers SET email = coalesce(email, $3), phone = coalesce(phone, $4), company = coalesce(company, $5), address = coalesce(address, $6),
              owner_id = coalesce(owner_id, $7), tags = $8, custom = $9, version = version + 1, updated_at = now()
        WHERE workspace_id = $1 AND id = $2`,
      [
        caller.workspaceId,
        primaryId,
        s.email,
        s.phone,
        s.company,
        s.address ? JSON.stringify(s.address) : null,
        secondary.ownerId,
        [...new Set([...p.tags, ...s.tags])],
        JSON.stringify({ ...withoutNulls(s.custom), ...withoutNulls(p.custom) }),
      ],
    );
    const merged = toCustomer((await findCustomer(client, caller.workspaceId, primaryId))!);
    await recordAudit(client, caller.workspaceId, meta, {
      action: 'customer.merged',
      entityType: 'customer',
      entityId: primaryId,
      before: { primary: snapshot(p), secondary: { id: secondaryId, ...snapshot(s) } },
      after: { ...snapshot(merged), moved },
    });
    await recordAudit(client, caller.workspaceId, meta, { action: 'customer.merged_away', entityType: 'customer', entityId: secondaryId, after: { mergedIntoId: primaryId } });
    return merged;
  });
}

/**
 * Permanently removes customers (with their policies and notes) that have been in the trash longer than the
 * retention. A system job: one tenant transaction per workspace, so it works whether or not the owner role
 * bypasses row-level security.
 */
export async function purgeTrash(pool: pg.Pool, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - TRASH_RETENTION_DAYS * 86_400_000);
  const { rows } = await pool.query<{ id: string }>('SELECT id FROM workspaces');
  let removed = 0;
  for (const ws of rows) {
    removed += await withTenant(pool, { workspaceId: ws.id }, async ({ client }) => {
      const res = await client.query('DELETE FROM customers WHERE workspace_id = $1 AND deleted_at < $2', [ws.id, cutoff]);
      return res.rowCount ?? 0;
    });
  }
  return removed;
}

// ───────────────────────── export

const ts = (expr: string) => `to_char(${expr} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;
const safe = (expr: string) => `grip_csv_safe(${expr})`;
const CUSTOMER_EXPORT_SQL: Record<CustomerExportField, string> = {
  id: 'c.id',
  name: safe('c.name'),
  kind: 'c.kind',
  email: safe('c.email'),
  phone: safe('c.phone'),
  company: safe('c.company'),
  status: 'c.status',
  tags: safe("array_to_string(c.tags, '; ')"),
  owner: 'u.email',
  addressLine1: safe("c.address->>'line1'"),
  addressLine2: safe("c.address->>'line2'"),
  city: safe("c.address->>'city'"),
  region: safe("c.address->>'region'"),
  postalCode: safe("c.address->>'postalCode'"),
  country: "c.address->>'country'",
  custom: "CASE WHEN c.custom = '{}'::jsonb THEN NULL ELSE c.custom::text END",
  // From one aggregate over the workspace's notes, joined in by customerExportSelect (not a lookup per row).
  notes: safe('nt.notes'),
  createdAt: ts('c.created_at'),
  updatedAt: ts('c.updated_at'),
};
/** Every column a customers export may have, in the contract's order; text that could run as a formula is neutralised in SQL. */
export const CUSTOMER_EXPORT_COLUMNS = CUSTOMER_EXPORT_FIELDS.map((key) => ({ key, sql: CUSTOMER_EXPORT_SQL[key] }));

/**
 * The SELECT of a customers export: the list's filters and sort under the caller's scope, every matching row (no
 * page), the chosen columns. Values are inlined (COPY takes no parameters).
 */
export async function customerExportSelect(pool: pg.Pool, caller: Caller, query: Omit<CustomerListQuery, 'limit' | 'cursor'>, columns: readonly { key: string; sql: string }[]) {
  const filter = parseFilterQuery(query);
  const fields = filter.custom || query.sort?.includes('custom.') ? await cachedFields(pool, caller) : [];
  const params = new Params();
  const where = filterConditions({ ...filter, q: undefined }, { ...caller, ownOnly: caller.scope === 'own', fields }, params);
  if (filter.q) where.push(`c.search LIKE grip_fold(${params.p(containsPattern(filter.q))})`);
  const sort = parseSort(query.sort, filter.trash ? '-deletedAt' : 'name', (k) => sortColumn(k, fields));
  const orderBy = [...sort.map((s) => `${s.column.expr} ${s.desc ? 'DESC' : 'ASC'}`), 'c.id'].join(', ');
  const select = columns.map((c) => `${c.sql} AS "${c.key}"`).join(', ');
  const notes = columns.some((c) => c.key === 'notes')
    ? ` LEFT JOIN (SELECT n.customer_id, string_agg(${ts('n.created_at')} || ' ' || coalesce(a.email, 'deleted user') || ': ' || n.body, E'\\n' ORDER BY n.created_at, n.id) AS notes
                     FROM notes n LEFT JOIN users a ON a.id = n.author_id WHERE n.workspace_id = ${params.p(caller.workspaceId)} GROUP BY n.customer_id) nt ON nt.customer_id = c.id`
    : '';
  return inlineParams(`SELECT ${select} FROM ${CUSTOMER_FROM}${notes} WHERE ${where.join(' AND ')} ORDER BY ${orderBy}`, params.values);
}
