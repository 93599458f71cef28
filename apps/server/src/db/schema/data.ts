import { sql } from 'drizzle-orm';
import { bigint, boolean, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './identity.ts';
import { workspaces } from './access.ts';

// Data in and out (issue #6): imports, export jobs, scheduled exports, workspace deletion.

const workspaceId = () =>
  uuid()
    .notNull()
    .references(() => workspaces.id, { onDelete: 'cascade' });
const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();
const userRef = () => uuid().references(() => users.id, { onDelete: 'set null' });

/**
 * One import of a file into customers, policies or tickets. The file is kept in storage until the import is
 * finished (or abandoned); the mapping and options are what the wizard chose. Counts and phase are the live
 * progress the wizard polls and the history lists.
 */
export const importJobs = pgTable(
  'import_jobs',
  {
    workspaceId: workspaceId(),
    id: uuid().notNull().defaultRandom(),
    entity: text().notNull(),
    fileName: text().notNull(),
    fileKey: text(),
    fileSize: bigint({ mode: 'number' }).notNull().default(0),
    /** csv or xlsx. */
    format: text().notNull(),
    encoding: text().notNull().default('utf-8'),
    delimiter: text().notNull().default(','),
    headers: text().array().notNull().default(sql`'{}'::text[]`),
    /** The first rows as read (the wizard shows them under the headers). */
    sample: jsonb().$type<string[][]>().notNull().default([]),
    /** Column index (as text) → target field key. */
    mapping: jsonb().$type<Record<string, string>>().notNull().default({}),
    /** skip | update | create */
    duplicateMode: text().notNull().default('skip'),
    /** The field duplicates are matched on (email by default). */
    matchKey: text().notNull().default('email'),
    dryRun: boolean().notNull().default(false),
    /** uploaded → queued → loading → writing → done | failed | cancelled; undone after an undo. */
    status: text().notNull().default('uploaded'),
    phase: text(),
    bytesDone: bigint({ mode: 'number' }).notNull().default(0),
    rowsTotal: integer().notNull().default(0),
    rowsDone: integer().notNull().default(0),
    created: integer().notNull().default(0),
    updated: integer().notNull().default(0),
    skipped: integer().notNull().default(0),
    failed: integer().notNull().default(0),
    rowsPerSecond: integer(),
    error: text(),
    cancelRequested: boolean().notNull().default(false),
    createdBy: userRef(),
    createdAt: createdAt(),
    startedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
    undoneAt: timestamp({ withTimezone: true }),
    undoneBy: userRef(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), index('import_jobs_workspace_created_idx').on(t.workspaceId, t.createdAt, t.id)],
);

/** Rows an import could not take: row number in the file, column, value and why. */
export const importErrors = pgTable(
  'import_errors',
  {
    workspaceId: workspaceId(),
    importId: uuid().notNull(),
    rowNo: integer().notNull(),
    column: text().notNull(),
    value: text(),
    reason: text().notNull(),
  },
  (t) => [
    foreignKey({ columns: [t.workspaceId, t.importId], foreignColumns: [importJobs.workspaceId, importJobs.id] }).onDelete('cascade'),
    index('import_errors_workspace_import_row_idx').on(t.workspaceId, t.importId, t.rowNo),
  ],
);

/**
 * What an import did to each record, so that it can be undone: created (before is null) or updated (before is
 * the record as it was). `versionAfter` tells whether the record changed since: such records are left alone.
 * Written once per imported row, so without foreign keys (a check per row would cost more than the row): its
 * rows are only ever read through their import, and go with the workspace.
 */
export const importRecords = pgTable(
  'import_records',
  {
    workspaceId: uuid().notNull(),
    importId: uuid().notNull(),
    recordId: uuid().notNull(),
    before: jsonb(),
    versionAfter: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.importId, t.recordId] })],
);

/** A saved mapping: header (normalised) → field, offered again when a file with such headers is uploaded. */
export const importTemplates = pgTable(
  'import_templates',
  {
    workspaceId: workspaceId(),
    id: uuid().notNull().defaultRandom(),
    entity: text().notNull(),
    name: text().notNull(),
    /** Normalised header → target field key. */
    mapping: jsonb().$type<Record<string, string>>().notNull(),
    duplicateMode: text().notNull().default('skip'),
    matchKey: text().notNull().default('email'),
    createdBy: userRef(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), uniqueIndex('import_templates_workspace_entity_name_key').on(t.workspaceId, t.entity, t.name)],
);

/**
 * An export written to a file (large exports, scheduled ones, the final archive before a workspace is
 * deleted), with progress and a download link that expires.
 */
export const exportJobs = pgTable(
  'export_jobs',
  {
    workspaceId: workspaceId(),
    id: uuid().notNull().defaultRandom(),
    /** customers | policies | tickets */
    entity: text().notNull(),
    /** csv | xlsx */
    format: text().notNull(),
    /** The list filters, fields and options the export was asked with. */
    params: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    /** queued → running → done | failed | cancelled */
    status: text().notNull().default('queued'),
    rowsTotal: integer(),
    rowsDone: integer().notNull().default(0),
    fileKey: text(),
    fileName: text(),
    fileSize: bigint({ mode: 'number' }),
    /** SHA-256 of the download token (the link carries the token; only its hash is stored). */
    tokenHash: text(),
    expiresAt: timestamp({ withTimezone: true }),
    error: text(),
    scheduledExportId: uuid(),
    createdBy: userRef(),
    createdAt: createdAt(),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('export_jobs_workspace_created_idx').on(t.workspaceId, t.createdAt, t.id),
    uniqueIndex('export_jobs_token_hash_key').on(t.tokenHash),
  ],
);

/** A recurring export mailed to recipients. `nextRunAt` is computed in the schedule's time zone. */
export const scheduledExports = pgTable(
  'scheduled_exports',
  {
    workspaceId: workspaceId(),
    id: uuid().notNull().defaultRandom(),
    name: text().notNull(),
    entity: text().notNull(),
    format: text().notNull().default('csv'),
    fields: text().array().notNull().default(sql`'{}'::text[]`),
    filter: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    bom: boolean().notNull().default(false),
    /** daily | weekly | monthly */
    frequency: text().notNull(),
    /** HH:MM in `timezone`. */
    timeOfDay: text().notNull(),
    timezone: text().notNull().default('UTC'),
    /** 0 (Sunday) – 6 for weekly; 1–28 for monthly. */
    dayOfWeek: integer(),
    dayOfMonth: integer(),
    recipients: text().array().notNull(),
    /** attachment | link */
    delivery: text().notNull().default('attachment'),
    paused: boolean().notNull().default(false),
    nextRunAt: timestamp({ withTimezone: true }),
    lastRunAt: timestamp({ withTimezone: true }),
    version: integer().notNull().default(1),
    createdBy: userRef(),
    createdAt: createdAt(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('scheduled_exports_workspace_created_idx').on(t.workspaceId, t.createdAt, t.id),
    // The cron tick looks across workspaces for what is due.
    index('scheduled_exports_due_idx').on(t.nextRunAt).where(sql`NOT paused`),
  ],
);

export const scheduledExportRuns = pgTable(
  'scheduled_export_runs',
  {
    workspaceId: workspaceId(),
    id: uuid().notNull().defaultRandom(),
    scheduledExportId: uuid().notNull(),
    /** running → sent | failed */
    status: text().notNull().default('running'),
    rows: integer(),
    fileSize: bigint({ mode: 'number' }),
    exportJobId: uuid(),
    error: text(),
    startedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({ columns: [t.workspaceId, t.scheduledExportId], foreignColumns: [scheduledExports.workspaceId, scheduledExports.id] }).onDelete('cascade'),
    index('scheduled_export_runs_workspace_schedule_idx').on(t.workspaceId, t.scheduledExportId, t.startedAt),
  ],
);

/**
 * A workspace's deletion: requested by the owner (a final archive is prepared), confirmed by typing its name,
 * carried out after the grace period unless cancelled. The row goes with the workspace; the platform audit log
 * keeps the record.
 */
export const workspaceDeletions = pgTable('workspace_deletions', {
  workspaceId: workspaceId().primaryKey(),
  /** preparing → ready → scheduled → (cancelled | purging) */
  status: text().notNull().default('preparing'),
  requestedBy: userRef(),
  requestedAt: createdAt(),
  archiveKey: text(),
  archiveSize: bigint({ mode: 'number' }),
  /** SHA-256 of the archive's download token. */
  archiveTokenHash: text(),
  archiveExpiresAt: timestamp({ withTimezone: true }),
  confirmedBy: userRef(),
  confirmedAt: timestamp({ withTimezone: true }),
  purgeAfter: timestamp({ withTimezone: true }),
  cancelledAt: timestamp({ withTimezone: true }),
  error: text(),
});
