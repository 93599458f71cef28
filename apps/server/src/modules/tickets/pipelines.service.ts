import type pg from 'pg';
import type { z } from 'zod';
import {
  DEFAULT_SLA,
  type createPipelineBody,
  type createStageBody,
  type Pipeline,
  type Sla,
  type StageCategory,
  type TicketSettings,
  type updatePipelineBody,
  type updateStageBody,
} from '@grip/contracts/tickets';
import { tenantRead, withTenant, type TenantContext } from '../../db/tenant.ts';
import { AppError, notFound } from '../../plugins/errors.ts';
import { fieldError } from '../../lib/cursor.ts';
import { recordAudit, type AuditMeta } from '../audit/audit.service.ts';

type Q = Pick<pg.PoolClient, 'query'>;

export const DEFAULT_STAGES: ReadonlyArray<{ name: string; category: StageCategory }> = [
  { name: 'New', category: 'open' },
  { name: 'In Progress', category: 'open' },
  { name: 'Waiting', category: 'waiting' },
  { name: 'Completed', category: 'done' },
];

/** Gives a new workspace its default pipeline and SLA targets (inside the transaction that creates it). */
export async function setUpTickets(client: Q, workspaceId: string): Promise<void> {
  await client.query('INSERT INTO ticket_settings (workspace_id, sla_minutes) VALUES ($1, $2) ON CONFLICT DO NOTHING', [workspaceId, JSON.stringify(DEFAULT_SLA)]);
  await insertPipeline(client, workspaceId, 'Support', true, DEFAULT_STAGES);
}

async function insertPipeline(client: Q, workspaceId: string, name: string, isDefault: boolean, stages: ReadonlyArray<{ name: string; category: StageCategory }>) {
  const { rows } = await client.query<{ id: string }>('INSERT INTO pipelines (workspace_id, name, is_default) VALUES ($1, $2, $3) RETURNING id', [workspaceId, name, isDefault]);
  const id = rows[0]!.id;
  await client.query(
    `INSERT INTO pipeline_stages (workspace_id, pipeline_id, name, category, position)
     SELECT $1, $2, s.name, s.category, s.ord - 1 FROM unnest($3::text[], $4::text[]) WITH ORDINALITY AS s(name, category, ord)`,
    [workspaceId, id, stages.map((s) => s.name), stages.map((s) => s.category)],
  );
  return id;
}

const PIPELINES_SQL = `SELECT p.id, p.name, p.is_default AS "isDefault", p.created_at AS "createdAt",
    coalesce((SELECT json_agg(json_build_object('id', s.id, 'name', s.name, 'category', s.category, 'position', s.position) ORDER BY s.position)
                FROM pipeline_stages s WHERE s.workspace_id = p.workspace_id AND s.pipeline_id = p.id), '[]') AS stages
  FROM pipelines p WHERE p.workspace_id = $1`;

type PipelineRow = Omit<Pipeline, 'createdAt'> & { createdAt: Date | string };
const toPipeline = (r: PipelineRow): Pipeline => ({ ...r, createdAt: new Date(r.createdAt).toISOString() });

/** Every pipeline of the workspace with its stages in order, the default first. */
export async function listPipelines(pool: pg.Pool, ctx: TenantContext): Promise<Pipeline[]> {
  const rows = await tenantRead<PipelineRow>(pool, ctx, `${PIPELINES_SQL} ORDER BY p.is_default DESC, p.created_at, p.id`, [ctx.workspaceId], { prepare: true });
  return rows.map(toPipeline);
}

/** One pipeline (the default when `id` is undefined). */
export async function getPipeline(client: Q, workspaceId: string, id: string | undefined, field = 'pipelineId'): Promise<Pipeline> {
  const { rows } = await client.query<PipelineRow>(
    id ? `${PIPELINES_SQL} AND p.id = $2` : `${PIPELINES_SQL} AND p.is_default`,
    id ? [workspaceId, id] : [workspaceId],
  );
  if (!rows[0]) {
    if (id && field !== 'pipelineId') throw fieldError('validation_failed', 400, field, 'is not a pipeline of this workspace');
    throw notFound('Pipeline');
  }
  return toPipeline(rows[0]);
}

export async function readPipeline(pool: pg.Pool, ctx: TenantContext, id: string | undefined): Promise<Pipeline> {
  const rows = await tenantRead<PipelineRow>(pool, ctx, id ? `${PIPELINES_SQL} AND p.id = $2` : `${PIPELINES_SQL} AND p.is_default`, id ? [ctx.workspaceId, id] : [ctx.workspaceId], {
    prepare: true,
  });
  if (!rows[0]) throw notFound('Pipeline');
  return toPipeline(rows[0]);
}

export async function createPipeline(pool: pg.Pool, ctx: TenantContext, input: z.output<typeof createPipelineBody>, meta: AuditMeta): Promise<Pipeline> {
  return withTenant(pool, ctx, async ({ client }) => {
    const id = await insertPipeline(client, ctx.workspaceId, input.name, false, input.stages ?? DEFAULT_STAGES);
    const pipeline = await getPipeline(client, ctx.workspaceId, id);
    await recordAudit(client, ctx.workspaceId, meta, { action: 'pipeline.created', entityType: 'pipeline', entityId: id, after: pipeline });
    return pipeline;
  });
}

/** Runs a change to one pipeline with it locked, audits before/after, and answers with the pipeline as it is after. */
async function changePipeline(pool: pg.Pool, ctx: TenantContext, id: string, action: string, meta: AuditMeta, change: (client: Q, before: Pipeline) => Promise<void>): Promise<Pipeline> {
  return withTenant(pool, ctx, async ({ client }) => {
    const { rows } = await client.query('SELECT 1 FROM pipelines WHERE workspace_id = $1 AND id = $2 FOR UPDATE', [ctx.workspaceId, id]);
    if (!rows[0]) throw notFound('Pipeline');
    const before = await getPipeline(client, ctx.workspaceId, id);
    await change(client, before);
    const after = await getPipeline(client, ctx.workspaceId, id);
    await recordAudit(client, ctx.workspaceId, meta, { action, entityType: 'pipeline', entityId: id, before, after });
    return after;
  });
}

export function updatePipeline(pool: pg.Pool, ctx: TenantContext, id: string, input: z.output<typeof updatePipelineBody>, meta: AuditMeta) {
  return changePipeline(pool, ctx, id, 'pipeline.updated', meta, async (client) => {
    if (input.name) await client.query('UPDATE pipelines SET name = $3 WHERE workspace_id = $1 AND id = $2', [ctx.workspaceId, id, input.name]);
    if (input.isDefault) {
      await client.query('UPDATE pipelines SET is_default = false WHERE workspace_id = $1 AND is_default AND id <> $2', [ctx.workspaceId, id]);
      await client.query('UPDATE pipelines SET is_default = true WHERE workspace_id = $1 AND id = $2', [ctx.workspaceId, id]);
    }
  });
}

export async function deletePipeline(pool: pg.Pool, ctx: TenantContext, id: string, meta: AuditMeta): Promise<void> {
  await withTenant(pool, ctx, async ({ client }) => {
    const before = await getPipeline(client, ctx.workspaceId, id);
    if (before.isDefault) throw new AppError('default_pipeline', 'The default pipeline cannot be removed; make another one the default first', 409);
    const count = await ticketsIn(client, ctx.workspaceId, 'pipeline_id', id);
    if (count > 0) throw new AppError('pipeline_not_empty', `Move the ${count} tickets of this pipeline first`, 409, { count });
    await client.query('DELETE FROM pipelines WHERE workspace_id = $1 AND id = $2', [ctx.workspaceId, id]);
    await recordAudit(client, ctx.workspaceId, meta, { action: 'pipeline.deleted', entityType: 'pipeline', entityId: id, before });
  });
}

async function ticketsIn(client: Q, workspaceId: string, column: 'pipeline_id' | 'stage_id', id: string): Promise<number> {
  const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM tickets WHERE workspace_id = $1 AND ${column} = $2`, [workspaceId, id]);
  return rows[0]!.n;
}

/** Writes stage positions 0…n-1 in the given order. */
async function writeOrder(client: Q, workspaceId: string, ids: string[]) {
  await client.query(
    `UPDATE pipeline_stages s SET position = o.ord - 1 FROM unnest($2::uuid[]) WITH ORDINALITY AS o(id, ord) WHERE s.workspace_id = $1 AND s.id = o.id`,
    [workspaceId, ids],
  );
}

export function addStage(pool: pg.Pool, ctx: TenantContext, pipelineId: string, input: z.output<typeof createStageBody>, meta: AuditMeta) {
  return changePipeline(pool, ctx, pipelineId, 'pipeline.stage_added', meta, async (client, before) => {
    if (before.stages.length >= 30) throw new AppError('too_many_stages', 'A pipeline has at most 30 stages', 409);
    const { rows } = await client.query<{ id: string }>(
      'INSERT INTO pipeline_stages (workspace_id, pipeline_id, name, category, position) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [ctx.workspaceId, pipelineId, input.name, input.category, before.stages.length],
    );
    const ids = before.stages.map((s) => s.id);
    ids.splice(Math.min(input.position ?? ids.length, ids.length), 0, rows[0]!.id);
    await writeOrder(client, ctx.workspaceId, ids);
  });
}

/**
 * Renames a stage or changes its category. Tickets in it follow the category at once: entering `done` completes
 * them (and clears their overdue flag); leaving it reopens them.
 */
export function updateStage(pool: pg.Pool, ctx: TenantContext, pipelineId: string, stageId: string, input: z.output<typeof updateStageBody>, meta: AuditMeta) {
  return changePipeline(pool, ctx, pipelineId, 'pipeline.stage_updated', meta, async (client, before) => {
    const stage = before.stages.find((s) => s.id === stageId);
    if (!stage) throw notFound('Stage');
    await client.query('UPDATE pipeline_stages SET name = coalesce($3, name), category = coalesce($4, category) WHERE workspace_id = $1 AND id = $2', [
      ctx.workspaceId,
      stageId,
      input.name ?? null,
      input.category ?? null,
    ]);
    if (input.category && (input.category === 'done') !== (stage.category === 'done')) {
      await client.query(
        input.category === 'done'
          ? 'UPDATE tickets SET completed_at = now(), overdue = false, version = version + 1, updated_at = now() WHERE workspace_id = $1 AND stage_id = $2'
          : 'UPDATE tickets SET completed_at = NULL, overdue_notified_at = NULL, version = version + 1, updated_at = now() WHERE workspace_id = $1 AND stage_id = $2',
        [ctx.workspaceId, stageId],
      );
    }
  });
}

export function reorderStages(pool: pg.Pool, ctx: TenantContext, pipelineId: string, stageIds: string[], meta: AuditMeta) {
  return changePipeline(pool, ctx, pipelineId, 'pipeline.stages_reordered', meta, async (client, before) => {
    const current = before.stages.map((s) => s.id).sort();
    if (new Set(stageIds).size !== stageIds.length || [...stageIds].sort().join() !== current.join()) {
      throw fieldError('validation_failed', 400, 'body.stageIds', 'must list every stage of the pipeline exactly once');
    }
    await writeOrder(client, ctx.workspaceId, stageIds);
  });
}

/** Removes an empty stage; a stage that still holds tickets gets 409 stage_not_empty with their count. */
export function removeStage(pool: pg.Pool, ctx: TenantContext, pipelineId: string, stageId: string, meta: AuditMeta) {
  return changePipeline(pool, ctx, pipelineId, 'pipeline.stage_removed', meta, async (client, before) => {
    if (!before.stages.some((s) => s.id === stageId)) throw notFound('Stage');
    if (before.stages.length === 1) throw new AppError('last_stage', 'A pipeline needs at least one stage', 409);
    const count = await ticketsIn(client, ctx.workspaceId, 'stage_id', stageId);
    if (count > 0) throw new AppError('stage_not_empty', `Move the ${count} tickets in this stage first`, 409, { count });
    await client.query('DELETE FROM pipeline_stages WHERE workspace_id = $1 AND id = $2', [ctx.workspaceId, stageId]);
    await writeOrder(
      client,
      ctx.workspaceId,
      before.stages.filter((s) => s.id !== stageId).map((s) => s.id),
    );
  });
}

// ───────────────────────── SLA targets

export async function getSettings(pool: pg.Pool, ctx: TenantContext): Promise<TicketSettings> {
  const rows = await tenantRead<{ sla: Sla }>(pool, ctx, 'SELECT sla_minutes AS sla FROM ticket_settings WHERE workspace_id = $1', [ctx.workspaceId], { prepare: true });
  return { slaMinutes: { ...DEFAULT_SLA, ...rows[0]?.sla } };
}

/** New SLA targets apply to tickets created (or re-prioritised) from now on; existing due dates stay. */
export async function updateSettings(pool: pg.Pool, ctx: TenantContext, sla: Sla, meta: AuditMeta): Promise<TicketSettings> {
  return withTenant(pool, ctx, async ({ client }) => {
    const { rows } = await client.query<{ sla: Sla }>(
      `INSERT INTO ticket_settings (workspace_id, sla_minutes) VALUES ($1, $2)
       ON CONFLICT (workspace_id) DO UPDATE SET sla_minutes = EXCLUDED.sla_minutes, updated_at = now()
       RETURNING (SELECT sla_minutes FROM ticket_settings WHERE workspace_id = $1) AS sla`,
      [ctx.workspaceId, JSON.stringify(sla)],
    );
    await recordAudit(client, ctx.workspaceId, meta, { action: 'tickets.sla_updated', entityType: 'workspace', entityId: ctx.workspaceId, before: rows[0]?.sla ?? null, after: sla });
    return { slaMinutes: sla };
  });
}
