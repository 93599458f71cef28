import { foldHeader, type ImportField, type ImportMapping } from '@grip/contracts/imports';

/**
 * Column auto-mapping: a header is folded (case, accents, spacing and punctuation ignored) and looked up among
 * each field's key, label and known synonyms; columns no header explains are recognised by their content
 * (emails, phone numbers, dates). No two columns ever map to one field.
 */


/** Synonyms of the built-in fields (folded on use), by field key. Custom fields match their key and label. */
const SYNONYMS: Record<string, readonly string[]> = {
  name: ['name', 'full name', 'fullname', 'customer', 'customer name', 'client', 'client name', 'contact', 'contact name', 'display name', 'account name', 'nom', 'naam'],
  firstName: ['first name', 'firstname', 'given name', 'forename', 'first', 'prenom', 'vorname', 'voornaam'],
  lastName: ['last name', 'lastname', 'surname', 'family name', 'last', 'nachname', 'achternaam'],
  kind: ['kind', 'type', 'customer type', 'contact type', 'entity type'],
  email: ['email', 'e-mail', 'email address', 'e-mail address', 'mail', 'emailaddress', 'primary email', 'work email', 'courriel', 'e-mail adresse'],
  phone: ['phone', 'tel', 'telephone', 'phone number', 'mobile', 'mobile phone', 'mobile number', 'cell', 'cell phone', 'cellphone', 'gsm', 'primary phone', 'work phone', 'telefon', 'telefoon', 'handy'],
  company: ['company', 'company name', 'organisation', 'organization', 'organisation name', 'organization name', 'business', 'business name', 'employer', 'firm', 'account', 'firma', 'societe', 'bedrijf'],
  status: ['status', 'state', 'lifecycle stage', 'customer status'],
  tags: ['tags', 'tag', 'labels', 'label', 'categories', 'category', 'segments'],
  owner: ['owner', 'account owner', 'owner email', 'assigned to', 'sales rep', 'rep', 'manager'],
  'address.line1': ['address', 'street', 'street address', 'address line 1', 'address1', 'line 1', 'strasse', 'adresse', 'straat'],
  'address.line2': ['address line 2', 'address2', 'line 2', 'suite', 'apartment', 'apt'],
  'address.city': ['city', 'town', 'locality', 'ort', 'ville', 'stad', 'plaats'],
  'address.region': ['region', 'state province', 'province', 'county', 'state/province', 'bundesland'],
  'address.postalCode': ['postal code', 'postcode', 'zip', 'zip code', 'zipcode', 'plz', 'code postal'],
  'address.country': ['country', 'country code', 'nation', 'land', 'pays'],
  // policies
  customer: ['customer', 'customer email', 'client', 'client email', 'email', 'e-mail', 'policyholder', 'policy holder', 'holder email', 'customer e-mail', 'requester', 'requester email', 'contact email'],
  number: ['number', 'policy number', 'policy no', 'policy #', 'policy', 'policy id', 'contract number', 'ticket number'],
  product: ['product', 'product name', 'policy type', 'type', 'line of business', 'plan', 'coverage'],
  carrier: ['carrier', 'insurer', 'insurance company', 'underwriter', 'provider'],
  premium: ['premium', 'amount', 'price', 'annual premium', 'premium amount', 'cost'],
  currency: ['currency', 'currency code', 'ccy', 'cur'],
  startDate: ['start date', 'start', 'effective date', 'inception date', 'valid from', 'begin date', 'from'],
  endDate: ['end date', 'end', 'expiry date', 'expiration date', 'valid to', 'valid until', 'to'],
  renewalDate: ['renewal date', 'renewal', 'renews on', 'next renewal'],
  // tickets
  title: ['title', 'subject', 'summary', 'topic', 'issue', 'ticket title'],
  description: ['description', 'body', 'details', 'message', 'content', 'text', 'problem'],
  priority: ['priority', 'urgency', 'severity', 'prio'],
  stage: ['stage', 'status', 'state', 'column'],
  assignee: ['assignee', 'assigned to', 'agent', 'owner', 'assignee email', 'handler'],
  dueAt: ['due', 'due date', 'due at', 'deadline', 'sla', 'due by'],
};

/** The names a field answers to as written: its key, its label and its synonyms. */
export function knownNames(field: ImportField): string[] {
  const names = [field.key, field.label, ...(SYNONYMS[field.key] ?? [])];
  if (field.key.startsWith('custom.')) names.push(field.key.slice('custom.'.length));
  return [...new Set(names.filter((n) => foldHeader(n) !== ''))];
}

/** Every folded name a field answers to: its key, its label and its synonyms. */
function namesOf(field: ImportField): Set<string> {
  return new Set(knownNames(field).map(foldHeader));
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[\d\s().\-/]{7,20}$/;
const DATE = /^(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./]\d{1,2}[./]\d{2,4})(T.*)?$/;

/** The share of non-empty sample cells that satisfy `test` (0 when there are none). */
function share(cells: string[], test: (v: string) => boolean): number {
  const filled = cells.map((c) => c.trim()).filter(Boolean);
  if (filled.length === 0) return 0;
  return filled.filter(test).length / filled.length;
}

/** What a column's sample cells look like: an email, phone or date column, or nothing recognisable. */
export function sniffColumn(cells: string[]): 'email' | 'phone' | 'date' | null {
  if (share(cells, (v) => EMAIL.test(v)) >= 0.8) return 'email';
  if (share(cells, (v) => DATE.test(v)) >= 0.8) return 'date';
  if (share(cells, (v) => PHONE.test(v) && v.replace(/\D/g, '').length >= 7) >= 0.8) return 'phone';
  return null;
}

/**
 * The suggested mapping for a file: templates first (a saved header → field), then header names, then content.
 * `sample` holds the first rows, cell by cell. Returns column index (as a string) → field key.
 */
export function autoMap(
  headers: readonly string[],
  sample: readonly (readonly string[])[],
  fields: readonly ImportField[],
  template?: Record<string, string>,
): ImportMapping {
  const mapping: ImportMapping = {};
  const used = new Set<string>();
  const known = new Set(fields.map((f) => f.key));
  const take = (column: number, key: string) => {
    if (used.has(key) || mapping[String(column)] !== undefined || !known.has(key)) return;
    mapping[String(column)] = key;
    used.add(key);
  };
  if (template) {
    headers.forEach((h, i) => {
      const key = template[foldHeader(h)];
      if (key) take(i, key);
    });
  }
  // Exact names first, in field order, so that "Email" beats a later "Work email" for the email field.
  const names = fields.map((f) => ({ key: f.key, names: namesOf(f) }));
  headers.forEach((h, i) => {
    const folded = foldHeader(h);
    if (!folded) return;
    const hit = names.find((f) => !used.has(f.key) && f.names.has(folded));
    if (hit) take(i, hit.key);
  });
  // Unlabelled or unknown columns: recognise emails, phones and dates by their content.
  headers.forEach((_h, i) => {
    if (mapping[String(i)] !== undefined) return;
    const kind = sniffColumn(sample.map((row) => row[i] ?? ''));
    if (!kind) return;
    const target = fields.find((f) => !used.has(f.key) && (f.type === kind || (kind === 'email' && f.key === 'customer') || (kind === 'date' && f.type === 'datetime')));
    if (target) take(i, target.key);
  });
  return mapping;
}

/** How well a template fits a file: the share of the file's headers it maps (0 – 1). */
export function templateScore(headers: readonly string[], template: Record<string, string>): number {
  if (headers.length === 0) return 0;
  return headers.filter((h) => template[foldHeader(h)] !== undefined).length / headers.length;
}
