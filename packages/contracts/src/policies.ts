import { z } from 'zod';

export const POLICY_STATUSES = ['active', 'pending', 'lapsed', 'cancelled', 'expired'] as const;
export const policyStatusSchema = z.enum(POLICY_STATUSES);
export type PolicyStatus = z.infer<typeof policyStatusSchema>;

/** ISO 4217 codes accepted for premiums. */
export const CURRENCIES = [
  'USD', 'EUR', 'GBP', 'CHF', 'CAD', 'AUD', 'NZD', 'JPY', 'CNY', 'HKD', 'SGD', 'SEK', 'NOK', 'DKK', 'PLN', 'CZK',
  'HUF', 'RON', 'BGN', 'TRY', 'ZAR', 'BRL', 'MXN', 'ARS', 'CLP', 'COP', 'INR', 'IDR', 'MYR', 'PHP', 'THB', 'KRW',
  'ILS', 'AED', 'SAR', 'EGP', 'NGN', 'KES',
] as const;
export const currencySchema = z.enum(CURRENCIES, { error: 'must be a known ISO 4217 currency code' });

export const policySchema = z
  .object({
    id: z.uuid(),
    customer: z.object({ id: z.uuid(), name: z.string() }),
    number: z.string(),
    product: z.string(),
    carrier: z.string(),
    /** Decimal string with two places, e.g. "1250.00". */
    premium: z.string(),
    currency: z.string(),
    startDate: z.iso.date(),
    endDate: z.iso.date().nullable(),
    renewalDate: z.iso.date().nullable(),
    status: policyStatusSchema,
    version: z.number().int(),
    createdAt: z.iso.datetime({ offset: true }),
    updatedAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'Policy' });
export type Policy = z.infer<typeof policySchema>;

const premium = z.coerce
  .number({ error: 'must be a number' })
  .min(0, 'must be zero or more')
  .max(1e12, 'is too large')
  .refine((n) => Math.round(n * 100) === Number((n * 100).toFixed(6)), 'may have at most two decimals');

const policyFields = {
  number: z.string().trim().min(1, 'is required').max(60),
  product: z.string().trim().min(1, 'is required').max(120),
  carrier: z.string().trim().max(120).default(''),
  premium,
  currency: currencySchema,
  startDate: z.iso.date('must be a date (YYYY-MM-DD)'),
  endDate: z.iso.date('must be a date (YYYY-MM-DD)').nullish(),
  renewalDate: z.iso.date('must be a date (YYYY-MM-DD)').nullish(),
  status: policyStatusSchema.default('active'),
};

export const createPolicyBody = z.object({ customerId: z.uuid(), ...policyFields });
export type CreatePolicyBody = z.input<typeof createPolicyBody>;
export const updatePolicyBody = z.object({
  version: z.number().int().min(1),
  number: policyFields.number.optional(),
  product: policyFields.product.optional(),
  carrier: z.string().trim().max(120).optional(),
  premium: premium.optional(),
  currency: currencySchema.optional(),
  startDate: policyFields.startDate.optional(),
  endDate: policyFields.endDate,
  renewalDate: policyFields.renewalDate,
  status: policyStatusSchema.optional(),
});
export type UpdatePolicyBody = z.input<typeof updatePolicyBody>;

export const POLICY_SORT_FIELDS = ['number', 'product', 'carrier', 'premium', 'startDate', 'endDate', 'renewalDate', 'status', 'createdAt', 'customer'] as const;

export const policyListQuery = z.object({
  /** Substring of the number, product or carrier. */
  q: z.string().trim().max(100).optional(),
  customerId: z.uuid().optional(),
  status: z.string().max(100).optional(),
  carrier: z.string().max(120).optional(),
  /** Active or pending policies whose renewal date falls within the next N days (today included). */
  renewalWithinDays: z.coerce.number().int().min(0).max(3650).optional(),
  sort: z.string().max(100).regex(/^-?[a-zA-Z]+(,-?[a-zA-Z]+){0,2}$/, 'is a comma-separated list of up to 3 columns').optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(2000).optional(),
});
export type PolicyListQuery = z.input<typeof policyListQuery>;

/** Columns a policies export may have, in their order (GET /policies/export.csv?fields=). */
export const POLICY_EXPORT_FIELDS = [
  'id', 'number', 'customer', 'customerEmail', 'product', 'carrier', 'premium', 'currency', 'startDate', 'endDate', 'renewalDate', 'status',
  'createdAt', 'updatedAt',
] as const;
export type PolicyExportField = (typeof POLICY_EXPORT_FIELDS)[number];
export const policyPageSchema = z.object({ items: z.array(policySchema), nextCursor: z.string().nullable() }).meta({ id: 'PolicyPage' });
