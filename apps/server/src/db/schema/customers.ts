import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './identity.ts';
import { workspaces } from './access.ts';

const workspaceId = () =>
  uuid()
    .notNull()
    .references(() => workspaces.id, { onDelete: 'cascade' });
const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();

/**
 * A business's customer. `search` is the folded (lower-case, unaccented) text the one search box matches by
 * substring through a trigram index; `email_normalized` carries the per-workspace uniqueness that prevents
 * duplicates even under concurrent creates. Trashed customers keep their row (and their email) until purged.
 */
export const customers = pgTable(
  'customers',
  {
    workspaceId: workspaceId(),
    id: uuid().notNull().defaultRandom(),
    kind: text().notNull().default('person'),
    name: text().notNull(),
    /** lower(name), stored so that name-ordered walks can be index-only (with `search` included in the index). */
    sortName: text().generatedAlwaysAs(sql`lower(name)`),
    email: text(),
    emailNormalized: text().generatedAlwaysAs(sql`lower(btrim(email))`),
    /** E.164. */
    phone: text(),
    company: text(),
    address: jsonb(),
    tags: text().array().notNull().default(sql`'{}'::text[]`),
    status: text().notNull().default('active'),
    ownerId: uuid().references(() => users.id, { onDelete: 'set null' }),
    custom: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    version: integer().notNull().default(1),
    search: text().generatedAlwaysAs(
      sql`grip_fold(name || ' ' || coalesce(email, '') || ' ' || coalesce(phone, '') || ' ' || coalesce(company, ''))`,
    ),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    /** The import that created it (no foreign key: written for every imported row); undo finds its records by it. */
    importId: uuid(),
    createdAt: createdAt(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp({ withTimezone: true }),
    deletedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    mergedIntoId: uuid(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('customers_workspace_email_key').on(t.workspaceId, t.emailNormalized),
    index('customers_workspace_phone_idx').on(t.workspaceId, t.phone).where(sql`phone IS NOT NULL`),
    // Sort orders of the list (live customers only); btree scans both ways, so one index serves asc and desc.
    // The name-order indexes (workspace, [owner,] sort_name, id) INCLUDE (search) are created in SQL (0008):
    // drizzle cannot express INCLUDE. Carrying `search` lets a search in name order filter inside the index.
    // So is (workspace, updated_at, id) INCLUDE (search) (0010): a search's default order.
    index('customers_workspace_created_idx').on(t.workspaceId, t.createdAt, t.id).where(sql`deleted_at IS NULL`),
    index('customers_workspace_trash_idx').on(t.workspaceId, t.deletedAt, t.id).where(sql`deleted_at IS NOT NULL`),
    // Substring search, similar-name duplicates and tag filters (btree_gin lets GIN indexes start with workspace_id).
    index('customers_workspace_search_trgm_idx').using('gin', t.workspaceId, sql`search gin_trgm_ops`),
    index('customers_workspace_name_trgm_idx').using('gin', t.workspaceId, sql`grip_fold(name) gin_trgm_ops`),
    index('customers_workspace_tags_idx').using('gin', t.workspaceId, t.tags),
  ],
);

/** A workspace's own customer fields; values live in `customers.custom[key]`. */
export const customerFields = pgTable(
  'customer_fields',
  {
    workspaceId: workspaceId(),
    id: uuid().notNull().defaultRandom(),
    key: text().notNull(),
    label: text().notNull(),
    type: text().notNull(),
    options: text().array().notNull().default(sql`'{}'::text[]`),
    required: boolean().notNull().default(false),
    position: integer().notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), uniqueIndex('customer_fields_workspace_key_key').on(t.workspaceId, t.key)],
);

export const policies = pgTable(
  'policies',
  {
    workspaceId: workspaceId(),
    id: uuid().notNull().defaultRandom(),
    customerId: uuid().notNull(),
    number: text().notNull(),
    product: text().notNull(),
    carrier: text().notNull().default(''),
    premium: numeric({ precision: 14, scale: 2 }).notNull(),
    currency: text().notNull(),
    startDate: date().notNull(),
    endDate: date(),
    renewalDate: date(),
    status: text().notNull().default('active'),
    version: integer().notNull().default(1),
    search: text().generatedAlwaysAs(sql`grip_fold(number || ' ' || product || ' ' || carrier)`),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    /** The import that created it (no foreign key: written for every imported row); undo finds its records by it. */
    importId: uuid(),
    createdAt: createdAt(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({ columns: [t.workspaceId, t.customerId], foreignColumns: [customers.workspaceId, customers.id] }).onDelete('cascade'),
    uniqueIndex('policies_workspace_number_key').on(t.workspaceId, t.number),
    index('policies_workspace_customer_idx').on(t.workspaceId, t.customerId, t.createdAt),
    index('policies_workspace_renewal_idx').on(t.workspaceId, t.renewalDate, t.id),
    index('policies_workspace_created_idx').on(t.workspaceId, t.createdAt, t.id),
    index('policies_workspace_search_trgm_idx').using('gin', t.workspaceId, sql`search gin_trgm_ops`),
  ],
);

export const notes = pgTable(
  'notes',
  {
    workspaceId: workspaceId(),
    id: uuid().notNull().defaultRandom(),
    customerId: uuid().notNull(),
    authorId: uuid().references(() => users.id, { onDelete: 'set null' }),
    body: text().notNull(),
    createdAt: createdAt(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({ columns: [t.workspaceId, t.customerId], foreignColumns: [customers.workspaceId, customers.id] }).onDelete('cascade'),
    index('notes_workspace_customer_created_idx').on(t.workspaceId, t.customerId, t.createdAt, t.id),
  ],
);

/** Filters + sort + columns of a list, personal or shared with the workspace. */
export const savedViews = pgTable(
  'saved_views',
  {
    workspaceId: workspaceId(),
    id: uuid().notNull().defaultRandom(),
    resource: text().notNull(),
    name: text().notNull(),
    ownerId: uuid().references(() => users.id, { onDelete: 'cascade' }),
    shared: boolean().notNull().default(false),
    state: jsonb().notNull(),
    createdAt: createdAt(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), index('saved_views_workspace_resource_idx').on(t.workspaceId, t.resource, t.ownerId)],
);

/** What each user last looked at on each list. */
export const lastViews = pgTable(
  'last_views',
  {
    workspaceId: workspaceId(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    resource: text().notNull(),
    viewId: uuid(),
    state: jsonb(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.userId, t.resource] })],
);

/** A bulk change over a selection; large ones run as a job and report progress here. */
export const bulkJobs = pgTable(
  'bulk_jobs',
  {
    workspaceId: workspaceId(),
    id: uuid().notNull().defaultRandom(),
    resource: text().notNull(),
    action: jsonb().notNull(),
    selection: jsonb().notNull(),
    status: text().notNull().default('queued'),
    total: integer().notNull().default(0),
    processed: integer().notNull().default(0),
    failed: integer().notNull().default(0),
    /** The last record id finished: a retried job resumes after it. */
    lastId: uuid(),
    /** Scope of the user who started it: `own` limits the job to their customers. */
    scope: text().notNull().default('all'),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    startedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), index('bulk_jobs_workspace_created_idx').on(t.workspaceId, t.createdAt)],
);

export const bulkJobErrors = pgTable(
  'bulk_job_errors',
  {
    workspaceId: workspaceId(),
    id: uuid().notNull().defaultRandom(),
    jobId: uuid().notNull(),
    recordId: uuid(),
    recordName: text(),
    error: text().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({ columns: [t.workspaceId, t.jobId], foreignColumns: [bulkJobs.workspaceId, bulkJobs.id] }).onDelete('cascade'),
    index('bulk_job_errors_workspace_job_idx').on(t.workspaceId, t.jobId),
  ],
);
