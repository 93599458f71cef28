import { sql } from 'drizzle-orm';
import { bigint, boolean, foreignKey, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './identity.ts';
import { workspaces } from './access.ts';
import { customers } from './customers.ts';

const workspaceId = () =>
  uuid()
    .notNull()
    .references(() => workspaces.id, { onDelete: 'cascade' });
const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();

export const pipelines = pgTable(
  'pipelines',
  {
    workspaceId: workspaceId(),
    id: uuid().notNull().defaultRandom(),
    name: text().notNull(),
    isDefault: boolean().notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), uniqueIndex('pipelines_workspace_default_key').on(t.workspaceId).where(sql`is_default`)],
);

/** A column of a pipeline. `category` decides what a ticket in it means: open, waiting (on someone else) or done. */
export const pipelineStages = pgTable(
  'pipeline_stages',
  {
    workspaceId: workspaceId(),
    id: uuid().notNull().defaultRandom(),
    pipelineId: uuid().notNull(),
    name: text().notNull(),
    category: text().notNull(),
    position: integer().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    // Lets tickets reference (pipeline, stage) together, so a ticket's stage always belongs to its pipeline.
    uniqueIndex('pipeline_stages_workspace_pipeline_id_key').on(t.workspaceId, t.pipelineId, t.id),
    index('pipeline_stages_workspace_pipeline_position_idx').on(t.workspaceId, t.pipelineId, t.position),
    foreignKey({ columns: [t.workspaceId, t.pipelineId], foreignColumns: [pipelines.workspaceId, pipelines.id] }).onDelete('cascade'),
  ],
);

/** Per-workspace ticket settings: SLA targets (minutes by priority) and the next ticket number. */
export const ticketSettings = pgTable('ticket_settings', {
  workspaceId: workspaceId().primaryKey(),
  slaMinutes: jsonb().$type<Record<string, number>>().notNull(),
  nextNumber: bigint({ mode: 'number' }).notNull().default(1001),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const tickets = pgTable(
  'tickets',
  {
    workspaceId: workspaceId(),
    id: uuid().notNull().defaultRandom(),
    number: bigint({ mode: 'number' }).notNull(),
    title: text().notNull(),
    description: text().notNull().default(''),
    customerId: uuid().notNull(),
    pipelineId: uuid().notNull(),
    stageId: uuid().notNull(),
    priority: text().notNull(),
    /** urgent 3 … low 0: the board orders by it. */
    priorityRank: smallint().generatedAlwaysAs(
      sql`CASE priority WHEN 'urgent' THEN 3 WHEN 'high' THEN 2 WHEN 'normal' THEN 1 ELSE 0 END`,
    ),
    assigneeId: uuid().references(() => users.id, { onDelete: 'set null' }),
    /** Always set: from the SLA target of the priority unless set by hand. */
    dueAt: timestamp({ withTimezone: true }).notNull(),
    dueSource: text().notNull().default('sla'),
    /** Set by the overdue job; cleared when the ticket is done or its due date moves. */
    overdue: boolean().notNull().default(false),
    overdueNotifiedAt: timestamp({ withTimezone: true }),
    completedAt: timestamp({ withTimezone: true }),
    source: text().notNull().default('staff'),
    messageCount: integer().notNull().default(0),
    version: integer().notNull().default(1),
    search: text().generatedAlwaysAs(sql`grip_fold('#' || number::text || ' ' || title)`),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    /** The import that created it (no foreign key: written for every imported row); undo finds its records by it. */
    importId: uuid(),
    createdAt: createdAt(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('tickets_workspace_number_key').on(t.workspaceId, t.number),
    foreignKey({ columns: [t.workspaceId, t.customerId], foreignColumns: [customers.workspaceId, customers.id] }).onDelete('cascade'),
    // No cascade: a stage (or pipeline) with tickets cannot be removed until they are moved.
    foreignKey({
      name: 'tickets_stage_fk',
      columns: [t.workspaceId, t.pipelineId, t.stageId],
      foreignColumns: [pipelineStages.workspaceId, pipelineStages.pipelineId, pipelineStages.id],
    }),
    // Board columns: most urgent first, then earliest due.
    index('tickets_workspace_board_idx').on(t.workspaceId, t.stageId, t.priorityRank.desc().nullsFirst(), t.dueAt, t.id),
    index('tickets_workspace_created_idx').on(t.workspaceId, t.createdAt, t.id),
    index('tickets_workspace_updated_idx').on(t.workspaceId, t.updatedAt, t.id),
    index('tickets_workspace_due_idx').on(t.workspaceId, t.dueAt, t.id),
    index('tickets_workspace_title_idx').on(t.workspaceId, sql`lower(title)`, t.id),
    index('tickets_workspace_assignee_idx').on(t.workspaceId, t.assigneeId, t.createdAt, t.id),
    index('tickets_workspace_customer_idx').on(t.workspaceId, t.customerId, t.createdAt, t.id),
    index('tickets_workspace_overdue_idx').on(t.workspaceId, t.createdAt, t.id).where(sql`overdue`),
    // What the overdue job scans: open tickets not yet flagged, by due date.
    index('tickets_workspace_pending_due_idx').on(t.workspaceId, t.dueAt).where(sql`completed_at IS NULL AND NOT overdue`),
    index('tickets_workspace_search_trgm_idx').using('gin', t.workspaceId, sql`search gin_trgm_ops`),
  ],
);

/** One row per stage change. Stage names are kept as they were: stages can be renamed or removed later. */
export const ticketTransitions = pgTable(
  'ticket_transitions',
  {
    workspaceId: workspaceId(),
    id: uuid().notNull().defaultRandom(),
    ticketId: uuid().notNull(),
    fromStageId: uuid().notNull(),
    fromStageName: text().notNull(),
    toStageId: uuid().notNull(),
    toStageName: text().notNull(),
    actorId: uuid().references(() => users.id, { onDelete: 'set null' }),
    actorEmail: text(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({ columns: [t.workspaceId, t.ticketId], foreignColumns: [tickets.workspaceId, tickets.id] }).onDelete('cascade'),
    index('ticket_transitions_workspace_ticket_idx').on(t.workspaceId, t.ticketId, t.createdAt),
  ],
);

export const ticketMessages = pgTable(
  'ticket_messages',
  {
    workspaceId: workspaceId(),
    id: uuid().notNull().defaultRandom(),
    ticketId: uuid().notNull(),
    authorId: uuid().references(() => users.id, { onDelete: 'set null' }),
    body: text().notNull(),
    internal: boolean().notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({ columns: [t.workspaceId, t.ticketId], foreignColumns: [tickets.workspaceId, tickets.id] }).onDelete('cascade'),
    index('ticket_messages_workspace_ticket_idx').on(t.workspaceId, t.ticketId, t.createdAt, t.id),
  ],
);

/** A file on a ticket: uploaded first (message_id null), then attached to the message that posts it. */
export const ticketAttachments = pgTable(
  'ticket_attachments',
  {
    workspaceId: workspaceId(),
    id: uuid().notNull().defaultRandom(),
    ticketId: uuid().notNull(),
    messageId: uuid(),
    filename: text().notNull(),
    contentType: text().notNull(),
    size: integer().notNull(),
    sha256: text().notNull(),
    /** Where the bytes are in storage; never derived from the client's file name. */
    storageKey: text().notNull(),
    uploadedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({ columns: [t.workspaceId, t.ticketId], foreignColumns: [tickets.workspaceId, tickets.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.workspaceId, t.messageId], foreignColumns: [ticketMessages.workspaceId, ticketMessages.id] }).onDelete('cascade'),
    index('ticket_attachments_workspace_ticket_idx').on(t.workspaceId, t.ticketId, t.messageId),
  ],
);

/** Auto-saved text per user and key (a ticket's reply or description, the new-ticket form). */
export const drafts = pgTable(
  'drafts',
  {
    workspaceId: workspaceId(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    key: text().notNull(),
    body: text().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.userId, t.key] })],
);

export const notifications = pgTable(
  'notifications',
  {
    workspaceId: workspaceId(),
    id: uuid().notNull().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text().notNull(),
    title: text().notNull(),
    body: text().notNull().default(''),
    link: text(),
    entityId: uuid(),
    /** false when the user turned in-app off for this kind: the row then only carries the email. */
    inApp: boolean().notNull().default(true),
    readAt: timestamp({ withTimezone: true }),
    /** pending → sent | failed; skipped when the user turned email off. */
    emailState: text().notNull().default('skipped'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('notifications_workspace_user_created_idx').on(t.workspaceId, t.userId, t.createdAt, t.id).where(sql`in_app`),
    index('notifications_workspace_user_unread_idx').on(t.workspaceId, t.userId).where(sql`in_app AND read_at IS NULL`),
    index('notifications_workspace_email_pending_idx').on(t.workspaceId, t.createdAt).where(sql`email_state = 'pending'`),
  ],
);

export const notificationPreferences = pgTable(
  'notification_preferences',
  {
    workspaceId: workspaceId(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text().notNull(),
    inApp: boolean().notNull().default(true),
    email: boolean().notNull().default(true),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.userId, t.kind] })],
);
