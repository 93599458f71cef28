import type pg from 'pg';
import type { Grants, Scope } from '@grip/contracts/access';
import type { Stage, TicketBulkAction, TicketBulkBody, TicketBulkJob, TicketFilter } from '@grip/contracts/tickets';
import { tenantRead, withTenant } from '../../db/tenant.ts';
import { AppError } from '../../plugins/errors.ts';
import { fieldError } from '../../lib/cursor.ts';
import * as bulkJobs from '../../lib/bulk-jobs.ts';
import type { Caller } from '../customers/customers.service.ts';
import { notify } from '../notifications/notifications.service.ts';
import { filterConditions } from './tickets.repository.ts';
import { moveTickets, type MovingTicket } from './tickets.service.ts';

interface Locked extends MovingTicket {
  number: string;
  title: string;
  priority: string;
  assigneeId: string | null;
}

/** Tickets in bulk jobs: assign, move to a stage, change priority, or close (first done stage of each pipeline). */
export const ticketsBulk: bulkJobs.BulkHandler<TicketFilter, TicketBulkAction> = {
  resource: 'tickets',
  entityType: 'ticket',
  from: 'tickets t JOIN pipeline_stages s ON s.workspace_id = t.workspace_id AND s.id = t.stage_id',
  idExpr: 't.id',
  async conditions(_client, ctx, filter, params) {
    return filterConditions(filter, ctx, params);
  },
  async applyChunk(client, ctx, action, chunk, meta) {
    const { rows } = await client.query<Locked>(
      `SELECT t.id, t.number, t.title, t.priority, t.assignee_id AS "assigneeId", t.stage_id AS "stageId", s.name AS "stageName", t.pipeline_id AS "pipelineId"
         FROM tickets t JOIN pipeline_stages s ON s.workspace_id = t.workspace_id AND s.id = t.stage_id
        WHERE t.workspace_id = $1 AND t.id = ANY($2::uuid[])${ctx.ownOnly ? ' AND t.assignee_id = $3' : ''} FOR UPDATE OF t`,
      ctx.ownOnly ? [ctx.workspaceId, chunk, ctx.userId] : [ctx.workspaceId, chunk],
    );
    const found = new Set(rows.map((r) => r.id));
    const errors: Array<{ id: string; name: string | null; error: string }> = chunk.filter((id) => !found.has(id)).map((id) => ({ id, name: null, error: ctx.ownOnly ? 'not found or not assigned to you' : 'not found' }));
    const changes: Array<{ id: string; before: unknown; after: unknown }> = [];
    const name = (t: Locked) => `#${t.number} ${t.title}`;
    const actor = { userId: meta.actorUserId, email: meta.actorEmail };
    const bump = 'version = version + 1, updated_at = now()';
    let emails = 0;
    switch (action.type) {
      case 'assign': {
        const moving = rows.filter((t) => t.assigneeId !== action.assigneeId);
        await client.query(`UPDATE tickets SET assignee_id = $3, ${bump} WHERE workspace_id = $1 AND id = ANY($2::uuid[])`, [ctx.workspaceId, moving.map((t) => t.id), action.assigneeId]);
        for (const t of moving) changes.push({ id: t.id, before: { assigneeId: t.assigneeId }, after: { assigneeId: action.assigneeId } });
        if (action.assigneeId && action.assigneeId !== ctx.userId) {
          const assignee = action.assigneeId;
          emails = await notify(
            client,
            ctx.workspaceId,
            moving.map((t) => ({
              userId: assignee,
              kind: 'ticket_assigned' as const,
              title: `Ticket #${t.number} assigned to you: ${t.title}`,
              body: `${meta.actorEmail ?? 'Someone'} assigned you ticket #${t.number} “${t.title}”.`,
              link: `/tickets/${t.id}`,
              entityId: t.id,
            })),
          );
        }
        return { auditAction: 'ticket.assigned', changes, errors, emails };
      }
      case 'priority': {
        const moving = rows.filter((t) => t.priority !== action.priority);
        // SLA due dates follow the new priority, as they do for a single edit.
        await client.query(
          `UPDATE tickets t SET priority = $3, version = t.version + 1, updated_at = now(),
                  due_at = CASE WHEN t.due_source = 'sla' THEN t.created_at + make_interval(mins => coalesce((ts.sla_minutes ->> $3)::int, 4320)) ELSE t.due_at END
             FROM ticket_settings ts WHERE ts.workspace_id = t.workspace_id AND t.workspace_id = $1 AND t.id = ANY($2::uuid[])`,
          [ctx.workspaceId, moving.map((t) => t.id), action.priority],
        );
        for (const t of moving) changes.push({ id: t.id, before: { priority: t.priority }, after: { priority: action.priority } });
        return { auditAction: 'ticket.updated', changes, errors };
      }
      case 'stage':
      case 'close': {
        const { rows: stages } = await client.query<Stage & { pipelineId: string }>(
          `SELECT id, name, category, position, pipeline_id AS "pipelineId" FROM pipeline_stages WHERE workspace_id = $1 ORDER BY position`,
          [ctx.workspaceId],
        );
        const target = (t: Locked) =>
          action.type === 'stage'
            ? stages.find((s) => s.id === action.stageId && s.pipelineId === t.pipelineId)
            : stages.find((s) => s.category === 'done' && s.pipelineId === t.pipelineId);
        const groups = new Map<string, { stage: Stage; tickets: Locked[] }>();
        for (const t of rows) {
          const stage = target(t);
          if (!stage) {
            errors.push({ id: t.id, name: name(t), error: action.type === 'stage' ? 'the stage is not in this ticket’s pipeline' : 'its pipeline has no done stage' });
            continue;
          }
          const group = groups.get(stage.id) ?? { stage, tickets: [] };
          group.tickets.push(t);
          groups.set(stage.id, group);
        }
        for (const { stage, tickets } of groups.values()) {
          const moved = new Set(await moveTickets(client, ctx.workspaceId, tickets, stage, actor));
          for (const t of tickets) if (moved.has(t.id)) changes.push({ id: t.id, before: { stage: t.stageName }, after: { stage: stage.name } });
        }
        return { auditAction: 'ticket.moved', changes, errors };
      }
    }
  },
};

/**
 * Starts a bulk change of tickets. Assigning needs tickets:assign (scope own: only to yourself); every action needs
 * tickets:update, whose scope limits the job to the caller's tickets when it is `own`.
 */
export async function startTicketBulk(
  pool: pg.Pool,
  caller: Caller,
  grants: Grants,
  body: TicketBulkBody,
  enqueue: (jobId: string) => Promise<void>,
): Promise<TicketBulkJob & { emails: number }> {
  const scope: Scope = caller.scope;
  const action = body.action;
  if (action.type === 'assign') {
    const grant = grants['tickets:assign'];
    if (!grant) throw new AppError('forbidden', 'Your role does not allow tickets:assign', 403, { permission: 'tickets:assign' });
    if (grant === 'own' && action.assigneeId !== caller.userId) throw fieldError('forbidden', 403, 'body.action.assigneeId', 'your role lets you assign tickets only to yourself');
    if (action.assigneeId) {
      const rows = await tenantRead(pool, caller, 'SELECT 1 FROM memberships WHERE workspace_id = $1 AND user_id = $2', [caller.workspaceId, action.assigneeId]);
      if (!rows[0]) throw fieldError('validation_failed', 400, 'body.action.assigneeId', 'is not a member of this workspace');
    }
  }
  if (action.type === 'stage') {
    const exists = await withTenant(pool, caller, ({ client }) => client.query('SELECT 1 FROM pipeline_stages WHERE workspace_id = $1 AND id = $2', [caller.workspaceId, action.stageId]));
    if (!exists.rows[0]) throw fieldError('validation_failed', 400, 'body.action.stageId', 'is not a stage of this workspace');
  }
  return bulkJobs.startBulkJob(pool, ticketsBulk, caller, scope, body, enqueue);
}

export const getTicketBulkJob = (pool: pg.Pool, caller: Caller, id: string): Promise<TicketBulkJob> =>
  bulkJobs.getBulkJob<TicketBulkAction>(pool, caller, 'tickets', id, caller.scope);
export const ticketBulkErrorsCsv = (pool: pg.Pool, caller: Caller, id: string) => bulkJobs.bulkErrorsCsv(pool, caller, 'tickets', id, caller.scope);
export const runTicketBulkJob = (pool: pg.Pool, workspaceId: string, jobId: string, opts?: Parameters<typeof bulkJobs.runBulkJob>[4]) =>
  bulkJobs.runBulkJob(pool, ticketsBulk, workspaceId, jobId, opts);
