import type { Readable } from 'node:stream';
import type pg from 'pg';
import type { z } from 'zod';
import type { Scope } from '@grip/contracts/access';
import { customerListQuery } from '@grip/contracts/customers';
import type { ExportEntity, ExportFormat } from '@grip/contracts/exports';
import { policyListQuery } from '@grip/contracts/policies';
import { ticketListQuery } from '@grip/contracts/tickets';
import { copyCsv, pickColumns, type ExportColumn } from '../../lib/csv-export.ts';
import { XLSX_CONTENT_TYPE, xlsxStream } from '../../lib/xlsx-export.ts';
import { AppError } from '../../plugins/errors.ts';
import { CUSTOMER_EXPORT_COLUMNS, customerExportSelect, type Caller } from '../customers/customers.service.ts';
import { POLICY_EXPORT_COLUMNS, policyExportSelect } from '../policies/policies.service.ts';
import { TICKET_EXPORT_COLUMNS, ticketExportSelect } from '../tickets/tickets.service.ts';

// What the three exportable lists contribute: their columns, their list query (without paging) and the SELECT
// that applies it. The direct downloads, export jobs and scheduled exports all go through here, so one SQL
// definition (with its formula neutralising) serves CSV and XLSX alike.

export const exportQueries = {
  customers: customerListQuery.omit({ limit: true, cursor: true }),
  policies: policyListQuery.omit({ limit: true, cursor: true }),
  tickets: ticketListQuery.omit({ limit: true, cursor: true }),
};

interface Source {
  columns: readonly ExportColumn[];
  /** The permission that lets someone read (and so export) these records. */
  permission: 'customers:read' | 'policies:read' | 'tickets:read';
  sheetName: string;
  select: (pool: pg.Pool, caller: Caller, query: Record<string, unknown>, columns: ExportColumn[]) => Promise<string>;
}

export const EXPORT_SOURCES: Record<ExportEntity, Source> = {
  customers: {
    columns: CUSTOMER_EXPORT_COLUMNS,
    permission: 'customers:read',
    sheetName: 'Customers',
    select: (pool, caller, q, columns) => customerExportSelect(pool, caller, q as z.output<typeof exportQueries.customers>, columns),
  },
  policies: {
    columns: POLICY_EXPORT_COLUMNS,
    permission: 'policies:read',
    sheetName: 'Policies',
    select: async (_pool, caller, q, columns) => policyExportSelect(caller, q as z.output<typeof exportQueries.policies>, columns),
  },
  tickets: {
    columns: TICKET_EXPORT_COLUMNS,
    permission: 'tickets:read',
    sheetName: 'Tickets',
    select: async (_pool, caller, q, columns) => ticketExportSelect(caller, q as z.output<typeof exportQueries.tickets>, columns),
  },
};

export const readPermissionOf = (entity: ExportEntity) => EXPORT_SOURCES[entity].permission;

/**
 * Where the list's own checks name their field (`querystring.status`), an export asked for in a body names it
 * where it was given: `fieldOf('status')` → `body.query.status`.
 */
function renameFields(err: unknown, fieldOf: (name: string) => string): unknown {
  if (!(err instanceof AppError) || err.status !== 400) return err;
  const details = err.details as { fields?: Array<{ field: string; message: string }> } | undefined;
  if (!details?.fields) return err;
  const fields = details.fields.map((f) => ({ field: f.field.startsWith('querystring.') ? fieldOf(f.field.slice('querystring.'.length)) : f.field, message: f.message }));
  return new AppError(err.code, `Invalid request — ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`, 400, { fields });
}

export interface ExportRequest {
  entity: ExportEntity;
  /** The list's querystring (filters and sort). */
  query: Record<string, unknown>;
  fields?: readonly string[] | undefined;
}

/**
 * The SELECT of an export asked for in a body (an export job, a schedule), and the statement that counts its rows:
 * the query is checked against the list's own query schema and the fields against the allow-list; a mistake is a
 * 400 naming `<query>.<name>` or `<fields>` (say `body.query.status`, `body.fields`).
 */
export async function buildExportSelect(pool: pg.Pool, caller: Caller, req: ExportRequest, names: { query: string; fields: string }): Promise<{ select: string; count: string }> {
  const parsed = exportQueries[req.entity].strict().safeParse(req.query);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => ({
      field: [names.query, ...(i.code === 'unrecognized_keys' ? [i.keys.join(',')] : i.path.map(String))].join('.'),
      message: i.code === 'unrecognized_keys' ? 'is not a filter of this list' : i.message,
    }));
    throw new AppError('validation_failed', `Invalid request — ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`, 400, { fields });
  }
  const source = EXPORT_SOURCES[req.entity];
  try {
    const columns = pickColumns(source.columns, req.fields && req.fields.length > 0 ? req.fields.join(',') : undefined);
    const select = await source.select(pool, caller, parsed.data, columns);
    // Counted with the first (plain) column only: the notes and messages aggregates do not change how many rows match.
    const count = countOf(await source.select(pool, caller, parsed.data, [source.columns[0]!]));
    return { select, count };
  } catch (err) {
    throw renameFields(err, (name) => (name === 'fields' ? names.fields : `${names.query}.${name}`));
  }
}

/** The count of an export's SELECT: its FROM and WHERE, without the columns and the order. */
function countOf(select: string): string {
  const from = select.indexOf(' FROM ');
  const order = select.lastIndexOf(' ORDER BY ');
  if (from < 0 || order < from) throw new Error('export: a SELECT without FROM or ORDER BY');
  return `SELECT count(*)::int AS n${select.slice(from, order)}`;
}

/** The SELECT of a direct download, from its already-validated querystring. */
export async function downloadSelect(pool: pg.Pool, caller: Caller, entity: ExportEntity, query: Record<string, unknown>, fields: string | undefined): Promise<string> {
  const source = EXPORT_SOURCES[entity];
  return source.select(pool, caller, query, pickColumns(source.columns, fields));
}

/**
 * The export as a stream in the chosen format, under the caller's tenant context. XLSX is written from the same
 * CSV that COPY produces (parsed row by row), so both formats hold the same, formula-safe, values.
 */
export async function exportStream(pool: pg.Pool, caller: Caller, entity: ExportEntity, format: ExportFormat, select: string, opts: { bom: boolean }): Promise<Readable> {
  const csv = await copyCsv(pool, caller, select, { bom: format === 'csv' && opts.bom });
  return format === 'csv' ? csv : xlsxStream(csv, EXPORT_SOURCES[entity].sheetName);
}

export const CONTENT_TYPES: Record<ExportFormat, string> = { csv: 'text/csv; charset=utf-8', xlsx: XLSX_CONTENT_TYPE };

export const fileNameOf = (entity: ExportEntity, format: ExportFormat, at = new Date()) => `${entity}-${at.toISOString().slice(0, 10)}.${format}`;

/** The scope a user's role grants for a permission in a workspace (null: not granted, or no longer a member). */
export async function scopeOf(client: Pick<pg.PoolClient, 'query'>, workspaceId: string, userId: string | null, permission: string): Promise<Scope | null> {
  if (!userId) return null;
  const { rows } = await client.query<{ scope: Scope | null }>(
    `SELECT r.permissions->>$3 AS scope
       FROM memberships m JOIN roles r ON r.workspace_id = m.workspace_id AND r.id = m.role_id JOIN users u ON u.id = m.user_id
      WHERE m.workspace_id = $1 AND m.user_id = $2 AND NOT u.banned`,
    [workspaceId, userId, permission],
  );
  return rows[0]?.scope ?? null;
}
