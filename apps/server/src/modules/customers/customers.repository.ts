import type pg from 'pg';
import type { Customer, CustomField, CustomerFilter } from '@grip/contracts/customers';
import type { Params} from '../../lib/keyset.ts';
import { containsPattern, type SortColumn } from '../../lib/keyset.ts';
import { fieldError } from '../../lib/cursor.ts';

export type Q = Pick<pg.PoolClient, 'query'>;

/** The columns of a Customer as the API shows it (owner joined from users). */
export const CUSTOMER_COLUMNS = `c.id, c.kind, c.name, c.email, c.phone, c.company, c.address, c.tags, c.status, c.custom, c.version,
  c.created_at AS "createdAt", c.updated_at AS "updatedAt", c.deleted_at AS "deletedAt", c.merged_into_id AS "mergedIntoId",
  c.owner_id AS "ownerId", u.name AS "ownerName", u.email AS "ownerEmail"`;
export const CUSTOMER_FROM = `customers c LEFT JOIN users u ON u.id = c.owner_id`;

export interface CustomerRow {
  id: string;
  kind: Customer['kind'];
  name: string;
  email: string | null;
  phone: string | null;
  company: string | null;
  address: Customer['address'];
  tags: string[];
  status: Customer['status'];
  custom: Record<string, unknown>;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
  mergedIntoId: string | null;
  ownerId: string | null;
  ownerName: string | null;
  ownerEmail: string | null;
}

export function toCustomer(r: CustomerRow): Customer {
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    email: r.email,
    phone: r.phone,
    company: r.company,
    address: r.address,
    tags: r.tags,
    status: r.status,
    owner: r.ownerId ? { id: r.ownerId, name: r.ownerName ?? '', email: r.ownerEmail ?? '' } : null,
    custom: r.custom as Customer['custom'],
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    deletedAt: r.deletedAt?.toISOString() ?? null,
    mergedIntoId: r.mergedIntoId,
  };
}

export async function findCustomer(q: Q, workspaceId: string, id: string, opts: { forUpdate?: boolean } = {}) {
  const { rows } = await q.query<CustomerRow>(
    `SELECT ${CUSTOMER_COLUMNS} FROM ${CUSTOMER_FROM} WHERE c.workspace_id = $1 AND c.id = $2${opts.forUpdate ? ' FOR UPDATE OF c' : ''}`,
    [workspaceId, id],
  );
  return rows[0];
}

export const FIELD_COLUMNS = `id, key, label, type, options, required, position, created_at AS "createdAt"`;
/** A workspace's custom fields in display order ($1 = workspace id). */
export const FIELDS_SQL = `SELECT ${FIELD_COLUMNS} FROM customer_fields WHERE workspace_id = $1 ORDER BY position, created_at`;
export const toField = (r: CustomField & { createdAt: Date | string }): CustomField => ({ ...r, createdAt: new Date(r.createdAt).toISOString() });

export async function listFields(q: Q, workspaceId: string): Promise<CustomField[]> {
  const { rows } = await q.query<CustomField & { createdAt: Date }>(FIELDS_SQL, [workspaceId]);
  return rows.map(toField);
}

// ───────────────────────── filters and sorts

/** A custom value as a number (NULL unless it is a JSON number); `k` is the key's SQL. */
const jsonNumber = (k: string) => `(CASE WHEN jsonb_typeof(c.custom -> ${k}) = 'number' THEN (c.custom ->> ${k})::numeric END)`;

/** The SQL conditions of a filter (AND-ed), for the caller's workspace, scope and custom fields. */
export function filterConditions(
  filter: CustomerFilter,
  ctx: { workspaceId: string; userId: string; ownOnly: boolean; fields: CustomField[] },
  params: Params,
  fieldPrefix = 'querystring',
): string[] {
  const where = [`c.workspace_id = ${params.p(ctx.workspaceId)}`, filter.trash ? 'c.deleted_at IS NOT NULL' : 'c.deleted_at IS NULL'];
  if (ctx.ownOnly) where.push(`c.owner_id = ${params.p(ctx.userId)}`);
  if (filter.q) where.push(`c.search LIKE grip_fold(${params.p(containsPattern(filter.q))})`);
  if (filter.status?.length) where.push(`c.status = ANY(${params.p(filter.status)}::text[])`);
  if (filter.tags?.length) where.push(`c.tags @> ${params.p(filter.tags)}::text[]`);
  if (filter.owner?.length) {
    const ids = filter.owner.filter((o) => o !== 'none').map((o) => (o === 'me' ? ctx.userId : o));
    const parts = [];
    if (ids.length) parts.push(`c.owner_id = ANY(${params.p(ids)}::uuid[])`);
    if (filter.owner.includes('none')) parts.push('c.owner_id IS NULL');
    where.push(`(${parts.join(' OR ')})`);
  }
  if (filter.createdFrom) where.push(`c.created_at >= ${params.p(filter.createdFrom)}::date`);
  if (filter.createdTo) where.push(`c.created_at < ${params.p(filter.createdTo)}::date + 1`);
  if (filter.updatedFrom) where.push(`c.updated_at >= ${params.p(filter.updatedFrom)}::date`);
  if (filter.updatedTo) where.push(`c.updated_at < ${params.p(filter.updatedTo)}::date + 1`);
  for (const [key, cond] of Object.entries(filter.custom ?? {})) {
    const field = ctx.fields.find((f) => f.key === key);
    const at = `${fieldPrefix}.custom.${key}`;
    if (!field) throw fieldError('validation_failed', 400, at, 'is not a custom field of this workspace');
    const k = `${params.p(key)}::text`;
    const bad = (what: string) => fieldError('validation_failed', 400, at, `a ${field.type} field is filtered by ${what}`);
    switch (field.type) {
      case 'text':
        if (typeof cond !== 'string') throw bad('text');
        where.push(`grip_fold(c.custom ->> ${k}) LIKE grip_fold(${params.p(containsPattern(cond))})`);
        break;
      case 'number':
      case 'date': {
        if (typeof cond !== 'object' || cond === null || Array.isArray(cond)) throw bad('{ min, max }');
        const expr = field.type === 'number' ? jsonNumber(k) : `(c.custom ->> ${k})`;
        const cast = field.type === 'number' ? 'numeric' : 'text';
        for (const [bound, op] of [['min', '>='], ['max', '<=']] as const) {
          const v = cond[bound];
          if (v === undefined) continue;
          if (field.type === 'number' ? typeof v !== 'number' : typeof v !== 'string') throw bad(`{ min, max } ${field.type}s`);
          where.push(`${expr} ${op} ${params.p(v)}::${cast}`);
        }
        break;
      }
      case 'select':
        if (!Array.isArray(cond)) throw bad('a list of options');
        where.push(`(c.custom ->> ${k}) = ANY(${params.p(cond)}::text[])`);
        break;
      case 'multiselect':
        if (!Array.isArray(cond)) throw bad('a list of options');
        where.push(`(c.custom -> ${k}) ?| ${params.p(cond)}::text[]`);
        break;
      case 'checkbox':
        if (typeof cond !== 'boolean') throw bad('true or false');
        where.push(`coalesce((c.custom ->> ${k})::boolean, false) = ${params.p(cond)}::boolean`);
        break;
    }
  }
  return where;
}

const SORT_COLUMNS: Record<string, SortColumn> = {
  name: { expr: 'c.sort_name', cast: 'text' },
  email: { expr: "coalesce(c.email_normalized, '')", cast: 'text' },
  phone: { expr: "coalesce(c.phone, '')", cast: 'text' },
  company: { expr: "coalesce(lower(c.company), '')", cast: 'text' },
  status: { expr: 'c.status', cast: 'text' },
  kind: { expr: 'c.kind', cast: 'text' },
  createdAt: { expr: 'c.created_at', cast: 'timestamptz' },
  updatedAt: { expr: 'c.updated_at', cast: 'timestamptz' },
  deletedAt: { expr: "coalesce(c.deleted_at, '-infinity')", cast: 'timestamptz' },
  owner: { expr: "coalesce(lower(u.name), '')", cast: 'text' },
};

/** The sort column for a key: a built-in column or `custom.<key>` of a defined field. */
export function sortColumn(key: string, fields: CustomField[]): SortColumn | undefined {
  if (!key.startsWith('custom.')) return SORT_COLUMNS[key];
  const field = fields.find((f) => f.key === key.slice(7));
  if (!field) return undefined;
  const k = `'${field.key}'`; // keys match ^[a-z][a-z0-9_]*$, safe as a literal
  switch (field.type) {
    case 'number':
      return { expr: `coalesce(${jsonNumber(k)}, -1e18)`, cast: 'numeric' };
    case 'checkbox':
      return { expr: `coalesce((c.custom ->> ${k})::boolean, false)`, cast: 'boolean' };
    case 'multiselect':
      return { expr: `coalesce(lower((c.custom -> ${k})::text), '')`, cast: 'text' };
    default:
      return { expr: `coalesce(lower(c.custom ->> ${k}), '')`, cast: 'text' };
  }
}
