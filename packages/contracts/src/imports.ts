import { z } from 'zod';

// ───────────────────────── what can be imported

export const IMPORT_ENTITIES = ['customers', 'policies', 'tickets'] as const;
export const importEntitySchema = z.enum(IMPORT_ENTITIES);
export type ImportEntity = z.infer<typeof importEntitySchema>;

/**
 * What happens to a row that matches an existing record on the match key. A row repeating an earlier row of the
 * file (same match key or email) is always reported as a duplicate of that row, whatever the mode.
 */
export const DUPLICATE_MODES = ['skip', 'update', 'create'] as const;
export const duplicateModeSchema = z.enum(DUPLICATE_MODES);
export type DuplicateMode = z.infer<typeof duplicateModeSchema>;

/**
 * uploaded (the wizard is choosing the mapping) → queued → loading (rows read, checked and written, chunk by chunk,
 * in one transaction) → writing (committing) → done | failed | cancelled; an import that was undone ends as `undone`.
 */
export const IMPORT_STATUSES = ['uploaded', 'queued', 'loading', 'writing', 'done', 'failed', 'cancelled', 'undone'] as const;
export const importStatusSchema = z.enum(IMPORT_STATUSES);
export type ImportStatus = z.infer<typeof importStatusSchema>;
/** Statuses in which the job is still working. */
export const IMPORT_RUNNING: readonly ImportStatus[] = ['queued', 'loading', 'writing'];

export const ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'latin1'] as const;
export const encodingSchema = z.enum(ENCODINGS);
export const DELIMITERS = [',', ';', '\t', '|'] as const;
export const delimiterSchema = z.enum(DELIMITERS);

/** A header folded for matching: case, accents, spacing and punctuation ignored ("E-mail Address" → "emailaddress"). */
export function foldHeader(header: string): string {
  return header
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

export const IMPORT_FIELD_TYPES = ['text', 'email', 'phone', 'date', 'datetime', 'number', 'enum', 'list', 'boolean'] as const;

/** A field a file column can be mapped to. Custom fields of customers are `custom.<key>`. */
export const importFieldSchema = z
  .object({
    key: z.string(),
    label: z.string(),
    type: z.enum(IMPORT_FIELD_TYPES),
    /** A row without it is rejected (name may come from first + last name instead). */
    required: z.boolean(),
    /** Choices of an enum field. */
    options: z.array(z.string()).optional(),
    /** Duplicates can be matched on this field. */
    matchable: z.boolean(),
  })
  .meta({ id: 'ImportField' });
export type ImportField = z.infer<typeof importFieldSchema>;

/** Column index (as a string: "0", "1", …) → field key. Unmapped columns are left out or mapped to "". */
export const importMappingSchema = z.record(z.string().regex(/^\d{1,3}$/), z.string().max(80));
export type ImportMapping = z.infer<typeof importMappingSchema>;

export const importTemplateSchema = z
  .object({
    id: z.uuid(),
    entity: importEntitySchema,
    name: z.string(),
    /** Normalised header → field key. */
    mapping: z.record(z.string(), z.string()),
    duplicateMode: duplicateModeSchema,
    matchKey: z.string(),
    createdAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'ImportTemplate' });
export type ImportTemplate = z.infer<typeof importTemplateSchema>;

export const createImportTemplateBody = z.object({
  entity: importEntitySchema,
  name: z.string().trim().min(1, 'is required').max(80),
  /** Header as it appears in the file → field key (headers are normalised when stored). */
  mapping: z.record(z.string().max(200), z.string().max(80)).refine((m) => Object.keys(m).length > 0, 'map at least one column'),
  duplicateMode: duplicateModeSchema.default('skip'),
  matchKey: z.string().max(80).default('email'),
});

// ───────────────────────── an import

export const importJobSchema = z
  .object({
    id: z.uuid(),
    entity: importEntitySchema,
    fileName: z.string(),
    fileSize: z.number().int(),
    format: z.enum(['csv', 'xlsx']),
    encoding: encodingSchema,
    delimiter: delimiterSchema,
    status: importStatusSchema,
    /** The last (or current) run was a dry run: nothing was written. */
    dryRun: z.boolean(),
    mapping: importMappingSchema,
    duplicateMode: duplicateModeSchema,
    matchKey: z.string(),
    /** Progress: bytes of the file read, data rows read, rows per second, seconds left (null when unknown). */
    bytesDone: z.number().int(),
    rowsDone: z.number().int(),
    rowsTotal: z.number().int(),
    rowsPerSecond: z.number().int().nullable(),
    etaSeconds: z.number().int().nullable(),
    created: z.number().int(),
    updated: z.number().int(),
    skipped: z.number().int(),
    failed: z.number().int(),
    error: z.string().nullable(),
    createdBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    createdAt: z.iso.datetime({ offset: true }),
    startedAt: z.iso.datetime({ offset: true }).nullable(),
    finishedAt: z.iso.datetime({ offset: true }).nullable(),
    undoneAt: z.iso.datetime({ offset: true }).nullable(),
  })
  .meta({ id: 'ImportJob' });
export type ImportJob = z.infer<typeof importJobSchema>;

/** An import with what the wizard needs to map it: the file's headers and first rows, fields, templates. */
export const importDetailSchema = importJobSchema
  .extend({
    headers: z.array(z.string()),
    /** The first rows of the file as read (up to 20), cell by cell under the headers. */
    sample: z.array(z.array(z.string())),
    fields: z.array(importFieldSchema),
    /** Saved templates of this entity, best match first; `score` is the share of the file's headers it maps. */
    templates: z.array(importTemplateSchema.extend({ score: z.number() })),
  })
  .meta({ id: 'ImportDetail' });
export type ImportDetail = z.infer<typeof importDetailSchema>;

export const updateImportBody = z
  .object({
    encoding: encodingSchema.optional(),
    delimiter: delimiterSchema.optional(),
    mapping: importMappingSchema.optional(),
    duplicateMode: duplicateModeSchema.optional(),
    matchKey: z.string().max(80).optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');
export type UpdateImportBody = z.infer<typeof updateImportBody>;

export const startImportBody = z.object({
  /** Check every row and count what would happen, writing nothing. */
  dryRun: z.boolean().default(false),
});

/** One problem with one cell (or a whole row, column ""). */
export const importIssueSchema = z.object({ column: z.string(), value: z.string().nullable(), reason: z.string() });
export type ImportIssue = z.infer<typeof importIssueSchema>;

export const IMPORT_ROW_ACTIONS = ['create', 'update', 'skip', 'error'] as const;
export const importPreviewSchema = z
  .object({
    rows: z.array(
      z.object({
        /** Line number in the file (the header is line 1). */
        rowNo: z.number().int(),
        /** Field key → value as it will be stored (after normalisation), or the raw text when it is invalid. */
        values: z.record(z.string(), z.string().nullable()),
        action: z.enum(IMPORT_ROW_ACTIONS),
        issues: z.array(importIssueSchema),
      }),
    ),
    /** Mapping problems that stop the import (a required field not mapped, two columns on one field). */
    mappingIssues: z.array(z.object({ field: z.string(), message: z.string() })),
  })
  .meta({ id: 'ImportPreview' });
export type ImportPreview = z.infer<typeof importPreviewSchema>;

export const undoImportResultSchema = z.object({
  /** Records the import created, removed (customers go to the trash). */
  removed: z.number().int(),
  /** Records the import updated, put back as they were. */
  restored: z.number().int(),
  /** Records changed since the import: left as they are. */
  kept: z.number().int(),
});
export type UndoImportResult = z.infer<typeof undoImportResultSchema>;

export const importListQuery = z.object({
  entity: importEntitySchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(500).optional(),
});
