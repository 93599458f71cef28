import { CUSTOMER_KINDS, CUSTOMER_STATUSES, type CustomField } from '@grip/contracts/customers';
import { CURRENCIES, POLICY_STATUSES } from '@grip/contracts/policies';
import { PRIORITIES } from '@grip/contracts/tickets';
import type { DuplicateMode, ImportEntity, ImportField, ImportIssue, ImportMapping } from '@grip/contracts/imports';
import { tryNormalizePhone } from '../../lib/phone.ts';
import { parseBoolean, parseDate, parseDateTime, parseEmail, parseEnum, parseList, parseNumber, parseText, type Parsed } from './cells.ts';

/**
 * What each importable record kind contributes to the engine (imports.engine.ts): its fields, how a file row
 * becomes a staging row (cell parsing in JS, while the file streams), and the set-based SQL that plans (matches,
 * de-duplicates, checks references) and writes the staged rows, and undoes an import.
 *
 * Staging is a temporary table `import_stage` (row_no, match_value, missing, issues, then the kind's columns);
 * planning writes `import_plan` (row_no, action, match_id, ref_id, ref2_id, issues).
 */
export interface StageColumn {
  name: string;
  type: 'text' | 'text[]' | 'jsonb' | 'numeric' | 'date' | 'timestamptz';
}
export type StageValue = string | number | boolean | string[] | Record<string, unknown> | null;

export interface ConvertContext {
  /** field key → column index in the file */
  columns: Map<string, number>;
  /** field key → the file's header of its column (issues name the column as the user knows it) */
  headerOf: (field: string) => string;
  matchKey: string;
  customFields: CustomField[];
}
/** What a job says about its columns: which field each maps to, the file's headers, the duplicate key. */
export interface ConvertSpec {
  mapping: ImportMapping;
  headers: string[];
  match_key: string;
}
/** The convert context of a job (plain data in, so a worker thread can build it from a message). */
export function convertContext(job: ConvertSpec, custom: CustomField[]): ConvertContext {
  const columns = new Map<string, number>();
  for (const [column, key] of Object.entries(job.mapping)) if (key) columns.set(key, Number(column));
  return {
    columns,
    headerOf: (f) => (columns.has(f) ? (job.headers[columns.get(f)!] ?? f) : f),
    matchKey: job.match_key,
    customFields: custom,
  };
}
export interface StagedRow {
  matchValue: string | null;
  /** Fields a new record needs that the row lacks (a problem only when the row creates a record). */
  missing: string[];
  issues: ImportIssue[];
  values: StageValue[];
}

export interface PlanContext {
  workspaceId: string;
  userId: string;
  mode: DuplicateMode;
  matchKey: string;
  /** The importer may change only their own records (scope own). */
  ownOnly: boolean;
}

export interface EntityDef {
  entity: ImportEntity;
  /** The permissions an import needs: to create, and to update (mode update). */
  permissions: { create: string; update: string };
  staticFields: ImportField[];
  columns: StageColumn[];
  matchKeys(fields: ImportField[]): string[];
  converter(ctx: ConvertContext): (cells: string[]) => StagedRow;
  /** One statement creating `import_plan` from `import_stage`. Parameters: see `planParams`. */
  planSql(ctx: PlanContext, headers: Record<string, string>): { text: string; values: unknown[] };
  /** Keys whose first row counts across chunks (later rows with the same value are duplicates within the file). */
  seenKeys(matchKey: string): Array<{ kind: string; expr: string }>;
  /** The final transaction: `create` gets `$1` workspace, `$2` user, `$3` import id; `update` gets `$1` workspace, `$2` import id. */
  writeSql: { create: string; update?: string };
  /**
   * Undo: `$1` workspace, `$2` import id, `$3` user; each returns a row `{ n }` (records removed, restored). Created
   * records are found by their `import_id`, updated ones through `import_records` (their previous values).
   */
  undoSql: { removeCreated: string; restoreUpdated?: string };
}

// ───────────────────────── helpers

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** A set-based check of a staged row: when `when` holds, the row gets an issue on `field`'s column. */
interface Check {
  when: string;
  field: string;
  value: string;
  reason: string;
}

/**
 * The planning statement every kind shares: `ctes` end with a CTE `x` holding per row `row_no`, `issues` (from
 * the cell parsers), `missing`, `intent` (create, update or skip) and the plan's own columns; each check adds an
 * issue; fields missing count only when `missingWhen` holds (a row that creates a record). Issues are built only
 * for rows that have them: most rows pay for a few booleans. Parameters: $1 workspace, $2 user, $3 duplicate mode,
 * $4 match key, $5 own scope only, $6 field → header (issues name the file's columns).
 */
function planStatement(ctes: string, checks: Check[], missingWhen: string, columns: string): string {
  const found = `array_remove(ARRAY[${checks
    .map((c) => `CASE WHEN ${c.when} THEN jsonb_build_object('column', coalesce($6::jsonb ->> ${q(c.field)}, ${q(c.field)}), 'value', ${c.value}, 'reason', ${c.reason}) END`)
    .join(',\n ')}]::jsonb[], NULL)`;
  const clean = 'issues IS NULL AND cardinality(found) = 0 AND lacking IS NULL';
  return `CREATE TEMP TABLE import_plan AS
    WITH ${ctes},
    y AS (SELECT x.*, ${found} AS found, CASE WHEN ${missingWhen} THEN x.missing END AS lacking FROM x)
    SELECT row_no, CASE WHEN ${clean} THEN intent ELSE 'error' END AS action,
           CASE WHEN ${clean} THEN NULL
                ELSE coalesce(issues, '[]'::jsonb) || to_jsonb(found)
                     || coalesce((SELECT jsonb_agg(jsonb_build_object('column', coalesce($6::jsonb ->> f, f), 'value', NULL, 'reason', 'is required')) FROM unnest(lacking) f), '[]'::jsonb)
           END AS issues,
           ${columns}
      FROM y`;
}
/** The row is the first of its match key and email in the file (customers). */
const FIRST_IN_FILE = '(x.key_first IS NULL OR x.key_first = x.row_no) AND (x.email_first IS NULL OR x.email_first = x.row_no)';
/**
 * Updates the records the plan matched ($1 workspace, $2 import) with `set` (assignments over `x`, the record, and
 * `t`, the staged row), keeping each one's previous values in `import_records` for undo.
 */
const updateFromPlan = (table: string, set: string) =>
  `WITH t AS (SELECT p.match_id, p.ref_id, s.* FROM import_plan p JOIN import_stage s USING (row_no) WHERE p.action = 'update'),
        prev AS (SELECT x.id, to_jsonb(x) AS before FROM ${table} x JOIN t ON t.match_id = x.id WHERE x.workspace_id = $1),
        upd AS (UPDATE ${table} x SET ${set}, version = x.version + 1, updated_at = now()
                  FROM t WHERE x.workspace_id = $1 AND x.id = t.match_id RETURNING x.id, x.version)
   INSERT INTO import_records (workspace_id, import_id, record_id, before, version_after)
   SELECT $1, $2, upd.id, prev.before, upd.version FROM upd JOIN prev USING (id)`;

/** `{ n }`: how many rows a data-changing statement touched. */
const counted = (statement: string) => `WITH t AS (${statement} RETURNING 1) SELECT count(*)::int AS n FROM t`;

/** Undo of updates: `columns` back to their values before the import ($1 workspace, $2 import), unless changed since. */
const restoreUpdated = (table: string, columns: string[]) =>
  counted(`UPDATE ${table} x SET ${columns.map((c) => `${c} = b.${c}`).join(', ')}, version = x.version + 1, updated_at = now()
             FROM import_records r CROSS JOIN LATERAL jsonb_populate_record(NULL::${table}, r.before) b
            WHERE r.workspace_id = $1 AND r.import_id = $2 AND r.before IS NOT NULL AND x.workspace_id = $1 AND x.id = r.record_id AND x.version = r.version_after`);

/** Undo of creations: the import's records still at version 1 (untouched since), by their `import_id`. */
const removeCreated = (table: string) => counted(`DELETE FROM ${table} x WHERE x.workspace_id = $1 AND x.import_id = $2 AND x.version = 1`);

/** The first row of each value (rows with cell issues left out): later rows with it are duplicates within the file. */
const firstRows = (name: string, expr: string) =>
  `${name} AS (SELECT ${expr} AS v, min(row_no) AS first FROM import_stage WHERE issues IS NULL AND ${expr} IS NOT NULL GROUP BY 1)`;

/** A row builder: reads mapped cells, records issues per field, keeps the first parse result. */
function rowReader(ctx: ConvertContext, cells: string[]) {
  const issues: ImportIssue[] = [];
  const missing: string[] = [];
  const raw = (field: string): string => {
    const i = ctx.columns.get(field);
    const v = i === undefined ? '' : (cells[i] ?? '');
    // A formula neutralised by an export ('=…) reads back as it was written.
    return v.charCodeAt(0) === 39 && /^'[-=+@\t\r]/.test(v) ? v.slice(1) : v;
  };
  const read = <T>(field: string, parse: (s: string) => Parsed<T>): T | null => {
    const s = raw(field);
    if (s.trim() === '') return null;
    const r = parse(s);
    if (r.ok) return r.value;
    issues.push({ column: ctx.headerOf(field), value: s.length > 500 ? `${s.slice(0, 500)}…` : s, reason: r.reason });
    return null;
  };
  return { issues, missing, raw, read };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A customer reference in a cell: an email or a customer id. */
const parseCustomerRef = (s: string): Parsed<string> => (UUID.test(s.trim()) ? { ok: true, value: s.trim().toLowerCase() } : parseEmail(s));
/** SQL: resolves `ref` (email or id) to a live customer of the workspace. */
const CUSTOMER_REF_JOIN = (alias: string, ref: string) =>
  `LEFT JOIN LATERAL (SELECT c.id, c.owner_id FROM customers c
     WHERE c.workspace_id = $1 AND c.deleted_at IS NULL
       AND (CASE WHEN ${ref} ~ '^[0-9a-f-]{36}$' THEN c.id = ${ref}::uuid ELSE c.email_normalized = lower(btrim(${ref})) END) LIMIT 1) ${alias} ON ${ref} IS NOT NULL`;
const MEMBERS = `(SELECT lower(u.email) AS email, u.id FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.workspace_id = $1)`;

// ───────────────────────── customers

const ADDRESS_PARTS = ['line1', 'line2', 'city', 'region', 'postalCode', 'country'] as const;
const field = (key: string, label: string, type: ImportField['type'], extra: Partial<ImportField> = {}): ImportField => ({
  key,
  label,
  type,
  required: false,
  matchable: false,
  ...extra,
});

export function customFieldsAsImportFields(fields: CustomField[]): ImportField[] {
  const type = (t: CustomField['type']): ImportField['type'] =>
    t === 'number' ? 'number' : t === 'date' ? 'date' : t === 'select' ? 'enum' : t === 'multiselect' ? 'list' : t === 'checkbox' ? 'boolean' : 'text';
  return fields.map((f) => field(`custom.${f.key}`, f.label, type(f.type), { required: f.required, matchable: f.type === 'text', ...(f.options.length ? { options: f.options } : {}) }));
}

function parseCustom(f: CustomField, s: string): Parsed<unknown> {
  switch (f.type) {
    case 'number':
      return parseNumber(s);
    case 'date':
      return parseDate(s);
    case 'checkbox':
      return parseBoolean(s);
    case 'select':
      return parseEnum(s, f.options);
    case 'multiselect': {
      const list = parseList(s, { max: 50, itemMax: 80 });
      if (!list.ok) return list;
      const bad = list.value.filter((v) => !f.options.some((o) => o.toLowerCase() === v.toLowerCase()));
      if (bad.length) return { ok: false, reason: `must be a list of: ${f.options.join(', ')}` };
      return { ok: true, value: list.value.map((v) => f.options.find((o) => o.toLowerCase() === v.toLowerCase())!) };
    }
    default:
      return parseText(s, 2000);
  }
}

/** A JSON object of custom values (as Grip exports them), each checked against its field. */
function parseCustomJson(s: string, fields: CustomField[]): Parsed<Record<string, unknown>> {
  let value: unknown;
  try {
    value = JSON.parse(s);
  } catch {
    return { ok: false, reason: 'must be a JSON object of custom fields' };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { ok: false, reason: 'must be a JSON object of custom fields' };
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const f = fields.find((x) => x.key === key);
    if (!f) return { ok: false, reason: `${key} is not a custom field of this workspace` };
    if (v === null) continue;
    const parsed = parseCustom(f, Array.isArray(v) ? v.join(', ') : String(v));
    if (!parsed.ok) return { ok: false, reason: `${key} ${parsed.reason}` };
    out[key] = parsed.value;
  }
  return { ok: true, value: out };
}

const customers: EntityDef = {
  entity: 'customers',
  permissions: { create: 'customers:create', update: 'customers:update' },
  staticFields: [
    field('name', 'Name', 'text', { required: true, matchable: true }),
    field('firstName', 'First name', 'text'),
    field('lastName', 'Last name', 'text'),
    field('kind', 'Kind (person or company)', 'enum', { options: [...CUSTOMER_KINDS] }),
    field('email', 'Email', 'email', { matchable: true }),
    field('phone', 'Phone', 'phone', { matchable: true }),
    field('company', 'Company', 'text'),
    field('status', 'Status', 'enum', { options: [...CUSTOMER_STATUSES] }),
    field('tags', 'Tags', 'list'),
    field('owner', 'Owner (member email)', 'email'),
    field('address.line1', 'Address line 1', 'text'),
    field('address.line2', 'Address line 2', 'text'),
    field('address.city', 'City', 'text'),
    field('address.region', 'Region', 'text'),
    field('address.postalCode', 'Postal code', 'text'),
    field('address.country', 'Country (2-letter code)', 'text'),
    // The `custom` column of a Grip export: every custom field as one JSON object.
    field('custom', 'Custom fields (JSON)', 'text'),
  ],
  columns: [
    { name: 'kind', type: 'text' },
    { name: 'name', type: 'text' },
    { name: 'email', type: 'text' },
    { name: 'phone', type: 'text' },
    { name: 'company', type: 'text' },
    { name: 'status', type: 'text' },
    { name: 'tags', type: 'text[]' },
    { name: 'address', type: 'jsonb' },
    { name: 'owner_email', type: 'text' },
    { name: 'custom', type: 'jsonb' },
  ],
  // Email first: the default, and the key that also guards against duplicates.
  matchKeys: (fields) => ['email', 'phone', 'name', ...fields.filter((f) => f.matchable && f.key.startsWith('custom.')).map((f) => f.key)],
  converter(ctx) {
    const customs = ctx.customFields;
    return (cells) => {
      const r = rowReader(ctx, cells);
      let name = r.read('name', (s) => parseText(s, 200));
      if (name === null && !ctx.columns.has('name')) {
        const joined = [r.raw('firstName').trim(), r.raw('lastName').trim()].filter(Boolean).join(' ');
        if (joined) name = joined.length > 200 ? (r.issues.push({ column: ctx.headerOf('firstName'), value: joined, reason: 'the name must be at most 200 characters' }), null) : joined;
      }
      if (name === null) r.missing.push('name');
      const kind = r.read('kind', (s) => parseEnum(s, CUSTOMER_KINDS, { individual: 'person', private: 'person', business: 'company', organisation: 'company', organization: 'company', org: 'company' }));
      const email = r.read('email', parseEmail);
      const parts: Record<string, string> = {};
      for (const part of ADDRESS_PARTS) {
        const v = r.read(`address.${part}`, (s) =>
          part === 'country' ? (/^[A-Za-z]{2}$/.test(s.trim()) ? { ok: true, value: s.trim().toUpperCase() } : { ok: false, reason: 'must be a two-letter country code' }) : parseText(s, part === 'postalCode' ? 20 : 200),
        );
        if (v !== null) parts[part] = v;
      }
      const address = Object.keys(parts).length > 0 ? parts : null;
      const phone = r.read('phone', (s) => {
        const p = tryNormalizePhone(s, parts.country);
        return p ? { ok: true, value: p } : { ok: false, reason: s.trim().startsWith('+') || parts.country ? 'is not a valid phone number' : 'is not a valid phone number; start with + and the country code, or map the address country' };
      });
      const company = r.read('company', (s) => parseText(s, 200));
      const status = r.read('status', (s) => parseEnum(s, CUSTOMER_STATUSES, { prospect: 'lead', customer: 'active', former: 'churned', lost: 'churned', inactive: 'inactive' }));
      const tags = r.read('tags', (s) => parseList(s, { max: 50, itemMax: 40 }));
      const owner = r.read('owner', parseEmail);
      let custom: Record<string, unknown> | null = r.read('custom', (s) => parseCustomJson(s, customs));
      for (const f of customs) {
        const v = r.read(`custom.${f.key}`, (s) => parseCustom(f, s));
        if (v !== null) (custom ??= {})[f.key] = v;
        else if (f.required && custom?.[f.key] === undefined) r.missing.push(`custom.${f.key}`);
      }
      let matchValue: string | null = null;
      if (ctx.matchKey === 'email') matchValue = email?.toLowerCase() ?? null;
      else if (ctx.matchKey === 'phone') matchValue = phone;
      else if (ctx.matchKey === 'name') matchValue = name?.toLowerCase() ?? null;
      else if (ctx.matchKey.startsWith('custom.')) {
        const v = custom?.[ctx.matchKey.slice(7)];
        matchValue = v === undefined || v === null ? null : String(v);
      }
      return { matchValue, missing: r.missing, issues: r.issues, values: [kind, name, email, phone, company, status, tags, address, owner?.toLowerCase() ?? null, custom] };
    };
  },
  planSql(ctx, headers) {
    const cond =
      ctx.matchKey === 'email' ? 'c.email_normalized = k.v'
      : ctx.matchKey === 'phone' ? 'c.phone = k.v'
      : ctx.matchKey === 'name' ? 'c.sort_name = k.v'
      : `c.custom ->> ${q(ctx.matchKey.slice(7))} = k.v`;
    // Repeated emails are looked for separately only when the match key is something else.
    const byEmail = ctx.matchKey !== 'email';
    const ctes = `${firstRows('key_first', 'match_value')}, ${byEmail ? firstRows('email_first', 'lower(btrim(email))') : 'email_first AS (SELECT NULL::text AS v, NULL::int AS first WHERE false)'},
      matched AS (
        SELECT k.v, min(c.id::text)::uuid AS id, count(*) AS n, bool_or(c.deleted_at IS NOT NULL) AS trashed, bool_and(c.owner_id IS NOT DISTINCT FROM $2::uuid) AS mine
          FROM (SELECT DISTINCT match_value AS v FROM import_stage WHERE match_value IS NOT NULL) k
          JOIN customers c ON c.workspace_id = $1 AND ${cond}
         GROUP BY k.v),
      taken AS (
        SELECT c.email_normalized, c.id FROM customers c
         WHERE c.workspace_id = $1 AND c.email_normalized IN (SELECT lower(btrim(email)) FROM import_stage WHERE email IS NOT NULL)),
      x AS (
        SELECT s.row_no, s.issues, s.missing, s.email, s.owner_email, s.match_value,
               coalesce(sk.first, kf.first) AS key_first, coalesce(se.first, ef.first) AS email_first,
               m.id AS match_id, m.n AS match_n, m.trashed, m.mine, t.id AS taken_by, o.id AS owner_id,
               CASE WHEN m.id IS NOT NULL AND $3 = 'skip' THEN 'skip' WHEN m.id IS NOT NULL AND $3 = 'update' THEN 'update' ELSE 'create' END AS intent
          FROM import_stage s
          LEFT JOIN key_first kf ON kf.v = s.match_value AND s.issues IS NULL
          LEFT JOIN email_first ef ON ef.v = lower(btrim(s.email)) AND s.issues IS NULL
          LEFT JOIN import_seen sk ON sk.kind = 'key' AND sk.v = s.match_value AND s.issues IS NULL
          LEFT JOIN import_seen se ON ${byEmail} AND se.kind = 'email' AND se.v = lower(btrim(s.email)) AND s.issues IS NULL
          LEFT JOIN matched m ON m.v = s.match_value
          LEFT JOIN taken t ON t.email_normalized = lower(btrim(s.email))
          LEFT JOIN ${MEMBERS} o ON o.email = s.owner_email)`;
    const checks: Check[] = [
      { when: 'x.key_first <> x.row_no', field: ctx.matchKey, value: 'x.match_value', reason: `'duplicate of row ' || x.key_first || ' in this file'` },
      { when: `$4 <> 'email' AND x.email_first <> x.row_no`, field: 'email', value: 'x.email', reason: `'duplicate of row ' || x.email_first || ' in this file'` },
      { when: 'x.owner_email IS NOT NULL AND x.owner_id IS NULL', field: 'owner', value: 'x.owner_email', reason: `'is not a member of this workspace'` },
      // A repeat within the file is reported as such, even when its first row was written by an earlier chunk.
      { when: `x.intent = 'create' AND x.taken_by IS NOT NULL AND ${FIRST_IN_FILE}`, field: 'email', value: 'x.email', reason: `'a customer with this email already exists'` },
      { when: `x.intent = 'update' AND x.taken_by IS NOT NULL AND x.taken_by <> x.match_id AND ${FIRST_IN_FILE}`, field: 'email', value: 'x.email', reason: `'another customer has this email'` },
      { when: `x.intent <> 'create' AND x.match_n > 1`, field: ctx.matchKey, value: 'x.match_value', reason: `'matches ' || x.match_n || ' customers; choose a unique match key'` },
      { when: `x.intent = 'update' AND x.trashed`, field: ctx.matchKey, value: 'x.match_value', reason: `'matches a customer in the trash; restore it first'` },
      { when: `x.intent = 'update' AND $5 AND NOT x.mine`, field: ctx.matchKey, value: 'x.match_value', reason: `'matches a customer you do not own'` },
    ];
    const text = planStatement(ctes, checks, `x.intent = 'create'`, 'match_id, owner_id AS ref_id');
    return { text, values: [ctx.workspaceId, ctx.userId, ctx.mode, ctx.matchKey, ctx.ownOnly, JSON.stringify(headers)] };
  },
  // With email as the match key, the key is the email: one list is enough.
  seenKeys: (matchKey) => [{ kind: 'key', expr: 'match_value' }, ...(matchKey === 'email' ? [] : [{ kind: 'email', expr: 'lower(btrim(email))' }])],
  writeSql: {
    create: `INSERT INTO customers (workspace_id, kind, name, email, phone, company, address, tags, status, owner_id, custom, created_by, import_id)
       SELECT $1, coalesce(s.kind, 'person'), s.name, s.email, s.phone, s.company,
              CASE WHEN s.address IS NULL THEN NULL ELSE '{"line1":"","line2":"","city":"","region":"","postalCode":"","country":""}'::jsonb || s.address END,
              coalesce(s.tags, '{}'), coalesce(s.status, 'active'), CASE WHEN s.owner_email IS NULL THEN $2::uuid ELSE p.ref_id END, coalesce(s.custom, '{}'), $2, $3
         FROM import_plan p JOIN import_stage s USING (row_no) WHERE p.action = 'create'`,
    // Non-empty cells win; an address or custom values are merged into what is there.
    update: updateFromPlan(
      'customers',
      `kind = coalesce(t.kind, x.kind), name = coalesce(t.name, x.name), email = coalesce(t.email, x.email),
       phone = coalesce(t.phone, x.phone), company = coalesce(t.company, x.company),
       address = CASE WHEN t.address IS NULL THEN x.address ELSE coalesce(x.address, '{"line1":"","line2":"","city":"","region":"","postalCode":"","country":""}'::jsonb) || t.address END,
       tags = coalesce(t.tags, x.tags), status = coalesce(t.status, x.status),
       owner_id = CASE WHEN t.owner_email IS NULL THEN x.owner_id ELSE t.ref_id END,
       custom = x.custom || coalesce(t.custom, '{}')`,
    ),
  },
  undoSql: {
    // Customers go to the trash (restorable), not away.
    removeCreated: counted(`UPDATE customers x SET deleted_at = now(), deleted_by = $3, version = x.version + 1, updated_at = now()
                              WHERE x.workspace_id = $1 AND x.import_id = $2 AND x.version = 1 AND x.deleted_at IS NULL`),
    restoreUpdated: restoreUpdated('customers', ['kind', 'name', 'email', 'phone', 'company', 'address', 'tags', 'status', 'owner_id', 'custom']),
  },
};

// ───────────────────────── policies

const policies: EntityDef = {
  entity: 'policies',
  permissions: { create: 'policies:create', update: 'policies:update' },
  staticFields: [
    field('customer', 'Customer (email or id)', 'email', { required: true }),
    field('number', 'Policy number', 'text', { required: true, matchable: true }),
    field('product', 'Product', 'text', { required: true }),
    field('carrier', 'Carrier', 'text'),
    field('premium', 'Premium', 'number', { required: true }),
    field('currency', 'Currency', 'enum', { required: true, options: [...CURRENCIES] }),
    field('startDate', 'Start date', 'date', { required: true }),
    field('endDate', 'End date', 'date'),
    field('renewalDate', 'Renewal date', 'date'),
    field('status', 'Status', 'enum', { options: [...POLICY_STATUSES] }),
  ],
  columns: [
    { name: 'customer_ref', type: 'text' },
    { name: 'number', type: 'text' },
    { name: 'product', type: 'text' },
    { name: 'carrier', type: 'text' },
    { name: 'premium', type: 'numeric' },
    { name: 'currency', type: 'text' },
    { name: 'start_date', type: 'date' },
    { name: 'end_date', type: 'date' },
    { name: 'renewal_date', type: 'date' },
    { name: 'status', type: 'text' },
  ],
  matchKeys: () => ['number'],
  converter(ctx) {
    return (cells) => {
      const r = rowReader(ctx, cells);
      const customer = r.read('customer', parseCustomerRef);
      const number = r.read('number', (s) => parseText(s, 60));
      const product = r.read('product', (s) => parseText(s, 120));
      const carrier = r.read('carrier', (s) => parseText(s, 120));
      const premium = r.read('premium', (s) => {
        const n = parseNumber(s);
        if (!n.ok) return n;
        if (n.value < 0) return { ok: false, reason: 'must be zero or more' };
        if (n.value > 1e12) return { ok: false, reason: 'is too large' };
        if (Math.round(n.value * 100) !== Number((n.value * 100).toFixed(6))) return { ok: false, reason: 'may have at most two decimals' };
        return n;
      });
      const currency = r.read('currency', (s) => parseEnum(s.toUpperCase(), CURRENCIES));
      const start = r.read('startDate', parseDate);
      const end = r.read('endDate', parseDate);
      const renewal = r.read('renewalDate', parseDate);
      if (start && end && end < start) r.issues.push({ column: ctx.headerOf('endDate'), value: end, reason: 'must not be before the start date' });
      const status = r.read('status', (s) => parseEnum(s, POLICY_STATUSES));
      for (const [k, v] of [['customer', customer], ['number', number], ['product', product], ['premium', premium], ['currency', currency], ['startDate', start]] as const) {
        if (v === null) r.missing.push(k);
      }
      return { matchValue: number, missing: r.missing, issues: r.issues, values: [customer, number, product, carrier, premium, currency, start, end, renewal, status] };
    };
  },
  planSql(ctx, headers) {
    const ctes = `${firstRows('key_first', 'match_value')},
      x AS (
        SELECT s.row_no, s.issues, s.missing, s.customer_ref, s.match_value, coalesce(sk.first, kf.first) AS key_first, p.id AS match_id, cu.id AS customer_id,
               cu.owner_id AS customer_owner, pc.owner_id AS match_owner,
               CASE WHEN p.id IS NOT NULL AND $3 = 'skip' THEN 'skip' WHEN p.id IS NOT NULL AND $3 = 'update' THEN 'update' ELSE 'create' END AS intent
          FROM import_stage s
          LEFT JOIN key_first kf ON kf.v = s.match_value AND s.issues IS NULL
          LEFT JOIN import_seen sk ON sk.kind = 'key' AND sk.v = s.match_value AND s.issues IS NULL
          LEFT JOIN policies p ON p.workspace_id = $1 AND p.number = s.match_value
          LEFT JOIN customers pc ON pc.workspace_id = $1 AND pc.id = p.customer_id
          ${CUSTOMER_REF_JOIN('cu', 's.customer_ref')})`;
    const checks: Check[] = [
      { when: 'x.key_first <> x.row_no', field: 'number', value: 'x.match_value', reason: `'duplicate of row ' || x.key_first || ' in this file'` },
      { when: 'x.customer_ref IS NOT NULL AND x.customer_id IS NULL', field: 'customer', value: 'x.customer_ref', reason: `'is not a customer of this workspace'` },
      { when: `x.intent = 'create' AND x.match_id IS NOT NULL AND (x.key_first IS NULL OR x.key_first = x.row_no)`, field: 'number', value: 'x.match_value', reason: `'a policy with this number already exists'` },
      { when: `$5 AND x.intent = 'create' AND x.customer_id IS NOT NULL AND x.customer_owner IS DISTINCT FROM $2::uuid`, field: 'customer', value: 'x.customer_ref', reason: `'is not one of your customers'` },
      { when: `$5 AND x.intent = 'update' AND x.match_owner IS DISTINCT FROM $2::uuid`, field: 'number', value: 'x.match_value', reason: `'is a policy of a customer you do not own'` },
    ];
    // Policies are matched on their number whatever $4 says; it is named so that every kind takes the same parameters.
    const text = planStatement(ctes, checks, `x.intent = 'create'`, 'match_id, customer_id AS ref_id, $4::text AS match_key');
    return { text, values: [ctx.workspaceId, ctx.userId, ctx.mode, ctx.matchKey, ctx.ownOnly, JSON.stringify(headers)] };
  },
  seenKeys: () => [{ kind: 'key', expr: 'match_value' }],
  writeSql: {
    create: `INSERT INTO policies (workspace_id, customer_id, number, product, carrier, premium, currency, start_date, end_date, renewal_date, status, created_by, import_id)
       SELECT $1, p.ref_id, s.number, s.product, coalesce(s.carrier, ''), s.premium, s.currency, s.start_date, s.end_date, s.renewal_date, coalesce(s.status, 'active'), $2, $3
         FROM import_plan p JOIN import_stage s USING (row_no) WHERE p.action = 'create'`,
    update: updateFromPlan(
      'policies',
      `customer_id = coalesce(t.ref_id, x.customer_id), product = coalesce(t.product, x.product), carrier = coalesce(t.carrier, x.carrier),
       premium = coalesce(t.premium, x.premium), currency = coalesce(t.currency, x.currency), start_date = coalesce(t.start_date, x.start_date),
       end_date = coalesce(t.end_date, x.end_date), renewal_date = coalesce(t.renewal_date, x.renewal_date), status = coalesce(t.status, x.status)`,
    ),
  },
  undoSql: {
    removeCreated: removeCreated('policies'),
    restoreUpdated: restoreUpdated('policies', ['customer_id', 'product', 'carrier', 'premium', 'currency', 'start_date', 'end_date', 'renewal_date', 'status']),
  },
};

// ───────────────────────── tickets

const tickets: EntityDef = {
  entity: 'tickets',
  permissions: { create: 'tickets:create', update: 'tickets:update' },
  staticFields: [
    field('customer', 'Customer (email or id)', 'email', { required: true }),
    field('title', 'Title', 'text', { required: true }),
    field('description', 'Description', 'text'),
    field('priority', 'Priority', 'enum', { options: [...PRIORITIES] }),
    field('stage', 'Stage (name)', 'text'),
    field('assignee', 'Assignee (member email)', 'email'),
    field('dueAt', 'Due', 'datetime'),
  ],
  columns: [
    { name: 'customer_ref', type: 'text' },
    { name: 'title', type: 'text' },
    { name: 'description', type: 'text' },
    { name: 'priority', type: 'text' },
    { name: 'stage_name', type: 'text' },
    { name: 'assignee_email', type: 'text' },
    { name: 'due_at', type: 'timestamptz' },
  ],
  // Tickets have no natural key: every row opens a ticket.
  matchKeys: () => [],
  converter(ctx) {
    return (cells) => {
      const r = rowReader(ctx, cells);
      const customer = r.read('customer', parseCustomerRef);
      const title = r.read('title', (s) => parseText(s, 200));
      const description = r.read('description', (s) => parseText(s, 20000));
      const priority = r.read('priority', (s) => parseEnum(s, PRIORITIES, { medium: 'normal', normal: 'normal', critical: 'urgent', highest: 'urgent', lowest: 'low' }));
      const stage = r.read('stage', (s) => parseText(s, 80));
      const assignee = r.read('assignee', parseEmail);
      const due = r.read('dueAt', parseDateTime);
      if (customer === null) r.missing.push('customer');
      if (title === null) r.missing.push('title');
      return { matchValue: null, missing: r.missing, issues: r.issues, values: [customer, title, description, priority, stage, assignee?.toLowerCase() ?? null, due] };
    };
  },
  planSql(ctx, headers) {
    const ctes = `pipe AS (SELECT id FROM pipelines WHERE workspace_id = $1 AND is_default LIMIT 1),
      x AS (
        SELECT s.row_no, s.issues, s.missing, s.customer_ref, s.stage_name, s.assignee_email, cu.id AS customer_id, st.id AS stage_id, a.id AS assignee_id,
               'create'::text AS intent
          FROM import_stage s
          ${CUSTOMER_REF_JOIN('cu', 's.customer_ref')}
          LEFT JOIN LATERAL (SELECT ps.id FROM pipeline_stages ps WHERE ps.workspace_id = $1 AND ps.pipeline_id = (SELECT id FROM pipe)
                               AND (CASE WHEN s.stage_name IS NULL THEN true ELSE lower(ps.name) = lower(s.stage_name) END)
                             ORDER BY ps.position LIMIT 1) st ON true
          LEFT JOIN ${MEMBERS} a ON a.email = s.assignee_email)`;
    const checks: Check[] = [
      { when: 'x.customer_ref IS NOT NULL AND x.customer_id IS NULL', field: 'customer', value: 'x.customer_ref', reason: `'is not a customer of this workspace'` },
      { when: 'x.stage_id IS NULL', field: 'stage', value: 'x.stage_name', reason: `'is not a stage of the default pipeline'` },
      { when: 'x.assignee_email IS NOT NULL AND x.assignee_id IS NULL', field: 'assignee', value: 'x.assignee_email', reason: `'is not a member of this workspace'` },
      { when: '$5 AND x.assignee_id IS NOT NULL AND x.assignee_id <> $2::uuid', field: 'assignee', value: 'x.assignee_email', reason: `'you may assign tickets only to yourself'` },
    ];
    // Tickets are always created: the mode and match key ($3, $4) are named so that every kind takes the same parameters.
    const text = planStatement(ctes, checks, 'true', 'NULL::uuid AS match_id, customer_id AS ref_id, stage_id AS ref2_id, assignee_id AS ref3_id, $3::text AS mode, $4::text AS match_key');
    return { text, values: [ctx.workspaceId, ctx.userId, ctx.mode, ctx.matchKey, ctx.ownOnly, JSON.stringify(headers)] };
  },
  seenKeys: () => [],
  writeSql: {
    // Numbers are taken as one block from the workspace's counter; due dates follow the SLA unless given.
    create: `WITH rows AS (SELECT p.row_no, p.ref_id, p.ref2_id, p.ref3_id, s.title, s.description, coalesce(s.priority, 'normal') AS priority, s.due_at,
                          row_number() OVER (ORDER BY p.row_no) AS i
                     FROM import_plan p JOIN import_stage s USING (row_no) WHERE p.action = 'create'),
          settings AS (
            INSERT INTO ticket_settings (workspace_id, sla_minutes, next_number)
            VALUES ($1, '{"urgent":240,"high":1440,"normal":4320,"low":10080}'::jsonb, 1001 + (SELECT count(*) FROM rows))
            ON CONFLICT (workspace_id) DO UPDATE SET next_number = ticket_settings.next_number + (SELECT count(*) FROM rows)
            RETURNING next_number - (SELECT count(*) FROM rows) AS first, sla_minutes AS sla)
     INSERT INTO tickets (workspace_id, number, title, description, customer_id, pipeline_id, stage_id, priority, assignee_id,
                          due_at, due_source, overdue, completed_at, source, created_by, import_id)
     SELECT $1, st.first + r.i - 1, r.title, coalesce(r.description, ''), r.ref_id, ps.pipeline_id, r.ref2_id, r.priority, r.ref3_id,
            d.due, CASE WHEN r.due_at IS NULL THEN 'sla' ELSE 'manual' END, ps.category <> 'done' AND d.due <= now(),
            CASE WHEN ps.category = 'done' THEN now() END, 'api', $2, $3
       FROM rows r CROSS JOIN settings st
       JOIN pipeline_stages ps ON ps.workspace_id = $1 AND ps.id = r.ref2_id
       CROSS JOIN LATERAL (SELECT coalesce(r.due_at, now() + make_interval(mins => coalesce((st.sla ->> r.priority)::int, 4320))) AS due) d`,
  },
  undoSql: { removeCreated: removeCreated('tickets') },
};

export const ENTITIES: Record<ImportEntity, EntityDef> = { customers, policies, tickets };

/** The fields a file can be mapped to: the kind's own and, for customers, the workspace's custom fields. */
export function importFields(def: EntityDef, customFields: CustomField[]): ImportField[] {
  return def.entity === 'customers' ? [...def.staticFields, ...customFieldsAsImportFields(customFields)] : def.staticFields;
}
