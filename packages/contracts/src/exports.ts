import { z } from 'zod';
import { CUSTOMER_EXPORT_FIELDS } from './customers.ts';
import { POLICY_EXPORT_FIELDS } from './policies.ts';
import { TICKET_EXPORT_FIELDS } from './tickets.ts';

// Exports written to files (export jobs) and recurring exports mailed to recipients (scheduled exports).

export const EXPORT_ENTITIES = ['customers', 'policies', 'tickets'] as const;
export const exportEntitySchema = z.enum(EXPORT_ENTITIES);
export type ExportEntity = z.infer<typeof exportEntitySchema>;

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export const exportFormatSchema = z.enum(EXPORT_FORMATS);
export type ExportFormat = z.infer<typeof exportFormatSchema>;

/** The columns each kind of record may be exported with, in their order. */
export const EXPORT_FIELDS: Record<ExportEntity, readonly string[]> = {
  customers: CUSTOMER_EXPORT_FIELDS,
  policies: POLICY_EXPORT_FIELDS,
  tickets: TICKET_EXPORT_FIELDS,
};

/** Exports at least this large run in the background (an export job) rather than as a direct download. */
export const BACKGROUND_EXPORT_ROWS = 50_000;

/** The list's filters and sort as its querystring (`status=lead,active`, `sort=-name`); checked against that list's query. */
export const exportQuerySchema = z.record(z.string().max(60), z.string().max(4000)).refine((q) => Object.keys(q).length <= 30, 'has too many parameters');
export type ExportQuery = z.infer<typeof exportQuerySchema>;

const fieldsSchema = z.array(z.string().min(1).max(60)).min(1, 'name at least one field').max(60);

export const createExportJobBody = z.object({
  entity: exportEntitySchema,
  format: exportFormatSchema.default('csv'),
  query: exportQuerySchema.default({}),
  /** Columns in any order (the file keeps the allow-list's order); all when left out. */
  fields: fieldsSchema.optional(),
  /** A UTF-8 byte-order mark first (CSV only), for Excel. */
  bom: z.boolean().default(false),
});
export type CreateExportJobBody = z.input<typeof createExportJobBody>;

export const EXPORT_JOB_STATUSES = ['queued', 'running', 'done', 'failed', 'cancelled'] as const;
export const exportJobStatusSchema = z.enum(EXPORT_JOB_STATUSES);
export type ExportJobStatus = z.infer<typeof exportJobStatusSchema>;

export const exportJobSchema = z
  .object({
    id: z.uuid(),
    entity: exportEntitySchema,
    format: exportFormatSchema,
    status: exportJobStatusSchema,
    /** Known once the job has counted the matching rows. */
    rowsTotal: z.number().int().nullable(),
    rowsDone: z.number().int(),
    fileName: z.string().nullable(),
    fileSize: z.number().int().nullable(),
    /** When the file and its download link expire (done jobs). */
    expiresAt: z.iso.datetime({ offset: true }).nullable(),
    /** The file can be downloaded now (done and not expired). */
    downloadable: z.boolean(),
    error: z.string().nullable(),
    scheduledExportId: z.uuid().nullable(),
    createdBy: z.object({ id: z.uuid(), name: z.string(), email: z.string() }).nullable(),
    createdAt: z.iso.datetime({ offset: true }),
    finishedAt: z.iso.datetime({ offset: true }).nullable(),
  })
  .meta({ id: 'ExportJob' });
export type ExportJob = z.infer<typeof exportJobSchema>;
export const exportJobPageSchema = z.object({ items: z.array(exportJobSchema), nextCursor: z.string().nullable() }).meta({ id: 'ExportJobPage' });

export const isExportJobActive = (job: Pick<ExportJob, 'status'> | undefined) => job?.status === 'queued' || job?.status === 'running';

// ───────────────────────── scheduled exports

export const FREQUENCIES = ['daily', 'weekly', 'monthly'] as const;
export const frequencySchema = z.enum(FREQUENCIES);
export type Frequency = z.infer<typeof frequencySchema>;
export const DELIVERIES = ['attachment', 'link'] as const;
export const deliverySchema = z.enum(DELIVERIES);

/** Files up to this size are attached to the email; larger ones are sent as a link. */
export const ATTACHMENT_LIMIT_BYTES = 10 * 1024 * 1024;

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

const scheduleFields = {
  name: z.string().trim().min(1, 'is required').max(120, 'must be at most 120 characters'),
  entity: exportEntitySchema,
  format: exportFormatSchema,
  /** Columns (all when empty). */
  fields: z.array(z.string().min(1).max(60)).max(60),
  /** The list's filters (and sort) as its querystring. */
  filter: exportQuerySchema,
  bom: z.boolean(),
  frequency: frequencySchema,
  timeOfDay: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM (24-hour)'),
  timezone: z.string().min(1).max(64).refine(isTimeZone, 'is not a known IANA time zone'),
  /** 0 (Sunday) – 6; weekly schedules. */
  dayOfWeek: z.number().int().min(0, 'must be 0 (Sunday) to 6').max(6, 'must be 0 (Sunday) to 6').nullable(),
  /** 1–28 (every month has it); monthly schedules. */
  dayOfMonth: z.number().int().min(1, 'must be 1 to 28').max(28, 'must be 1 to 28').nullable(),
  recipients: z.array(z.email({ message: 'must be an email address' }).max(254)).min(1, 'name at least one recipient').max(20, 'may have at most 20 recipients'),
  delivery: deliverySchema,
  paused: z.boolean(),
};

export const createScheduledExportBody = z.object({
  ...scheduleFields,
  format: scheduleFields.format.default('csv'),
  fields: scheduleFields.fields.default([]),
  filter: scheduleFields.filter.default({}),
  bom: scheduleFields.bom.default(false),
  timezone: scheduleFields.timezone.default('UTC'),
  dayOfWeek: scheduleFields.dayOfWeek.optional(),
  dayOfMonth: scheduleFields.dayOfMonth.optional(),
  delivery: scheduleFields.delivery.default('attachment'),
  paused: scheduleFields.paused.default(false),
});
export type CreateScheduledExportBody = z.input<typeof createScheduledExportBody>;

export const updateScheduledExportBody = z.object(scheduleFields).partial().extend({ version: z.number().int().min(1) });
export type UpdateScheduledExportBody = z.input<typeof updateScheduledExportBody>;

export const RUN_STATUSES = ['running', 'sent', 'failed'] as const;
export const runStatusSchema = z.enum(RUN_STATUSES);

export const scheduledExportRunSchema = z
  .object({
    id: z.uuid(),
    status: runStatusSchema,
    rows: z.number().int().nullable(),
    fileSize: z.number().int().nullable(),
    exportJobId: z.uuid().nullable(),
    error: z.string().nullable(),
    startedAt: z.iso.datetime({ offset: true }),
    finishedAt: z.iso.datetime({ offset: true }).nullable(),
  })
  .meta({ id: 'ScheduledExportRun' });
export type ScheduledExportRun = z.infer<typeof scheduledExportRunSchema>;
export const scheduledExportRunPageSchema = z.object({ items: z.array(scheduledExportRunSchema), nextCursor: z.string().nullable() }).meta({ id: 'ScheduledExportRunPage' });

export const scheduledExportSchema = z
  .object({
    id: z.uuid(),
    ...scheduleFields,
    nextRunAt: z.iso.datetime({ offset: true }).nullable(),
    lastRunAt: z.iso.datetime({ offset: true }).nullable(),
    lastRun: scheduledExportRunSchema.pick({ status: true, error: true, startedAt: true }).nullable(),
    version: z.number().int(),
    createdBy: z.object({ id: z.uuid(), name: z.string(), email: z.string() }).nullable(),
    createdAt: z.iso.datetime({ offset: true }),
    updatedAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'ScheduledExport' });
export type ScheduledExport = z.infer<typeof scheduledExportSchema>;
export const scheduledExportPageSchema = z.object({ items: z.array(scheduledExportSchema), nextCursor: z.string().nullable() }).meta({ id: 'ScheduledExportPage' });
