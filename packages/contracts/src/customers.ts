import { z } from 'zod';

// ───────────────────────── custom fields

export const CUSTOM_FIELD_TYPES = ['text', 'number', 'date', 'select', 'multiselect', 'checkbox'] as const;
export const customFieldTypeSchema = z.enum(CUSTOM_FIELD_TYPES);
export type CustomFieldType = z.infer<typeof customFieldTypeSchema>;

export const customFieldKeySchema = z
  .string()
  .min(2, 'must be at least 2 characters')
  .max(40, 'must be at most 40 characters')
  .regex(/^[a-z][a-z0-9_]*$/, 'may contain lowercase letters, digits and underscores, starting with a letter');

export const customFieldSchema = z
  .object({
    id: z.uuid(),
    key: z.string(),
    label: z.string(),
    type: customFieldTypeSchema,
    /** Choices of a select or multi-select field. */
    options: z.array(z.string()),
    required: z.boolean(),
    position: z.number().int(),
    createdAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'CustomField' });
export type CustomField = z.infer<typeof customFieldSchema>;

const optionsSchema = z.array(z.string().trim().min(1).max(80)).max(100, 'at most 100 options');
export const createCustomFieldBody = z.object({
  key: customFieldKeySchema,
  label: z.string().trim().min(1, 'is required').max(80),
  type: customFieldTypeSchema,
  options: optionsSchema.default([]),
  required: z.boolean().default(false),
});
export const updateCustomFieldBody = z
  .object({
    label: z.string().trim().min(1).max(80).optional(),
    options: optionsSchema.optional(),
    required: z.boolean().optional(),
    position: z.number().int().min(0).max(1000).optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');

/** A custom field's value: text, number, ISO date (YYYY-MM-DD), option, options, or boolean. */
export const customValueSchema = z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.null()]);
export const customValuesSchema = z.record(z.string(), customValueSchema);

// ───────────────────────── customers

export const CUSTOMER_KINDS = ['person', 'company'] as const;
export const CUSTOMER_STATUSES = ['lead', 'active', 'inactive', 'churned'] as const;
export const customerKindSchema = z.enum(CUSTOMER_KINDS);
export const customerStatusSchema = z.enum(CUSTOMER_STATUSES);
export type CustomerStatus = z.infer<typeof customerStatusSchema>;

export const addressSchema = z.object({
  line1: z.string().trim().max(200).default(''),
  line2: z.string().trim().max(200).default(''),
  city: z.string().trim().max(120).default(''),
  region: z.string().trim().max(120).default(''),
  postalCode: z.string().trim().max(20).default(''),
  /** ISO 3166-1 alpha-2; also the default region for parsing national phone numbers. */
  country: z
    .string()
    .trim()
    .regex(/^([A-Za-z]{2})?$/, 'must be a two-letter country code')
    .transform((s) => s.toUpperCase())
    .default(''),
});
export type Address = z.infer<typeof addressSchema>;
/** An address as the API returns it (no defaults or transforms: response schemas only describe). */
export const addressOutSchema = z.object({ line1: z.string(), line2: z.string(), city: z.string(), region: z.string(), postalCode: z.string(), country: z.string() });

export const userRefSchema = z.object({ id: z.uuid(), name: z.string(), email: z.string() });
export type UserRef = z.infer<typeof userRefSchema>;

export const customerSchema = z
  .object({
    id: z.uuid(),
    kind: customerKindSchema,
    name: z.string(),
    email: z.string().nullable(),
    /** E.164, e.g. +14155550123. */
    phone: z.string().nullable(),
    company: z.string().nullable(),
    address: addressOutSchema.nullable(),
    tags: z.array(z.string()),
    status: customerStatusSchema,
    owner: userRefSchema.nullable(),
    custom: customValuesSchema,
    version: z.number().int(),
    createdAt: z.iso.datetime({ offset: true }),
    updatedAt: z.iso.datetime({ offset: true }),
    deletedAt: z.iso.datetime({ offset: true }).nullable(),
    mergedIntoId: z.uuid().nullable(),
  })
  .meta({ id: 'Customer' });
export type Customer = z.infer<typeof customerSchema>;

const tagSchema = z.string().trim().min(1).max(40, 'tags must be at most 40 characters');
const tagsSchema = z.array(tagSchema).max(50, 'at most 50 tags');

export const createCustomerBody = z.object({
  kind: customerKindSchema.default('person'),
  name: z.string().trim().min(1, 'is required').max(200, 'must be at most 200 characters'),
  email: z.string().trim().max(254).email('must be an email address').nullish(),
  /** Any common format; stored as E.164 (national numbers use the address country, else the workspace default). */
  phone: z.string().trim().max(40).nullish(),
  company: z.string().trim().max(200).nullish(),
  address: addressSchema.nullish(),
  tags: tagsSchema.default([]),
  status: customerStatusSchema.default('active'),
  /** A member of the workspace; defaults to the creator. `null` for nobody. */
  ownerId: z.uuid().nullish(),
  custom: customValuesSchema.default({}),
});
export type CreateCustomerBody = z.input<typeof createCustomerBody>;

export const updateCustomerBody = z.object({
  /** The version you read: a stale one gets 409 with the current record in `error.details.current`. */
  version: z.number().int().min(1),
  kind: customerKindSchema.optional(),
  name: z.string().trim().min(1, 'is required').max(200).optional(),
  email: z.string().trim().max(254).email('must be an email address').nullish(),
  phone: z.string().trim().max(40).nullish(),
  company: z.string().trim().max(200).nullish(),
  address: addressSchema.nullish(),
  tags: tagsSchema.optional(),
  status: customerStatusSchema.optional(),
  ownerId: z.uuid().nullish(),
  /** Keys given replace those values; `null` clears one. */
  custom: customValuesSchema.optional(),
});
export type UpdateCustomerBody = z.input<typeof updateCustomerBody>;

// ───────────────────────── finding customers

/** A custom-field condition: text contains, number/date range, any of the options, or a checkbox value. */
export const customConditionSchema = z.union([
  z.string().max(200),
  z.boolean(),
  z.array(z.string().max(80)).max(50),
  z.object({ min: z.union([z.number(), z.iso.date()]).optional(), max: z.union([z.number(), z.iso.date()]).optional() }),
]);

/** Every filter of the customers list; conditions combine with AND. Also the shape saved views and bulk use. */
export const customerFilterSchema = z.object({
  /** Substring of name, email, phone or company; case- and accent-insensitive. */
  q: z.string().trim().max(200).optional(),
  status: z.array(customerStatusSchema).max(10).optional(),
  /** Customers carrying every one of these tags. */
  tags: z.array(tagSchema).max(20).optional(),
  /** Owner user ids; `me` for the caller, `none` for customers without an owner. */
  owner: z.array(z.union([z.uuid(), z.literal('me'), z.literal('none')])).max(50).optional(),
  createdFrom: z.iso.date().optional(),
  createdTo: z.iso.date().optional(),
  updatedFrom: z.iso.date().optional(),
  updatedTo: z.iso.date().optional(),
  custom: z.record(z.string(), customConditionSchema).optional(),
  /** The trash instead of live customers. */
  trash: z.boolean().optional(),
});
export type CustomerFilter = z.infer<typeof customerFilterSchema>;

/** Sortable columns; custom fields sort as `custom.<key>`. */
export const CUSTOMER_SORT_FIELDS = ['name', 'email', 'phone', 'company', 'status', 'createdAt', 'updatedAt', 'kind', 'owner'] as const;
/** `name,-createdAt`: comma-separated, `-` for descending, up to 3 columns. */
export const sortParamSchema = z
  .string()
  .max(200)
  .regex(/^-?[a-zA-Z][\w.]*(,-?[a-zA-Z][\w.]*){0,2}$/, 'is a comma-separated list of up to 3 columns, each optionally prefixed with -');

/** The list querystring: the filter flattened (lists comma-separated, `custom` as JSON) plus sort and page. */
export const customerListQuery = z.object({
  q: z.string().trim().max(200).optional(),
  status: z.string().max(200).optional(),
  tags: z.string().max(1000).optional(),
  owner: z.string().max(2000).optional(),
  createdFrom: z.iso.date().optional(),
  createdTo: z.iso.date().optional(),
  updatedFrom: z.iso.date().optional(),
  updatedTo: z.iso.date().optional(),
  custom: z.string().max(4000).optional(),
  trash: z.enum(['true', 'false']).optional(),
  sort: sortParamSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(2000).optional(),
});
export type CustomerListQuery = z.input<typeof customerListQuery>;

/** The querystring for a filter (the inverse of the server's parsing); empty parts are left out. */
export function customerFilterToQuery(filter: CustomerFilter): Record<string, string> {
  const out: Record<string, string> = {};
  if (filter.q) out.q = filter.q;
  if (filter.status?.length) out.status = filter.status.join(',');
  if (filter.tags?.length) out.tags = filter.tags.join(',');
  if (filter.owner?.length) out.owner = filter.owner.join(',');
  for (const k of ['createdFrom', 'createdTo', 'updatedFrom', 'updatedTo'] as const) if (filter[k]) out[k] = filter[k];
  if (filter.custom && Object.keys(filter.custom).length > 0) out.custom = JSON.stringify(filter.custom);
  if (filter.trash) out.trash = 'true';
  return out;
}

export const customerPageSchema = z.object({ items: z.array(customerSchema), nextCursor: z.string().nullable() }).meta({ id: 'CustomerPage' });

/** Counting stops at `cap`: past it the answer is "more than cap", so a million rows are never counted. */
/** Columns a customers export may have, in their order (GET /customers/export.csv?fields=). */
export const CUSTOMER_EXPORT_FIELDS = [
  'id', 'name', 'kind', 'email', 'phone', 'company', 'status', 'tags', 'owner', 'addressLine1', 'addressLine2', 'city', 'region',
  'postalCode', 'country', 'custom', 'notes', 'createdAt', 'updatedAt',
] as const;
export type CustomerExportField = (typeof CUSTOMER_EXPORT_FIELDS)[number];

export const countSchema = z.object({ count: z.number().int(), capped: z.boolean() });

export const duplicatesQuery = z.object({
  name: z.string().trim().max(200).optional(),
  email: z.string().trim().max(254).optional(),
  phone: z.string().trim().max(40).optional(),
  country: z.string().trim().max(2).optional(),
  excludeId: z.uuid().optional(),
});
export const duplicateSchema = z.object({
  customer: customerSchema,
  reasons: z.array(z.enum(['same_email', 'same_phone', 'similar_name'])),
  similarity: z.number(),
});
export type Duplicate = z.infer<typeof duplicateSchema>;

export const mergeCustomersBody = z.object({
  /** The record that stays. */
  primaryId: z.uuid(),
  /** The record merged into it: its policies, notes and tickets move over, then it goes to the trash. */
  secondaryId: z.uuid(),
});

export const timelineEntrySchema = z.object({
  id: z.uuid(),
  action: z.string(),
  actorEmail: z.string().nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

// ───────────────────────── bulk operations

export const bulkSelectionSchema = z.union([
  z.object({ ids: z.array(z.uuid()).min(1, 'select at least one row').max(1000, 'at most 1000 ids; select all matching instead') }),
  z.object({ filter: customerFilterSchema }),
]);
export const bulkActionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('status'), status: customerStatusSchema }),
  z.object({ type: z.literal('owner'), ownerId: z.uuid().nullable() }),
  z.object({ type: z.literal('addTags'), tags: tagsSchema.min(1) }),
  z.object({ type: z.literal('removeTags'), tags: tagsSchema.min(1) }),
  z.object({ type: z.literal('delete') }),
]);
export type BulkAction = z.infer<typeof bulkActionSchema>;
export const bulkBody = z.object({ selection: bulkSelectionSchema, action: bulkActionSchema });
export type BulkBody = z.infer<typeof bulkBody>;

export const bulkJobSchema = z
  .object({
    id: z.uuid(),
    resource: z.string(),
    action: bulkActionSchema,
    status: z.enum(['queued', 'running', 'done', 'failed']),
    total: z.number().int(),
    processed: z.number().int(),
    failed: z.number().int(),
    createdAt: z.iso.datetime({ offset: true }),
    finishedAt: z.iso.datetime({ offset: true }).nullable(),
  })
  .meta({ id: 'BulkJob' });
export type BulkJob = z.infer<typeof bulkJobSchema>;

// ───────────────────────── saved views

export const VIEW_RESOURCES = ['customers', 'policies', 'tickets'] as const;
export const viewResourceSchema = z.enum(VIEW_RESOURCES);
export const viewStateSchema = z.object({
  /** The resource's filter object (customers: CustomerFilter; policies: PolicyFilter). */
  filter: z.record(z.string(), z.unknown()).default({}),
  sort: z.string().max(200).default(''),
  columns: z.array(z.string().max(60)).max(60).default([]),
});
export type ViewState = z.infer<typeof viewStateSchema>;
export const savedViewSchema = z
  .object({
    id: z.uuid(),
    resource: viewResourceSchema,
    name: z.string(),
    shared: z.boolean(),
    owner: userRefSchema.nullable(),
    state: viewStateSchema,
    mine: z.boolean(),
    updatedAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'SavedView' });
export type SavedView = z.infer<typeof savedViewSchema>;
export const createViewBody = z.object({
  resource: viewResourceSchema,
  name: z.string().trim().min(1, 'is required').max(80),
  shared: z.boolean().default(false),
  state: viewStateSchema,
});
export const updateViewBody = z
  .object({ name: z.string().trim().min(1).max(80).optional(), shared: z.boolean().optional(), state: viewStateSchema.optional() })
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');
/** What the user last looked at on a list: a saved view, or an unsaved state. */
export const lastViewSchema = z.object({ viewId: z.uuid().nullable(), state: viewStateSchema.nullable() });
export type LastView = z.infer<typeof lastViewSchema>;
