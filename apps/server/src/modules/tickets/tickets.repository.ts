import type pg from 'pg';
import { ticketFilterSchema, type Ticket, type TicketFilter, type TicketSummary, type ticketListQuery } from '@grip/contracts/tickets';
import type { z } from 'zod';
import { AppError } from '../../plugins/errors.ts';
import type { Params} from '../../lib/keyset.ts';
import { containsPattern, type SortColumn } from '../../lib/keyset.ts';

export type Q = Pick<pg.PoolClient, 'query'>;

/** The columns of a ticket in lists and on the board (no description). */
export const SUMMARY_COLUMNS = `t.id, t.number, t.title, t.customer_id AS "customerId", c.name AS "customerName", t.pipeline_id AS "pipelineId",
  t.stage_id AS "stageId", s.name AS "stageName", s.category AS "stageCategory", t.priority, t.assignee_id AS "assigneeId",
  a.name AS "assigneeName", a.email AS "assigneeEmail", t.due_at AS "dueAt", t.due_source AS "dueSource", t.overdue,
  t.completed_at AS "completedAt", t.source, t.message_count AS "messageCount", t.version, t.created_at AS "createdAt", t.updated_at AS "updatedAt"`;
export const TICKET_COLUMNS = `${SUMMARY_COLUMNS}, t.description, t.created_by AS "createdById", cb.name AS "createdByName", cb.email AS "createdByEmail"`;
export const TICKET_FROM = `tickets t
  JOIN customers c ON c.workspace_id = t.workspace_id AND c.id = t.customer_id
  JOIN pipeline_stages s ON s.workspace_id = t.workspace_id AND s.id = t.stage_id
  LEFT JOIN users a ON a.id = t.assignee_id`;
export const TICKET_FROM_FULL = `${TICKET_FROM} LEFT JOIN users cb ON cb.id = t.created_by`;

export interface SummaryRow {
  id: string;
  number: number | string;
  title: string;
  customerId: string;
  customerName: string;
  pipelineId: string;
  stageId: string;
  stageName: string;
  stageCategory: TicketSummary['stage']['category'];
  priority: TicketSummary['priority'];
  assigneeId: string | null;
  assigneeName: string | null;
  assigneeEmail: string | null;
  dueAt: Date | string;
  dueSource: TicketSummary['dueSource'];
  overdue: boolean;
  completedAt: Date | string | null;
  source: TicketSummary['source'];
  messageCount: number;
  version: number;
  createdAt: Date | string;
  updatedAt: Date | string;
}
export interface TicketRow extends SummaryRow {
  description: string;
  createdById: string | null;
  createdByName: string | null;
  createdByEmail: string | null;
}

const iso = (d: Date | string) => new Date(d).toISOString();

export const toSummary = (r: SummaryRow): TicketSummary => ({
  id: r.id,
  number: Number(r.number),
  title: r.title,
  customer: { id: r.customerId, name: r.customerName },
  pipelineId: r.pipelineId,
  stage: { id: r.stageId, name: r.stageName, category: r.stageCategory },
  priority: r.priority,
  assignee: r.assigneeId ? { id: r.assigneeId, name: r.assigneeName ?? '', email: r.assigneeEmail ?? '' } : null,
  dueAt: iso(r.dueAt),
  dueSource: r.dueSource,
  overdue: r.overdue,
  completedAt: r.completedAt ? iso(r.completedAt) : null,
  source: r.source,
  messageCount: r.messageCount,
  version: r.version,
  createdAt: iso(r.createdAt),
  updatedAt: iso(r.updatedAt),
});

export const toTicket = (r: TicketRow): Ticket => ({
  ...toSummary(r),
  description: r.description,
  createdBy: r.createdById ? { id: r.createdById, name: r.createdByName ?? '', email: r.createdByEmail ?? '' } : null,
});

export async function findTicket(client: Q, workspaceId: string, id: string, forUpdate = false): Promise<TicketRow | undefined> {
  const { rows } = await client.query<TicketRow>(
    `SELECT ${TICKET_COLUMNS} FROM ${TICKET_FROM_FULL} WHERE t.workspace_id = $1 AND t.id = $2${forUpdate ? ' FOR UPDATE OF t' : ''}`,
    [workspaceId, id],
  );
  return rows[0];
}

export const SORTS: Record<string, SortColumn> = {
  number: { expr: 't.number', cast: 'numeric' },
  title: { expr: 'lower(t.title)', cast: 'text' },
  priority: { expr: 't.priority_rank', cast: 'numeric' },
  dueAt: { expr: 't.due_at', cast: 'timestamptz' },
  createdAt: { expr: 't.created_at', cast: 'timestamptz' },
  updatedAt: { expr: 't.updated_at', cast: 'timestamptz' },
};

type ListQuery = z.output<typeof ticketListQuery>;

/** The list querystring → a filter; a malformed part gets 400 naming `querystring.<part>`. */
export function parseFilterQuery(q: Omit<ListQuery, 'sort' | 'limit' | 'cursor'> & { stage?: string; category?: string }): TicketFilter {
  const list = (v: string | undefined) => (v ? v.split(',').map((x) => x.trim()).filter(Boolean) : undefined);
  const parsed = ticketFilterSchema.safeParse({
    q: q.q || undefined,
    pipelineId: q.pipelineId,
    stage: list(q.stage),
    category: list(q.category),
    priority: list(q.priority),
    assignee: list(q.assignee),
    customerId: q.customerId,
    overdue: q.overdue === undefined ? undefined : q.overdue === 'true',
    createdFrom: q.createdFrom,
    createdTo: q.createdTo,
    dueFrom: q.dueFrom,
    dueTo: q.dueTo,
  });
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => ({ field: `querystring.${String(i.path[0] ?? '')}`, message: i.message }));
    throw new AppError('validation_failed', `Invalid request — ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`, 400, { fields });
  }
  return parsed.data;
}

/**
 * The WHERE conditions of a filter over `tickets t` joined with its stage `s`, for a caller (scope own: tickets
 * assigned to them). Every condition starts from the workspace, so every plan starts from a workspace index.
 */
export function filterConditions(filter: TicketFilter, caller: { workspaceId: string; userId: string; ownOnly: boolean }, params: Params): string[] {
  const where = [`t.workspace_id = ${params.p(caller.workspaceId)}`];
  if (caller.ownOnly) where.push(`t.assignee_id = ${params.p(caller.userId)}`);
  if (filter.q) {
    const number = /^#?(\d{1,12})$/.exec(filter.q);
    const like = `t.search LIKE grip_fold(${params.p(containsPattern(filter.q))})`;
    where.push(number ? `(t.number = ${params.p(Number(number[1]))} OR ${like})` : like);
  }
  if (filter.pipelineId) where.push(`t.pipeline_id = ${params.p(filter.pipelineId)}`);
  if (filter.stage?.length) where.push(`t.stage_id = ANY(${params.p(filter.stage)}::uuid[])`);
  if (filter.category?.length) where.push(`s.category = ANY(${params.p(filter.category)}::text[])`);
  if (filter.priority?.length) where.push(`t.priority = ANY(${params.p(filter.priority)}::text[])`);
  if (filter.assignee?.length) {
    const ids = filter.assignee.map((a) => (a === 'me' ? caller.userId : a)).filter((a) => a !== 'none');
    const terms = [];
    if (ids.length) terms.push(`t.assignee_id = ANY(${params.p(ids)}::uuid[])`);
    if (filter.assignee.includes('none')) terms.push('t.assignee_id IS NULL');
    where.push(`(${terms.join(' OR ')})`);
  }
  if (filter.customerId) where.push(`t.customer_id = ${params.p(filter.customerId)}`);
  if (filter.overdue !== undefined) where.push(filter.overdue ? 't.overdue' : 'NOT t.overdue');
  if (filter.createdFrom) where.push(`t.created_at >= ${params.p(filter.createdFrom)}::date`);
  if (filter.createdTo) where.push(`t.created_at < ${params.p(filter.createdTo)}::date + 1`);
  if (filter.dueFrom) where.push(`t.due_at >= ${params.p(filter.dueFrom)}::date`);
  if (filter.dueTo) where.push(`t.due_at < ${params.p(filter.dueTo)}::date + 1`);
  return where;
}
