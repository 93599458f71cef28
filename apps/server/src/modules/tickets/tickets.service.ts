import type pg from 'pg';
import type { z } from 'zod';
import type { Grants } from '@grip/contracts/access';
import type {
  Board,
  createTicketBody,
  HistoryEntry,
  Priority,
  Stage,
  Ticket,
  TicketFilter,
  boardQuery,
  ticketListQuery,
  updateTicketBody,
} from '@grip/contracts/tickets';
import { DEFAULT_SLA, TICKET_EXPORT_FIELDS, type TicketExportField } from '@grip/contracts/tickets';
import { tenantRead, withTenant, type TenantContext } from '../../db/tenant.ts';
import { AppError, notFound } from '../../plugins/errors.ts';
import { decodeCursor, encodeCursor, fieldError } from '../../lib/cursor.ts';
import { Params, keyset, parseSort } from '../../lib/keyset.ts';
import { inlineParams } from '../../lib/csv-export.ts';
import { recordAudit, type AuditMeta } from '../audit/audit.service.ts';
import type { Caller } from '../customers/customers.service.ts';
import { notify, type NewNotification } from '../notifications/notifications.service.ts';
import { getPipeline, readPipeline } from './pipelines.service.ts';
import {
  filterConditions,
  findTicket,
  parseFilterQuery,
  SORTS,
  SUMMARY_COLUMNS,
  TICKET_COLUMNS,
  TICKET_FROM,
  TICKET_FROM_FULL,
  toSummary,
  toTicket,
  type Q,
  type SummaryRow,
  type TicketRow,
} from './tickets.repository.ts';

export const COUNT_CAP = 10_000;
/** What a write did besides its answer: emails now waiting to be sent (the route wakes the mailer). */
export interface Effects {
  emails: number;
}
export const noEffects = (): Effects => ({ emails: 0 });

// ───────────────────────── reading

type ListQuery = z.output<typeof ticketListQuery>;

/** A page of tickets the caller may see, filtered and sorted (default: newest first). */
export async function listTickets(pool: pg.Pool, caller: Caller, q: ListQuery) {
  const filter = parseFilterQuery(q);
  const params = new Params();
  const where = filterConditions(filter, { ...caller, ownOnly: caller.scope === 'own' }, params);
  const sort = parseSort(q.sort, '-createdAt', (k) => SORTS[k]);
  const ks = keyset(sort, 't.id', q.cursor, params);
  if (ks.where) where.push(ks.where);
  const rows = await tenantRead<SummaryRow & Record<string, unknown>>(
    pool,
    caller,
    `SELECT ${SUMMARY_COLUMNS}, ${ks.select} FROM ${TICKET_FROM} WHERE ${where.join(' AND ')} ORDER BY ${ks.orderBy} LIMIT ${params.p(q.limit + 1)}`,
    params.values,
  );
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return { items: page.map(toSummary), nextCursor: rows.length > q.limit && last ? ks.cursorOf(last, last.id) : null };
}

/** How many tickets match, counted up to COUNT_CAP. */
export async function countTickets(pool: pg.Pool, caller: Caller, q: Omit<ListQuery, 'sort' | 'limit' | 'cursor'>) {
  const params = new Params();
  const where = filterConditions(parseFilterQuery(q), { ...caller, ownOnly: caller.scope === 'own' }, params);
  const rows = await tenantRead<{ n: number }>(
    pool,
    caller,
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM tickets t JOIN pipeline_stages s ON s.workspace_id = t.workspace_id AND s.id = t.stage_id
      WHERE ${where.join(' AND ')} LIMIT ${COUNT_CAP + 1}) x`,
    params.values,
  );
  const n = rows[0]!.n;
  return { count: Math.min(n, COUNT_CAP), capped: n > COUNT_CAP };
}

/**
 * The board in one round trip: for each stage of the pipeline its capped count and its first tickets, most urgent
 * first (priority, then due date). More of a column come from the list with `stage=` and `sort=-priority,dueAt`.
 */
export async function getBoard(pool: pg.Pool, caller: Caller, q: z.output<typeof boardQuery>): Promise<Board> {
  const pipeline = await readPipeline(pool, caller, q.pipelineId);
  const filter = parseFilterQuery(q);
  const params = new Params();
  // No category filter on the board (columns are the stages), so the conditions never need the stage join.
  const where = filterConditions({ ...filter, pipelineId: undefined, category: undefined }, { ...caller, ownOnly: caller.scope === 'own' }, params);
  const stageIds = params.p(pipeline.stages.map((s) => s.id));
  const limit = params.p(q.limit + 1);
  const cap = params.p(COUNT_CAP + 1);
  const rows = await tenantRead<{ stageId: string; n: number; items: Array<SummaryRow & { _k0: string; _k1: string }> | null }>(
    pool,
    caller,
    `SELECT st.id AS "stageId",
       (SELECT count(*)::int FROM (SELECT 1 FROM tickets t WHERE ${where.join(' AND ')} AND t.stage_id = st.id LIMIT ${cap}) x) AS n,
       (SELECT json_agg(row_to_json(x)) FROM (
          SELECT ${SUMMARY_COLUMNS}, t.priority_rank::text AS "_k0", t.due_at::text AS "_k1" FROM ${TICKET_FROM}
           WHERE ${where.join(' AND ')} AND t.stage_id = st.id
           ORDER BY t.priority_rank DESC, t.due_at, t.id LIMIT ${limit}) x) AS items
     FROM unnest(${stageIds}::uuid[]) AS st(id)`,
    params.values,
    // One text per combination of quick filters: worth planning once per connection.
    { prepare: true },
  );
  const byStage = new Map(rows.map((r) => [r.stageId, r]));
  return {
    pipeline,
    columns: pipeline.stages.map((stage) => {
      const r = byStage.get(stage.id);
      const items = r?.items ?? [];
      const page = items.slice(0, q.limit);
      const last = page[page.length - 1];
      return {
        stage,
        count: Math.min(r?.n ?? 0, COUNT_CAP),
        capped: (r?.n ?? 0) > COUNT_CAP,
        items: page.map(toSummary),
        // The list's cursor for sort=-priority,dueAt: the key values as text, then the id.
        nextCursor: items.length > q.limit && last ? encodeCursor([last._k0, last._k1, last.id]) : null,
      };
    }),
  };
}

/** A ticket the caller may see (scope own: assigned to them); 404 otherwise. */
export async function getTicket(pool: pg.Pool, caller: Caller, id: string): Promise<Ticket> {
  const rows = await tenantRead<TicketRow>(
    pool,
    caller,
    `SELECT ${TICKET_COLUMNS} FROM ${TICKET_FROM_FULL} WHERE t.workspace_id = $1 AND t.id = $2`,
    [caller.workspaceId, id],
    { prepare: true },
  );
  const row = rows[0];
  if (!row || (caller.scope === 'own' && row.assigneeId !== caller.userId)) throw notFound('Ticket');
  return toTicket(row);
}

/** Transitions and audited changes of a ticket, newest first. */
export async function ticketHistory(pool: pg.Pool, caller: Caller, id: string, page: { limit: number; cursor?: string }) {
  await getTicket(pool, caller, id);
  const after = decodeCursor(page.cursor, (v): v is [string, string] => v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string');
  const rows = await tenantRead<{
    id: string;
    kind: string;
    actorId: string | null;
    actorEmail: string | null;
    fromId: string | null;
    fromName: string | null;
    toId: string | null;
    toName: string | null;
    before: unknown;
    after: unknown;
    at: Date;
    k: string;
  }>(
    pool,
    caller,
    `SELECT * FROM (
       SELECT 'tr:' || id AS id, 'transition' AS kind, actor_id AS "actorId", actor_email AS "actorEmail", from_stage_id AS "fromId", from_stage_name AS "fromName",
              to_stage_id AS "toId", to_stage_name AS "toName", NULL::jsonb AS before, NULL::jsonb AS after, created_at AS at, created_at::text AS k
         FROM ticket_transitions WHERE workspace_id = $1 AND ticket_id = $2
       UNION ALL
       SELECT 'au:' || id, action, actor_user_id, actor_email, NULL, NULL, NULL, NULL, before, after, created_at, created_at::text
         FROM audit_log WHERE workspace_id = $1 AND entity_type = 'ticket' AND entity_id = $2::text AND action <> 'ticket.moved'
     ) h
     WHERE $3::timestamptz IS NULL OR (h.at, h.id) < ($3::timestamptz, $4::text)
     ORDER BY h.at DESC, h.id DESC LIMIT $5`,
    [caller.workspaceId, id, after?.[0] ?? null, after?.[1] ?? null, page.limit + 1],
  );
  const items: HistoryEntry[] = rows.slice(0, page.limit).map((r) => ({
    id: r.id,
    kind: r.kind,
    actor: { id: r.actorId, email: r.actorEmail },
    fromStage: r.fromId ? { id: r.fromId, name: r.fromName ?? '' } : null,
    toStage: r.toId ? { id: r.toId, name: r.toName ?? '' } : null,
    before: r.before ?? null,
    after: r.after ?? null,
    at: r.at.toISOString(),
  }));
  const last = rows.length > page.limit ? rows[page.limit - 1] : undefined;
  return { items, nextCursor: last ? encodeCursor([last.k, last.id]) : null };
}

// ───────────────────────── writing

const snapshot = (t: Ticket) => ({
  number: t.number,
  title: t.title,
  customerId: t.customer.id,
  priority: t.priority,
  stage: t.stage.name,
  assigneeId: t.assignee?.id ?? null,
  dueAt: t.dueAt,
  dueSource: t.dueSource,
});

async function slaMinutes(client: Q, workspaceId: string, priority: Priority): Promise<number> {
  const { rows } = await client.query<{ sla: Record<string, number> }>('SELECT sla_minutes AS sla FROM ticket_settings WHERE workspace_id = $1', [workspaceId]);
  return rows[0]?.sla[priority] ?? DEFAULT_SLA[priority];
}

async function checkCustomer(client: Q, workspaceId: string, customerId: string, field: string) {
  const { rows } = await client.query<{ deletedAt: Date | null }>('SELECT deleted_at AS "deletedAt" FROM customers WHERE workspace_id = $1 AND id = $2 FOR SHARE', [
    workspaceId,
    customerId,
  ]);
  if (!rows[0] || rows[0].deletedAt) throw fieldError('validation_failed', 400, field, 'is not a customer of this workspace');
}

/** Resolves who a ticket is to be assigned to and checks the caller may (tickets:assign; own: only themselves). */
async function checkAssignee(client: Q, caller: Caller, grants: Grants, assigneeId: string | null | 'me', field: string): Promise<string | null> {
  const id = assigneeId === 'me' ? caller.userId : assigneeId;
  const grant = grants['tickets:assign'];
  if (!grant) throw fieldError('forbidden', 403, field, 'your role does not allow assigning tickets (tickets:assign)');
  if (id === null) return null;
  if (grant === 'own' && id !== caller.userId) throw fieldError('forbidden', 403, field, 'your role lets you assign tickets only to yourself');
  const { rows } = await client.query('SELECT 1 FROM memberships WHERE workspace_id = $1 AND user_id = $2', [caller.workspaceId, id]);
  if (!rows[0]) throw fieldError('validation_failed', 400, field, 'is not a member of this workspace');
  return id;
}

/** The "assigned to you" notification; none when people assign themselves. */
function assignedNotice(ticket: Ticket, actor: { userId: string; email: string | null }): NewNotification[] {
  if (!ticket.assignee || ticket.assignee.id === actor.userId) return [];
  return [
    {
      userId: ticket.assignee.id,
      kind: 'ticket_assigned',
      title: `Ticket #${ticket.number} assigned to you: ${ticket.title}`,
      body: `${actor.email ?? 'Someone'} assigned you ticket #${ticket.number} “${ticket.title}” for ${ticket.customer.name} (priority ${ticket.priority}, due ${ticket.dueAt.slice(0, 16).replace('T', ' ')} UTC).`,
      link: `/tickets/${ticket.id}`,
      entityId: ticket.id,
    },
  ];
}

/**
 * Opens a ticket: the customer must be a live customer of the workspace, it lands in the first stage of its
 * pipeline, takes the next number of the workspace and, unless given, a due date from the SLA target of its priority.
 */
export async function createTicket(
  pool: pg.Pool,
  caller: Caller,
  grants: Grants,
  input: z.output<typeof createTicketBody>,
  meta: AuditMeta,
  effects: Effects = noEffects(),
  source: Ticket['source'] = 'staff',
): Promise<Ticket> {
  return withTenant(pool, caller, async ({ client }) => {
    await checkCustomer(client, caller.workspaceId, input.customerId, 'body.customerId');
    const pipeline = await getPipeline(client, caller.workspaceId, input.pipelineId, 'body.pipelineId');
    const first = pipeline.stages[0]!;
    const assigneeId = input.assigneeId ? await checkAssignee(client, caller, grants, input.assigneeId, 'body.assigneeId') : null;
    const { rows: numbered } = await client.query<{ n: string; sla: Record<string, number> }>(
      `INSERT INTO ticket_settings (workspace_id, sla_minutes, next_number) VALUES ($1, $2, 1002)
       ON CONFLICT (workspace_id) DO UPDATE SET next_number = ticket_settings.next_number + 1
       RETURNING next_number - 1 AS n, sla_minutes AS sla`,
      [caller.workspaceId, JSON.stringify(DEFAULT_SLA)],
    );
    const minutes = numbered[0]!.sla[input.priority] ?? DEFAULT_SLA[input.priority];
    const done = first.category === 'done';
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO tickets (workspace_id, number, title, description, customer_id, pipeline_id, stage_id, priority, assignee_id,
                            due_at, due_source, overdue, completed_at, source, created_by)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, d.due, $11, NOT $12 AND d.due <= now(), CASE WHEN $12 THEN now() END, $13, $14
         FROM (SELECT coalesce($10::timestamptz, now() + make_interval(mins => $15)) AS due) d
       RETURNING id`,
      [
        caller.workspaceId,
        numbered[0]!.n,
        input.title,
        input.description,
        input.customerId,
        pipeline.id,
        first.id,
        input.priority,
        assigneeId,
        input.dueAt ?? null,
        input.dueAt ? 'manual' : 'sla',
        done,
        source,
        caller.userId,
        minutes,
      ],
    );
    const ticket = toTicket((await findTicket(client, caller.workspaceId, rows[0]!.id))!);
    await recordAudit(client, caller.workspaceId, meta, { action: 'ticket.created', entityType: 'ticket', entityId: ticket.id, after: snapshot(ticket) });
    effects.emails += await notify(client, caller.workspaceId, assignedNotice(ticket, { userId: caller.userId, email: meta.actorEmail }));
    return ticket;
  });
}

/** Locks a ticket for a change the caller may make (scope own: assigned to them) and checks the version when given. */
async function lockTicket(client: Q, caller: Caller, id: string, version: number | undefined): Promise<Ticket> {
  const row = await findTicket(client, caller.workspaceId, id, true);
  if (!row) throw notFound('Ticket');
  if (caller.scope === 'own' && row.assigneeId !== caller.userId) {
    if (row.assigneeId === null) throw new AppError('forbidden', 'You can change only tickets assigned to you', 403);
    throw notFound('Ticket');
  }
  const current = toTicket(row);
  if (version !== undefined && version !== current.version) {
    throw new AppError('version_conflict', 'Someone else changed this ticket since you loaded it', 409, { current });
  }
  return current;
}

/** Edits fields. A new priority moves an SLA due date to the new target; `dueAt: null` returns to the SLA. */
export async function updateTicket(pool: pg.Pool, caller: Caller, id: string, input: z.output<typeof updateTicketBody>, meta: AuditMeta): Promise<Ticket> {
  return withTenant(pool, caller, async ({ client }) => {
    const current = await lockTicket(client, caller, id, input.version);
    if (input.customerId && input.customerId !== current.customer.id) await checkCustomer(client, caller.workspaceId, input.customerId, 'body.customerId');
    const priority = input.priority ?? current.priority;
    let dueAt: string | null = null; // null: keep
    let dueSource = current.dueSource;
    if (input.dueAt) {
      dueAt = input.dueAt;
      dueSource = 'manual';
    } else if (input.dueAt === null || (current.dueSource === 'sla' && priority !== current.priority)) {
      dueSource = 'sla';
      const { rows } = await client.query<{ due: Date }>('SELECT created_at + make_interval(mins => $3) AS due FROM tickets WHERE workspace_id = $1 AND id = $2', [
        caller.workspaceId,
        id,
        await slaMinutes(client, caller.workspaceId, priority),
      ]);
      dueAt = rows[0]!.due.toISOString();
    }
    const dueMoved = dueAt !== null && new Date(dueAt).getTime() !== new Date(current.dueAt).getTime();
    await client.query(
      `UPDATE tickets SET title = $3, description = $4, priority = $5, customer_id = $6, due_at = coalesce($7::timestamptz, due_at), due_source = $8,
              overdue = CASE WHEN $9 THEN completed_at IS NULL AND coalesce($7::timestamptz, due_at) <= now() ELSE overdue END,
              overdue_notified_at = CASE WHEN $9 THEN NULL ELSE overdue_notified_at END,
              version = version + 1, updated_at = now()
        WHERE workspace_id = $1 AND id = $2`,
      [caller.workspaceId, id, input.title ?? current.title, input.description ?? current.description, priority, input.customerId ?? current.customer.id, dueAt, dueSource, dueMoved],
    );
    const updated = toTicket((await findTicket(client, caller.workspaceId, id))!);
    await recordAudit(client, caller.workspaceId, meta, { action: 'ticket.updated', entityType: 'ticket', entityId: id, before: snapshot(current), after: snapshot(updated) });
    return updated;
  });
}

export interface MovingTicket {
  id: string;
  stageId: string;
  stageName: string;
  pipelineId: string;
}

/**
 * Moves tickets to a stage of their pipeline, set-based: one transition record per ticket that changes stage;
 * entering a done stage sets completed_at (and clears overdue), leaving one clears it. Returns the ids moved.
 */
export async function moveTickets(client: Q, workspaceId: string, tickets: MovingTicket[], to: Stage, actor: { userId: string | null; email: string | null }): Promise<string[]> {
  const moving = tickets.filter((t) => t.stageId !== to.id);
  if (moving.length === 0) return [];
  const ids = moving.map((t) => t.id);
  // One statement: the move and its transition records.
  await client.query(
    `WITH moved AS (
       UPDATE tickets t SET stage_id = $3,
              completed_at = CASE WHEN $4 THEN CASE WHEN s.category = 'done' THEN t.completed_at ELSE now() END END,
              overdue = CASE WHEN $4 THEN false ELSE t.overdue OR t.due_at <= now() END,
              version = t.version + 1, updated_at = now()
         FROM pipeline_stages s
        WHERE t.workspace_id = $1 AND t.id = ANY($2::uuid[]) AND s.workspace_id = t.workspace_id AND s.id = t.stage_id
        RETURNING t.id
     )
     INSERT INTO ticket_transitions (workspace_id, ticket_id, from_stage_id, from_stage_name, to_stage_id, to_stage_name, actor_id, actor_email)
     SELECT $1, x.id, x.from_id, x.from_name, $3, $7, $8, $9
       FROM unnest($2::uuid[], $5::uuid[], $6::text[]) AS x(id, from_id, from_name) JOIN moved m ON m.id = x.id`,
    [workspaceId, ids, to.id, to.category === 'done', moving.map((t) => t.stageId), moving.map((t) => t.stageName), to.name, actor.userId, actor.email],
  );
  return ids;
}

/** Moves a ticket to another stage of its pipeline and records the transition. */
export async function transitionTicket(pool: pg.Pool, caller: Caller, id: string, input: { stageId: string; version?: number }, meta: AuditMeta): Promise<Ticket> {
  return withTenant(pool, caller, async ({ client }) => {
    const current = await lockTicket(client, caller, id, input.version);
    const { rows: target } = await client.query<Stage>('SELECT id, name, category, position FROM pipeline_stages WHERE workspace_id = $1 AND pipeline_id = $2 AND id = $3', [
      caller.workspaceId,
      current.pipelineId,
      input.stageId,
    ]);
    const to = target[0];
    if (!to) throw fieldError('validation_failed', 400, 'body.stageId', 'is not a stage of this ticket’s pipeline');
    const moved = await moveTickets(client, caller.workspaceId, [{ id, stageId: current.stage.id, stageName: current.stage.name, pipelineId: current.pipelineId }], to, {
      userId: caller.userId,
      email: meta.actorEmail,
    });
    if (moved.length > 0) {
      await recordAudit(client, caller.workspaceId, meta, { action: 'ticket.moved', entityType: 'ticket', entityId: id, before: { stage: current.stage.name }, after: { stage: to.name } });
    }
    return toTicket((await findTicket(client, caller.workspaceId, id))!);
  });
}

/** Assigns, reassigns or unassigns; the new assignee is notified (unless they assigned themselves). */
export async function assignTicket(
  pool: pg.Pool,
  caller: Caller,
  grants: Grants,
  id: string,
  input: { assigneeId: string | 'me' | null; version?: number },
  meta: AuditMeta,
  effects: Effects = noEffects(),
): Promise<Ticket> {
  return withTenant(pool, caller, async ({ client }) => {
    // Visibility follows the assign grant here: scope own may still take an unassigned ticket.
    const current = await lockTicket(client, { ...caller, scope: 'all' }, id, input.version);
    const assigneeId = await checkAssignee(client, caller, grants, input.assigneeId, 'body.assigneeId');
    // Scope own may take a ticket (or give one up), not move other people's tickets around.
    if (grants['tickets:assign'] === 'own' && current.assignee && current.assignee.id !== caller.userId) {
      throw new AppError('forbidden', 'This ticket is assigned to someone else; your role lets you assign only unassigned tickets', 403);
    }
    if ((current.assignee?.id ?? null) === assigneeId) return current;
    await client.query('UPDATE tickets SET assignee_id = $3, version = version + 1, updated_at = now() WHERE workspace_id = $1 AND id = $2', [
      caller.workspaceId,
      id,
      assigneeId,
    ]);
    const updated = toTicket((await findTicket(client, caller.workspaceId, id))!);
    await recordAudit(client, caller.workspaceId, meta, {
      action: assigneeId ? 'ticket.assigned' : 'ticket.unassigned',
      entityType: 'ticket',
      entityId: id,
      before: { assignee: current.assignee },
      after: { assignee: updated.assignee },
    });
    effects.emails += await notify(client, caller.workspaceId, assignedNotice(updated, { userId: caller.userId, email: meta.actorEmail }));
    return updated;
  });
}

// ───────────────────────── overdue

/**
 * The overdue sweep (every minute): flags open tickets whose due date has passed, then notifies each assignee
 * once per overdue spell (a moved due date starts a new one). `now` is a parameter so tests control the clock.
 */
export async function runOverdueCheck(owner: pg.Pool, now = new Date()): Promise<{ flagged: number; notified: number; emails: number }> {
  const { rows: workspaces } = await owner.query<{ id: string }>('SELECT id FROM workspaces WHERE disabled_at IS NULL');
  const total = { flagged: 0, notified: 0, emails: 0 };
  for (const ws of workspaces) {
    await withTenant(owner, { workspaceId: ws.id }, async ({ client }) => {
      const flagged = await client.query(
        'UPDATE tickets SET overdue = true WHERE workspace_id = $1 AND completed_at IS NULL AND NOT overdue AND due_at <= $2',
        [ws.id, now],
      );
      const { rows } = await client.query<{ id: string; number: string; title: string; assigneeId: string | null; dueAt: Date }>(
        `UPDATE tickets SET overdue_notified_at = $2
          WHERE workspace_id = $1 AND overdue AND overdue_notified_at IS NULL AND completed_at IS NULL
          RETURNING id, number, title, assignee_id AS "assigneeId", due_at AS "dueAt"`,
        [ws.id, now],
      );
      const notices: NewNotification[] = rows
        .filter((t) => t.assigneeId)
        .map((t) => ({
          userId: t.assigneeId!,
          kind: 'ticket_overdue',
          title: `Ticket #${t.number} is overdue: ${t.title}`,
          body: `Ticket #${t.number} “${t.title}” was due ${t.dueAt.toISOString().slice(0, 16).replace('T', ' ')} UTC and is not done.`,
          link: `/tickets/${t.id}`,
          entityId: t.id,
        }));
      total.flagged += flagged.rowCount ?? 0;
      total.notified += notices.length;
      total.emails += await notify(client, ws.id, notices);
    });
  }
  return total;
}

export type { TicketFilter, TenantContext };
/** For the workspace-creation path (access module) and the seed. */
export { setUpTickets } from './pipelines.service.ts';

// ───────────────────────── figures for the Command Center

/**
 * Ticket KPIs of the default pipeline for the caller's view (scope own: their tickets): tickets per stage (done
 * stages: completed in the last 30 days), created vs completed per day for 14 days, completions on time vs late and
 * the mean hours to complete over 30 days. Dates are UTC days.
 */
export async function ticketKpis(pool: pg.Pool, caller: Caller, now = new Date()) {
  const pipeline = await readPipeline(pool, caller, undefined);
  const own = caller.scope === 'own';
  const mine = own ? ' AND t.assignee_id = $3' : '';
  const params = own ? [caller.workspaceId, now, caller.userId] : [caller.workspaceId, now];
  const [byStage, days, done] = await Promise.all([
    tenantRead<{ stageId: string; n: number }>(
      pool,
      caller,
      `SELECT t.stage_id AS "stageId", count(*)::int AS n FROM tickets t
        WHERE t.workspace_id = $1 AND t.pipeline_id = $${params.length + 1} AND (t.completed_at IS NULL OR t.completed_at >= $2::timestamptz - interval '30 days')${mine}
        GROUP BY t.stage_id`,
      [...params, pipeline.id],
    ),
    tenantRead<{ day: string; created: number; completed: number }>(
      pool,
      caller,
      `SELECT d.day::date::text AS day,
              (SELECT count(*)::int FROM tickets t WHERE t.workspace_id = $1 AND t.created_at >= d.day AND t.created_at < d.day + interval '1 day'${mine}) AS created,
              (SELECT count(*)::int FROM tickets t WHERE t.workspace_id = $1 AND t.completed_at >= d.day AND t.completed_at < d.day + interval '1 day'${mine}) AS completed
         FROM generate_series(date_trunc('day', $2::timestamptz AT TIME ZONE 'UTC') - interval '13 days', date_trunc('day', $2::timestamptz AT TIME ZONE 'UTC'), interval '1 day') AS g(local)
         CROSS JOIN LATERAL (SELECT g.local AT TIME ZONE 'UTC' AS day) d
        ORDER BY d.day`,
      params,
    ),
    tenantRead<{ onTime: number; late: number; hours: number | null }>(
      pool,
      caller,
      `SELECT count(*) FILTER (WHERE t.completed_at <= t.due_at)::int AS "onTime", count(*) FILTER (WHERE t.completed_at > t.due_at)::int AS late,
              (avg(extract(epoch FROM t.completed_at - t.created_at)) / 3600)::float8 AS hours
         FROM tickets t WHERE t.workspace_id = $1 AND t.completed_at >= $2::timestamptz - interval '30 days' AND t.completed_at <= $2::timestamptz${mine}`,
      params,
    ),
  ]);
  const counts = new Map(byStage.map((r) => [r.stageId, r.n]));
  const sla = done[0]!;
  const total = sla.onTime + sla.late;
  return {
    openByStage: pipeline.stages.map((s) => ({ stageId: s.id, name: s.name, category: s.category, count: counts.get(s.id) ?? 0 })),
    createdVsCompleted: days,
    sla: { onTime: sla.onTime, late: sla.late, percent: total > 0 ? Math.round((sla.onTime / total) * 1000) / 10 : null },
    avgHoursToComplete: sla.hours === null ? null : Math.round(sla.hours * 10) / 10,
  };
}

// ───────────────────────── export

const at = (expr: string) => `to_char(${expr} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;
const safe = (expr: string) => `grip_csv_safe(${expr})`;
const TICKET_EXPORT_SQL: Record<TicketExportField, string> = {
  number: 't.number',
  title: safe('t.title'),
  description: safe("nullif(t.description, '')"),
  customer: safe('c.name'),
  customerEmail: safe('c.email'),
  stage: safe('s.name'),
  priority: 't.priority',
  assignee: 'a.email',
  dueAt: at('t.due_at'),
  overdue: 't.overdue',
  completedAt: at('t.completed_at'),
  source: 't.source',
  createdAt: at('t.created_at'),
  updatedAt: at('t.updated_at'),
  // From one aggregate over the workspace's messages, joined in by ticketExportSelect (not a lookup per row).
  messages: safe('tm.messages'),
};
/** Every column a tickets export may have, in the contract's order; text that could run as a formula is neutralised in SQL. */
export const TICKET_EXPORT_COLUMNS = TICKET_EXPORT_FIELDS.map((key) => ({ key, sql: TICKET_EXPORT_SQL[key] }));

/** The SELECT of a tickets export: the list's filters and sort under the caller's scope, every matching row. */
export function ticketExportSelect(caller: Caller, q: Omit<ListQuery, 'limit' | 'cursor'>, columns: readonly { key: string; sql: string }[]): string {
  const params = new Params();
  const where = filterConditions(parseFilterQuery(q), { ...caller, ownOnly: caller.scope === 'own' }, params);
  const sort = parseSort(q.sort, '-createdAt', (k) => SORTS[k]);
  const orderBy = [...sort.map((s) => `${s.column.expr} ${s.desc ? 'DESC' : 'ASC'}`), 't.id'].join(', ');
  const select = columns.map((c) => `${c.sql} AS "${c.key}"`).join(', ');
  const thread = columns.some((c) => c.key === 'messages')
    ? ` LEFT JOIN (SELECT m.ticket_id, string_agg(${at('m.created_at')} || ' ' || coalesce(w.email, 'deleted user') || CASE WHEN m.internal THEN ' (internal note): ' ELSE ': ' END || m.body, E'\\n' ORDER BY m.created_at, m.id) AS messages
                     FROM ticket_messages m LEFT JOIN users w ON w.id = m.author_id WHERE m.workspace_id = ${params.p(caller.workspaceId)} GROUP BY m.ticket_id) tm ON tm.ticket_id = t.id`
    : '';
  return inlineParams(`SELECT ${select} FROM ${TICKET_FROM}${thread} WHERE ${where.join(' AND ')} ORDER BY ${orderBy}`, params.values);
}
