import { z } from 'zod';
import {
  CUSTOMER_STATUSES,
  type Address,
  type CreateCustomerBody,
  type CustomField,
  type Customer,
  type CustomerStatus,
  type UpdateCustomerBody,
} from '@grip/contracts/customers';

export type CustomValue = string | number | boolean | string[] | null;

const ADDRESS_KEYS = ['line1', 'line2', 'city', 'region', 'postalCode', 'country'] as const;
type AddressKey = (typeof ADDRESS_KEYS)[number];

/**
 * The form's values are flat and named like the server's field paths (`address.city`, `custom.tier`), so a server
 * error on `body.custom.tier` lands on the input of `custom.tier` without any mapping.
 */
export type CustomerFormValues = {
  kind: 'person' | 'company';
  name: string;
  email: string;
  phone: string;
  company: string;
  tags: string[];
  status: CustomerStatus;
  ownerId: string;
} & { [K in `address.${AddressKey}`]: string } & { [key: `custom.${string}`]: CustomValue };

export const customKey = (field: CustomField) => `custom.${field.key}` as const;

export const STATUS_LABELS: Record<CustomerStatus, string> = { lead: 'Lead', active: 'Active', inactive: 'Inactive', churned: 'Churned' };
export const STATUS_COLORS: Record<CustomerStatus, string> = { lead: 'blue', active: 'teal', inactive: 'gray', churned: 'red' };
export const STATUS_OPTIONS = CUSTOMER_STATUSES.map((value) => ({ value, label: STATUS_LABELS[value] }));

const isEmptyValue = (value: unknown) =>
  value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);

/** What an input shows for a stored value of a field: inputs need '' rather than null, and [] for multi-selects. */
function inputValue(field: CustomField, stored: CustomValue | undefined): CustomValue {
  switch (field.type) {
    case 'checkbox':
      return stored === true;
    case 'multiselect':
      return Array.isArray(stored) ? stored : [];
    case 'number':
      return typeof stored === 'number' ? stored : '';
    default:
      return typeof stored === 'string' ? stored : '';
  }
}

/** The value sent for a field: empty inputs become null (nothing stored), numbers typed as text become numbers. */
function storedValue(field: CustomField, value: CustomValue | undefined): CustomValue {
  if (field.type === 'checkbox') return value === true;
  if (isEmptyValue(value)) return null;
  if (field.type === 'number') return typeof value === 'number' ? value : Number(value);
  return value ?? null;
}

export function toFormValues(customer: Customer | null, fields: CustomField[]): CustomerFormValues {
  const address: Partial<Address> = customer?.address ?? {};
  const values = {
    kind: customer?.kind ?? 'person',
    name: customer?.name ?? '',
    email: customer?.email ?? '',
    phone: customer?.phone ?? '',
    company: customer?.company ?? '',
    tags: customer?.tags ?? [],
    status: customer?.status ?? 'active',
    ownerId: customer?.owner?.id ?? '',
  } as CustomerFormValues;
  for (const key of ADDRESS_KEYS) values[`address.${key}`] = address[key] ?? '';
  for (const field of fields) values[customKey(field)] = inputValue(field, customer?.custom[field.key]);
  return values;
}

const text = (value: string) => (value.trim() === '' ? null : value.trim());

function toAddress(values: CustomerFormValues): Address | null {
  const address = Object.fromEntries(ADDRESS_KEYS.map((key) => [key, values[`address.${key}`].trim()])) as Address;
  address.country = address.country.toUpperCase();
  return ADDRESS_KEYS.every((key) => address[key] === '') ? null : address;
}

type Body = Omit<CreateCustomerBody, 'custom'> & { custom: Record<string, CustomValue> };

export function toCreateBody(values: CustomerFormValues, fields: CustomField[]): Body {
  return {
    kind: values.kind,
    name: values.name.trim(),
    email: text(values.email),
    phone: text(values.phone),
    company: text(values.company),
    address: toAddress(values),
    tags: values.tags,
    status: values.status,
    ownerId: values.ownerId || null,
    custom: Object.fromEntries(fields.map((f) => [f.key, storedValue(f, values[customKey(f)])])),
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Only what the user changed relative to `original`: an "overwrite" after a conflict then keeps others' other edits. */
export function toUpdateBody(values: CustomerFormValues, original: Customer, fields: CustomField[]): Omit<UpdateCustomerBody, 'version'> {
  const next = toCreateBody(values, fields);
  const before = toCreateBody(toFormValues(original, fields), fields);
  const body: Record<string, unknown> = {};
  for (const key of ['kind', 'name', 'email', 'phone', 'company', 'address', 'tags', 'status', 'ownerId'] as const) {
    if (!same(next[key], before[key])) body[key] = next[key];
  }
  const custom = Object.fromEntries(Object.entries(next.custom).filter(([key, value]) => !same(value, before.custom[key])));
  if (Object.keys(custom).length > 0) body.custom = custom;
  return body;
}

/** Client-side checks before sending: the contract's rules for the base fields, plus required custom fields. */
export function customerFormSchema(fields: CustomField[]): z.ZodType<CustomerFormValues, CustomerFormValues> {
  const custom = Object.fromEntries(
    fields.map((field) => [
      customKey(field),
      z.custom<CustomValue>().refine((value) => !field.required || (field.type === 'checkbox' ? true : !isEmptyValue(value)), {
        message: 'Is required',
      }),
    ]),
  );
  return z.object({
    kind: z.enum(['person', 'company']),
    name: z.string().trim().min(1, 'Is required').max(200, 'Must be at most 200 characters'),
    email: z.union([z.literal(''), z.string().trim().max(254).email('Must be an email address')]),
    phone: z.string().max(40, 'Must be at most 40 characters'),
    company: z.string().max(200, 'Must be at most 200 characters'),
    tags: z.array(z.string().max(40, 'Tags must be at most 40 characters')).max(50, 'At most 50 tags'),
    status: z.enum(CUSTOMER_STATUSES),
    ownerId: z.string(),
    'address.line1': z.string().max(200),
    'address.line2': z.string().max(200),
    'address.city': z.string().max(120),
    'address.region': z.string().max(120),
    'address.postalCode': z.string().max(20),
    'address.country': z.string().trim().regex(/^([A-Za-z]{2})?$/, 'Must be a two-letter country code'),
    ...custom,
  }) as unknown as z.ZodType<CustomerFormValues, CustomerFormValues>;
}

/** A value as read on the page: for the overview, the conflict diff and the merge comparison. */
export function displayCustomValue(field: CustomField, value: CustomValue | undefined): string {
  if (field.type === 'checkbox') return value === true ? 'Yes' : 'No';
  if (isEmptyValue(value)) return '—';
  return Array.isArray(value) ? value.join(', ') : String(value);
}

export function formatAddress(address: Address | null): string {
  if (!address) return '';
  const cityLine = [address.postalCode, address.city].filter(Boolean).join(' ');
  return [address.line1, address.line2, cityLine, address.region, address.country].filter(Boolean).join(', ');
}

/** The customer's facts as label → text, in reading order: what the conflict dialog and merge dialog compare. */
export function customerFacts(customer: Customer, fields: CustomField[]): { key: string; label: string; value: string }[] {
  return [
    { key: 'kind', label: 'Kind', value: customer.kind === 'company' ? 'Company' : 'Person' },
    { key: 'name', label: 'Name', value: customer.name },
    { key: 'email', label: 'Email', value: customer.email ?? '—' },
    { key: 'phone', label: 'Phone', value: customer.phone ?? '—' },
    { key: 'company', label: 'Company', value: customer.company ?? '—' },
    { key: 'address', label: 'Address', value: formatAddress(customer.address) || '—' },
    { key: 'tags', label: 'Tags', value: customer.tags.join(', ') || '—' },
    { key: 'status', label: 'Status', value: STATUS_LABELS[customer.status] },
    { key: 'ownerId', label: 'Owner', value: customer.owner?.name ?? '—' },
    ...fields.map((f) => ({ key: `custom.${f.key}`, label: f.label, value: displayCustomValue(f, customer.custom[f.key]) })),
  ];
}
