/**
 * Realistic, deterministic CRM demo data: people and companies from several countries (with accents), valid
 * E.164 phones, unique emails, tags, statuses, policies with renewals spread over the coming months, and notes.
 * Used by the demo seed (about 1,000 customers) and by the customers benchmark (a million, streamed to COPY).
 */

export const FIRST_NAMES = [
  'Emma', 'Liam', 'Olivia', 'Noah', 'Ava', 'Elijah', 'Sophia', 'Lucas', 'Mia', 'Mateo', 'Chloé', 'Léa', 'Hugo', 'Zoë',
  'Jürgen', 'Ingrid', 'Søren', 'Åsa', 'Björn', 'Márta', 'Ángel', 'Lucía', 'José', 'Inês', 'João', 'François', 'Renée',
  'Aiko', 'Haruto', 'Priya', 'Arjun', 'Fatima', 'Omar', 'Chen', 'Wei', 'Amara', 'Kwame', 'Siobhán', 'Niamh', 'Oskar',
  'Ewa', 'Tomasz', 'Giulia', 'Marco', 'Elena', 'Dmitri', 'Anya', 'Yusuf', 'Leila', 'Noor', 'Carlos', 'Sofía', 'Pablo',
  'Hannah', 'Jonas', 'Lena', 'Felix', 'Clara', 'Max', 'Ida', 'Emil', 'Freya', 'Theo', 'Isla', 'Jack', 'Grace', 'Henry',
];
export const LAST_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Garcia', 'Martínez', 'Müller', 'Schmidt', 'Schäfer', 'Dubois', 'Lefèvre',
  'Rossi', 'Bianchi', 'Nowak', 'Kowalski', 'Novák', 'Jensen', 'Nielsen', 'Åberg', 'Öztürk', 'Yılmaz', 'Kim', 'Park',
  'Tanaka', 'Suzuki', 'Nguyen', 'Tran', 'Patel', 'Sharma', 'Singh', 'Okafor', 'Mensah', 'O’Brien', 'Murphy', 'Kelly',
  'Silva', 'Santos', 'Pereira', 'Costa', 'Fernández', 'López', 'González', 'Ivanov', 'Petrov', 'Haddad', 'Khalil',
  'Cohen', 'Levi', 'Andersson', 'Johansson', 'Larsen', 'Hansen', 'Virtanen', 'Korhonen', 'Wagner', 'Becker', 'Hoffmann',
  'Taylor', 'Anderson', 'Thomas', 'Moore', 'Martin', 'Jackson', 'White', 'Harris', 'Clark', 'Lewis', 'Walker', 'Hall',
];
const COMPANY_STEMS = [
  'Northwind', 'Bluebird', 'Evergreen', 'Ironclad', 'Silverline', 'Brightwater', 'Redwood', 'Summit', 'Harbor', 'Keystone',
  'Lumière', 'Nordlicht', 'Fjord', 'Atlas', 'Meridian', 'Pioneer', 'Cobalt', 'Granite', 'Maple', 'Orchid', 'Sakura',
  'Zenith', 'Horizon', 'Pinnacle', 'Sterling', 'Vanguard', 'Crescent', 'Beacon', 'Cedar', 'Falcon',
];
const COMPANY_KINDS = ['Logistics', 'Bakery', 'Dental', 'Motors', 'Studio', 'Holdings', 'Consulting', 'Farms', 'Builders', 'Clinic', 'Labs', 'Foods', 'Travel', 'Textiles'];
const COMPANY_FORMS = ['Ltd', 'GmbH', 'SARL', 'Inc.', 'AB', 'S.p.A.', 'BV', 'LLC', 'Oy', 'A/S'];
const DOMAINS = ['example.com', 'example.org', 'mail.example', 'post.example', 'inbox.example'];
export const TAGS = ['vip', 'renewal-2027', 'newsletter', 'referral', 'broker', 'high-value', 'at-risk', 'family', 'smb', 'fleet'];
const STATUSES = ['active', 'active', 'active', 'active', 'lead', 'lead', 'inactive', 'churned'] as const;
// A valid number pattern per country (libphonenumber-js accepts them): prefix + digits to fill.
const PHONES: Array<{ country: string; prefix: string; digits: number; city: string[] }> = [
  { country: 'US', prefix: '+1212555', digits: 4, city: ['New York', 'Brooklyn'] },
  { country: 'US', prefix: '+1415555', digits: 4, city: ['San Francisco', 'Oakland'] },
  { country: 'GB', prefix: '+44207946', digits: 4, city: ['London'] },
  { country: 'DE', prefix: '+49301234', digits: 4, city: ['Berlin'] },
  { country: 'FR', prefix: '+3314268', digits: 4, city: ['Paris'] },
  { country: 'SE', prefix: '+46812345', digits: 3, city: ['Stockholm'] },
  { country: 'ES', prefix: '+3491123', digits: 4, city: ['Madrid'] },
  { country: 'IT', prefix: '+390612345', digits: 3, city: ['Roma'] },
];
const PRODUCTS = ['Home', 'Auto', 'Life', 'Health', 'Travel', 'Liability', 'Fleet', 'Cyber', 'Pet', 'Business interruption'];
const CARRIERS = ['Allianz', 'AXA', 'Zurich', 'Generali', 'Aviva', 'MAPFRE', 'Chubb', 'Munich Re', 'Ergo', 'Helvetia'];
const CURRENCY_BY_COUNTRY: Record<string, string> = { US: 'USD', GB: 'GBP', DE: 'EUR', FR: 'EUR', SE: 'SEK', ES: 'EUR', IT: 'EUR' };
const NOTE_LINES = [
  'Called about the renewal; wants a quote with a higher deductible.',
  'Prefers email over phone. Best reached after 4 pm.',
  'Asked to add the spouse to the home policy.',
  'Sent the claim form; waiting for photos of the damage.',
  'Referred by a neighbour — offer the referral discount.',
  'Moving next spring: update the address and review cover then.',
  'Complained about the premium increase; explained the index adjustment.',
  'Interested in fleet cover for three vans.',
];

/** A small deterministic PRNG (mulberry32) so the demo data is the same on every machine. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!;
  return { next, pick, int: (n: number) => Math.floor(next() * n) };
}

const ascii = (s: string) => s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z]/g, '').toLowerCase();

export interface DemoCustomer {
  kind: 'person' | 'company';
  name: string;
  email: string | null;
  phone: string | null;
  company: string | null;
  address: { line1: string; line2: string; city: string; region: string; postalCode: string; country: string };
  tags: string[];
  status: string;
  custom: Record<string, unknown>;
  /** Days ago it was created (0–730). */
  ageDays: number;
}

/** The i-th demo customer of a run (deterministic in `seed` and `i`; emails are unique across i). */
export function demoCustomer(i: number, rnd = prng(i * 7919 + 17)): DemoCustomer {
  const company = rnd.next() < 0.2;
  const first = rnd.pick(FIRST_NAMES);
  const last = rnd.pick(LAST_NAMES);
  const companyName = `${rnd.pick(COMPANY_STEMS)} ${rnd.pick(COMPANY_KINDS)} ${rnd.pick(COMPANY_FORMS)}`;
  const phone = rnd.pick(PHONES);
  const n = rnd.int(10 ** phone.digits).toString().padStart(phone.digits, '0');
  const tags = TAGS.filter(() => rnd.next() < 0.12);
  return {
    kind: company ? 'company' : 'person',
    name: company ? companyName : `${first} ${last}`,
    email: rnd.next() < 0.95 ? `${company ? ascii(companyName.split(' ')[0]!) : `${ascii(first)}.${ascii(last)}`}.${i}@${rnd.pick(DOMAINS)}` : null,
    phone: rnd.next() < 0.85 ? `${phone.prefix}${n}` : null,
    company: company ? companyName : rnd.next() < 0.4 ? `${rnd.pick(COMPANY_STEMS)} ${rnd.pick(COMPANY_KINDS)}` : null,
    address: { line1: `${1 + rnd.int(250)} ${rnd.pick(['High Street', 'Main St', 'Rue de la Paix', 'Hauptstraße', 'Calle Mayor', 'Via Roma', 'Storgatan'])}`, line2: '', city: rnd.pick(phone.city), region: '', postalCode: String(10000 + rnd.int(89999)), country: phone.country },
    tags,
    status: rnd.pick(STATUSES),
    custom: { tier: rnd.pick(['gold', 'silver', 'bronze']), score: rnd.int(100) },
    ageDays: rnd.int(730),
  };
}

export interface DemoPolicy {
  number: string;
  product: string;
  carrier: string;
  premium: string;
  currency: string;
  startDate: string;
  endDate: string;
  renewalDate: string;
  status: string;
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

export function demoPolicies(i: number, customer: DemoCustomer, today = new Date()): DemoPolicy[] {
  const rnd = prng(i * 104729 + 3);
  const count = customer.status === 'lead' ? 0 : rnd.int(3);
  const out: DemoPolicy[] = [];
  for (let k = 0; k < count; k++) {
    const start = new Date(today.getTime() - rnd.int(700) * 86_400_000);
    const end = new Date(start.getTime() + 365 * 86_400_000);
    const renewal = new Date(end.getTime() - 30 * 86_400_000);
    const status = end < today ? rnd.pick(['expired', 'lapsed', 'cancelled']) : rnd.next() < 0.9 ? 'active' : 'pending';
    out.push({
      number: `POL-${String(i).padStart(7, '0')}-${k + 1}`,
      product: rnd.pick(PRODUCTS),
      carrier: rnd.pick(CARRIERS),
      premium: (120 + rnd.int(480000) / 100).toFixed(2),
      currency: CURRENCY_BY_COUNTRY[customer.address.country] ?? 'EUR',
      startDate: isoDay(start),
      endDate: isoDay(end),
      renewalDate: isoDay(renewal),
      status,
    });
  }
  return out;
}

export function demoNotes(i: number): string[] {
  const rnd = prng(i * 15485863 + 11);
  return Array.from({ length: rnd.next() < 0.5 ? 0 : 1 + rnd.int(2) }, () => rnd.pick(NOTE_LINES));
}
