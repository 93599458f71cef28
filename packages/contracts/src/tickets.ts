import { z } from 'zod';
import { bulkJobSchema, sortParamSchema, userRefSchema } from './customers.ts';

// ───────────────────────── pipelines and stages

export const STAGE_CATEGORIES = ['open', 'waiting', 'done'] as const;
export const stageCategorySchema = z.enum(STAGE_CATEGORIES);
export type StageCategory = z.infer<typeof stageCategorySchema>;

export const stageSchema = z
  .object({ id: z.uuid(), name: z.string(), category: stageCategorySchema, position: z.number().int() })
  .meta({ id: 'Stage' });
export type Stage = z.infer<typeof stageSchema>;

export const pipelineSchema = z
  .object({ id: z.uuid(), name: z.string(), isDefault: z.boolean(), stages: z.array(stageSchema), createdAt: z.iso.datetime({ offset: true }) })
  .meta({ id: 'Pipeline' });
export type Pipeline = z.infer<typeof pipelineSchema>;
export const pipelineListSchema = z.object({ items: z.array(pipelineSchema), nextCursor: z.string().nullable() });

const stageName = z.string().trim().min(1, 'is required').max(60, 'must be at most 60 characters');
export const createStageBody = z.object({
  name: stageName,
  category: stageCategorySchema,
  /** 0-based position; omitted: last. */
  position: z.number().int().min(0).max(100).optional(),
});
export const updateStageBody = z
  .object({ name: stageName.optional(), category: stageCategorySchema.optional() })
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');
export const reorderStagesBody = z.object({ stageIds: z.array(z.uuid()).min(1).max(50) });
export const createPipelineBody = z.object({
  name: z.string().trim().min(1, 'is required').max(80),
  /** Omitted: New → In Progress → Waiting → Completed. */
  stages: z.array(z.object({ name: stageName, category: stageCategorySchema })).min(1, 'a pipeline needs at least one stage').max(30).optional(),
});
export const updatePipelineBody = z.object({ name: z.string().trim().min(1, 'is required').max(80).optional(), isDefault: z.literal(true).optional() });

// ───────────────────────── SLA settings

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const prioritySchema = z.enum(PRIORITIES, { error: 'must be one of low, normal, high, urgent' });
export type Priority = z.infer<typeof prioritySchema>;

const slaMinutes = z.number({ error: 'must be a number of minutes' }).int('must be whole minutes').min(1, 'must be at least 1 minute').max(525_600, 'must be at most a year');
/** Time to resolve by priority, in minutes; a new ticket's due date is its creation time plus its priority's target. */
export const slaSchema = z.object({ urgent: slaMinutes, high: slaMinutes, normal: slaMinutes, low: slaMinutes });
export type Sla = z.infer<typeof slaSchema>;
export const DEFAULT_SLA: Sla = { urgent: 4 * 60, high: 24 * 60, normal: 3 * 24 * 60, low: 7 * 24 * 60 };
export const ticketSettingsSchema = z.object({ slaMinutes: slaSchema }).meta({ id: 'TicketSettings' });
export type TicketSettings = z.infer<typeof ticketSettingsSchema>;
export const updateTicketSettingsBody = z.object({ slaMinutes: slaSchema });

// ───────────────────────── tickets

export const TICKET_SOURCES = ['staff', 'portal', 'email', 'api'] as const;

export const ticketSummarySchema = z
  .object({
    id: z.uuid(),
    /** Sequential per workspace, from 1001. */
    number: z.number().int(),
    title: z.string(),
    customer: z.object({ id: z.uuid(), name: z.string() }),
    pipelineId: z.uuid(),
    stage: z.object({ id: z.uuid(), name: z.string(), category: stageCategorySchema }),
    priority: prioritySchema,
    assignee: userRefSchema.nullable(),
    dueAt: z.iso.datetime({ offset: true }),
    /** `sla`: computed from the workspace's targets; `manual`: set by hand. */
    dueSource: z.enum(['sla', 'manual']),
    /** Past due and not done (flagged by the overdue job). */
    overdue: z.boolean(),
    completedAt: z.iso.datetime({ offset: true }).nullable(),
    source: z.enum(TICKET_SOURCES),
    messageCount: z.number().int(),
    version: z.number().int(),
    createdAt: z.iso.datetime({ offset: true }),
    updatedAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'TicketSummary' });
export type TicketSummary = z.infer<typeof ticketSummarySchema>;

export const ticketSchema = ticketSummarySchema
  .extend({ description: z.string(), createdBy: userRefSchema.nullable() })
  .meta({ id: 'Ticket' });
export type Ticket = z.infer<typeof ticketSchema>;

const title = z.string({ error: 'is required' }).trim().min(1, 'is required').max(200, 'must be at most 200 characters');
const description = z.string().max(50_000, 'must be at most 50,000 characters');
const dueAt = z.iso.datetime({ offset: true, error: 'must be an ISO date-time, e.g. 2026-12-01T17:00:00Z' });

export const createTicketBody = z.object({
  customerId: z.uuid({ error: 'is required (a customer of this workspace)' }),
  title,
  priority: prioritySchema,
  description: description.default(''),
  /** Omitted: the workspace's default pipeline. */
  pipelineId: z.uuid().optional(),
  assigneeId: z.uuid().nullish(),
  /** Omitted: from the SLA target of the priority. */
  dueAt: dueAt.nullish(),
});
export type CreateTicketBody = z.input<typeof createTicketBody>;

export const updateTicketBody = z.object({
  version: z.number().int().min(1),
  title: title.optional(),
  description: description.optional(),
  priority: prioritySchema.optional(),
  customerId: z.uuid().optional(),
  /** A date-time sets the due date by hand; null returns it to the SLA target. */
  dueAt: dueAt.nullable().optional(),
});
export type UpdateTicketBody = z.input<typeof updateTicketBody>;

export const transitionBody = z.object({
  stageId: z.uuid(),
  /** When given, a stale version gets 409 version_conflict. */
  version: z.number().int().min(1).optional(),
});
export const assignBody = z.object({
  /** A member's id, `me`, or null to unassign. */
  assigneeId: z.union([z.uuid(), z.literal('me')]).nullable(),
  version: z.number().int().min(1).optional(),
});

/** Every filter of the tickets list and board; conditions combine with AND. Also what saved views and bulk store. */
export const ticketFilterSchema = z.object({
  /** Substring of the title, or a ticket number (`1042` or `#1042`). */
  q: z.string().trim().max(200).optional(),
  pipelineId: z.uuid().optional(),
  stage: z.array(z.uuid()).max(50).optional(),
  /** Stage categories, e.g. everything not done: ['open', 'waiting']. */
  category: z.array(stageCategorySchema).max(3).optional(),
  priority: z.array(prioritySchema).max(4).optional(),
  /** Assignee user ids; `me` for the caller, `none` for unassigned. */
  assignee: z.array(z.union([z.uuid(), z.literal('me'), z.literal('none')])).max(50).optional(),
  customerId: z.uuid().optional(),
  overdue: z.boolean().optional(),
  createdFrom: z.iso.date().optional(),
  createdTo: z.iso.date().optional(),
  dueFrom: z.iso.date().optional(),
  dueTo: z.iso.date().optional(),
});
export type TicketFilter = z.infer<typeof ticketFilterSchema>;

/** Sortable columns (each has an index). */
export const TICKET_SORT_FIELDS = ['number', 'title', 'priority', 'dueAt', 'createdAt', 'updatedAt'] as const;

/** The list querystring: the filter flattened (lists comma-separated) plus sort and page. */
export const ticketListQuery = z.object({
  q: z.string().trim().max(200).optional(),
  pipelineId: z.uuid().optional(),
  stage: z.string().max(2000).optional(),
  category: z.string().max(100).optional(),
  priority: z.string().max(100).optional(),
  assignee: z.string().max(2000).optional(),
  customerId: z.uuid().optional(),
  overdue: z.enum(['true', 'false']).optional(),
  createdFrom: z.iso.date().optional(),
  createdTo: z.iso.date().optional(),
  dueFrom: z.iso.date().optional(),
  dueTo: z.iso.date().optional(),
  sort: sortParamSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(2000).optional(),
});
export type TicketListQuery = z.input<typeof ticketListQuery>;

/** The querystring for a filter (the inverse of the server's parsing); empty parts are left out. */
export function ticketFilterToQuery(filter: TicketFilter): Record<string, string> {
  const out: Record<string, string> = {};
  if (filter.q) out.q = filter.q;
  if (filter.pipelineId) out.pipelineId = filter.pipelineId;
  for (const k of ['stage', 'category', 'priority', 'assignee'] as const) if (filter[k]?.length) out[k] = filter[k].join(',');
  if (filter.customerId) out.customerId = filter.customerId;
  if (filter.overdue !== undefined) out.overdue = String(filter.overdue);
  for (const k of ['createdFrom', 'createdTo', 'dueFrom', 'dueTo'] as const) if (filter[k]) out[k] = filter[k];
  return out;
}

export const ticketPageSchema = z.object({ items: z.array(ticketSummarySchema), nextCursor: z.string().nullable() }).meta({ id: 'TicketPage' });

/** The board: one column per stage of the pipeline, each with its (capped) count and its first tickets, most urgent first. */
export const boardQuery = ticketListQuery.omit({ sort: true, cursor: true, stage: true, category: true }).extend({
  /** Tickets per column (more through the list with `stage=`). */
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const boardSchema = z
  .object({
    pipeline: pipelineSchema,
    columns: z.array(
      z.object({
        stage: stageSchema,
        /** Matching tickets in the stage, counted up to 10,000 (`capped` past it). */
        count: z.number().int(),
        capped: z.boolean(),
        items: z.array(ticketSummarySchema),
        nextCursor: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'Board' });
export type Board = z.infer<typeof boardSchema>;

export const historyEntrySchema = z
  .object({
    id: z.string(),
    /** `transition` for a stage change; otherwise the audit action, e.g. ticket.created, ticket.assigned. */
    kind: z.string(),
    actor: z.object({ id: z.uuid().nullable(), email: z.string().nullable() }),
    fromStage: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    toStage: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    before: z.unknown().nullable(),
    after: z.unknown().nullable(),
    at: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'TicketHistoryEntry' });
export type HistoryEntry = z.infer<typeof historyEntrySchema>;
export const historyPageSchema = z.object({ items: z.array(historyEntrySchema), nextCursor: z.string().nullable() });

/** Columns a tickets export may have, in their order (GET /tickets/export.csv?fields=). */
export const TICKET_EXPORT_FIELDS = [
  'number', 'title', 'description', 'customer', 'customerEmail', 'stage', 'priority', 'assignee', 'dueAt', 'overdue', 'completedAt', 'source',
  'createdAt', 'updatedAt', 'messages',
] as const;
export type TicketExportField = (typeof TICKET_EXPORT_FIELDS)[number];

// ───────────────────────── messages and attachments

export const attachmentSchema = z
  .object({ id: z.uuid(), filename: z.string(), contentType: z.string(), size: z.number().int(), createdAt: z.iso.datetime({ offset: true }) })
  .meta({ id: 'Attachment' });
export type Attachment = z.infer<typeof attachmentSchema>;

export const messageSchema = z
  .object({
    id: z.uuid(),
    /** Internal notes are seen by staff only; public replies also by the customer. */
    internal: z.boolean(),
    body: z.string(),
    author: userRefSchema.nullable(),
    attachments: z.array(attachmentSchema),
    createdAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'TicketMessage' });
export type TicketMessage = z.infer<typeof messageSchema>;
export const messagePageSchema = z.object({ items: z.array(messageSchema), nextCursor: z.string().nullable() });

export const createMessageBody = z
  .object({
    body: z.string().trim().max(50_000, 'must be at most 50,000 characters').default(''),
    internal: z.boolean().default(false),
    /** Files uploaded to this ticket first (POST …/attachments) and not yet on a message. */
    attachmentIds: z.array(z.uuid()).max(10, 'at most 10 attachments').default([]),
  })
  .refine((b) => b.body.length > 0 || b.attachmentIds.length > 0, { message: 'is required (or attach a file)', path: ['body'] });

/** Content types accepted for attachments, recognised from the bytes, never from the name. */
export const ATTACHMENT_TYPES = [
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'application/pdf',
  'application/zip',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'text/plain',
] as const;

// ───────────────────────── bulk

export const ticketBulkSelectionSchema = z.union([
  z.object({ ids: z.array(z.uuid()).min(1, 'select at least one row').max(1000, 'at most 1000 ids; select all matching instead') }),
  z.object({ filter: ticketFilterSchema }),
]);
export const ticketBulkActionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('assign'), assigneeId: z.uuid().nullable() }),
  z.object({ type: z.literal('stage'), stageId: z.uuid() }),
  z.object({ type: z.literal('priority'), priority: prioritySchema }),
  /** Moves each ticket to the first done stage of its pipeline. */
  z.object({ type: z.literal('close') }),
]);
export type TicketBulkAction = z.infer<typeof ticketBulkActionSchema>;
export const ticketBulkBody = z.object({ selection: ticketBulkSelectionSchema, action: ticketBulkActionSchema });
export type TicketBulkBody = z.infer<typeof ticketBulkBody>;
export const ticketBulkJobSchema = bulkJobSchema.extend({ action: ticketBulkActionSchema }).meta({ id: 'TicketBulkJob' });
export type TicketBulkJob = z.infer<typeof ticketBulkJobSchema>;

// ───────────────────────── drafts (auto-save)

/** `ticket-<uuid>-reply`, `ticket-<uuid>-description`, or `ticket-new` for the new-ticket form. */
export const draftKeySchema = z
  .string()
  .regex(/^ticket-(new|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-(reply|description))$/, 'is not a draft key');
export const draftSchema = z
  .object({ key: z.string(), body: z.string(), updatedAt: z.iso.datetime({ offset: true }) })
  .meta({ id: 'Draft' });
export type Draft = z.infer<typeof draftSchema>;
export const saveDraftBody = z.object({ body: z.string().max(50_000, 'must be at most 50,000 characters') });
