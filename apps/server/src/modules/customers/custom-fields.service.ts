import type pg from 'pg';
import type { z } from 'zod';
import type { createCustomFieldBody, updateCustomFieldBody } from '@grip/contracts/customers';
import { withTenant, type TenantContext } from '../../db/tenant.ts';
import { notFound } from '../../plugins/errors.ts';
import { fieldError } from '../../lib/cursor.ts';
import { recordAudit, type AuditMeta } from '../audit/audit.service.ts';
import { FIELD_COLUMNS, toField } from './customers.repository.ts';
import { fieldsOf, forgetFields } from './customers.service.ts';

const COLUMNS = FIELD_COLUMNS;

function checkOptions(type: string, options: string[]) {
  const needs = type === 'select' || type === 'multiselect';
  if (needs && options.length === 0) throw fieldError('validation_failed', 400, 'body.options', `a ${type} field needs at least one option`);
  if (!needs && options.length > 0) throw fieldError('validation_failed', 400, 'body.options', `a ${type} field has no options`);
  if (new Set(options).size !== options.length) throw fieldError('validation_failed', 400, 'body.options', 'must not repeat an option');
}

export function listCustomFields(pool: pg.Pool, ctx: TenantContext) {
  return fieldsOf(pool, ctx).then((items) => ({ items }));
}

export async function createCustomField(pool: pg.Pool, ctx: TenantContext, input: z.output<typeof createCustomFieldBody>, meta: AuditMeta) {
  checkOptions(input.type, input.options);
  return withTenant(pool, ctx, async ({ client }) => {
    const { rows: count } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM customer_fields WHERE workspace_id = $1', [ctx.workspaceId]);
    if (count[0]!.n >= 100) throw fieldError('too_many_fields', 409, 'body.key', 'a workspace can define at most 100 custom fields');
    const { rows } = await client.query(
      `INSERT INTO customer_fields (workspace_id, key, label, type, options, required, position)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (workspace_id, key) DO NOTHING RETURNING ${COLUMNS}`,
      [ctx.workspaceId, input.key, input.label, input.type, input.options, input.required, count[0]!.n],
    );
    if (!rows[0]) throw fieldError('key_taken', 409, 'body.key', 'is already used by another field');
    const field = toField(rows[0]);
    await recordAudit(client, ctx.workspaceId, meta, { action: 'customer_field.created', entityType: 'customer_field', entityId: field.id, after: field });
    forgetFields(ctx.workspaceId);
    return field;
  });
}

export async function updateCustomField(pool: pg.Pool, ctx: TenantContext, id: string, input: z.output<typeof updateCustomFieldBody>, meta: AuditMeta) {
  return withTenant(pool, ctx, async ({ client }) => {
    const { rows: found } = await client.query(`SELECT ${COLUMNS} FROM customer_fields WHERE workspace_id = $1 AND id = $2 FOR UPDATE`, [ctx.workspaceId, id]);
    if (!found[0]) throw notFound('Custom field');
    const before = toField(found[0]);
    if (input.options) checkOptions(before.type, input.options);
    const { rows } = await client.query(
      `UPDATE customer_fields SET label = coalesce($3, label), options = coalesce($4, options), required = coalesce($5, required), position = coalesce($6, position)
        WHERE workspace_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
      [ctx.workspaceId, id, input.label ?? null, input.options ?? null, input.required ?? null, input.position ?? null],
    );
    const field = toField(rows[0]);
    await recordAudit(client, ctx.workspaceId, meta, { action: 'customer_field.updated', entityType: 'customer_field', entityId: id, before, after: field });
    forgetFields(ctx.workspaceId);
    return field;
  });
}

/** Deletes a field and its values from every customer of the workspace (one transaction). */
export async function deleteCustomField(pool: pg.Pool, ctx: TenantContext, id: string, meta: AuditMeta) {
  await withTenant(pool, ctx, async ({ client }) => {
    const { rows } = await client.query(`DELETE FROM customer_fields WHERE workspace_id = $1 AND id = $2 RETURNING ${COLUMNS}`, [ctx.workspaceId, id]);
    if (!rows[0]) throw notFound('Custom field');
    const field = toField(rows[0]);
    await client.query('UPDATE customers SET custom = custom - $2::text WHERE workspace_id = $1 AND custom ? $2::text', [ctx.workspaceId, field.key]);
    await recordAudit(client, ctx.workspaceId, meta, { action: 'customer_field.deleted', entityType: 'customer_field', entityId: id, before: field });
  });
  forgetFields(ctx.workspaceId);
}
