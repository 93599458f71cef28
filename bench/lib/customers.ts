// Synthetic CRM customers, generated on the fly from a seeded PRNG (same seed, same rows) and streamed into
// PostgreSQL with COPY, so a million rows never sit in memory.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** Shaped like Grip's customers table: tenant first in the key and in every index. */
export const CUSTOMERS_DDL = `
  CREATE TABLE customers (
    workspace_id uuid NOT NULL,
    id uuid NOT NULL,
    name text NOT NULL,
    email text NOT NULL,
    phone text,
    company text,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, id)
  );
  CREATE INDEX customers_workspace_email_idx ON customers (workspace_id, lower(email));
  CREATE INDEX customers_workspace_created_idx ON customers (workspace_id, created_at, id);
`;

/** Share of the rows each workspace gets; the first is the biggest. */
const WORKSPACE_SHARES = [0.6, 0.2, 0.1, 0.05, 0.05];
/** created_at rises with the row number across these three years, as in a table that grew over time. */
const FIRST_CREATED = Date.parse('2023-01-01T00:00:00Z');
const SPAN_MS = 3 * 365 * 24 * 3600 * 1000;
const ROWS_PER_CHUNK = 1000;

const FIRST = ['Ada', 'Ben', 'Chloé', 'Dmitri', 'Emma', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kemi', 'Lars', 'Maya', 'Noor', 'Oscar', 'Priya'];
const LAST = ['Andersen', 'Brown', 'Costa', 'Dubois', 'Evans', 'Fischer', 'García', 'Hughes', 'Ivanova', 'Jensen', 'Kowalski', 'Lopez', 'Müller', 'Nakamura', 'Okafor', 'Patel'];
const COMPANY = ['Acme', 'Northwind', 'Globex', 'Initech', 'Umbrella', 'Stark', 'Wayne', 'Hooli', 'Vandelay', 'Soylent'];
const SUFFIX = ['Ltd', 'GmbH', 'Inc', 'SA', 'BV', 'AB'];

/** sfc32: small, fast, good enough for test data. Returns uint32s. */
function prng(seed: number): () => number {
  let a = 0x9e3779b9, b = 0x243f6a88, c = 0xb7e15162, d = seed >>> 0;
  return () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
}

const HEX16 = Array.from({ length: 65536 }, (_, n) => n.toString(16).padStart(4, '0'));

/** A random (version 4) UUID from four PRNG outputs. */
function uuidV4(next: () => number): string {
  const a = next(), b = next(), c = next(), d = next();
  const h = (n: number) => HEX16[n & 0xffff]!;
  return `${h(a >>> 16)}${h(a)}-${h(b >>> 16)}-${h(((b & 0x0fff) | 0x4000))}-${h((c >>> 16 & 0x3fff) | 0x8000)}-${h(c)}${h(d >>> 16)}${h(d)}`;
}

export interface CustomerDataset {
  rows: number;
  seed: number;
  /** Workspace ids, biggest first. */
  workspaceIds: string[];
}

export function customerDataset(rows: number, seed = 1): CustomerDataset {
  const next = prng(seed ^ 0x5eed);
  return { rows, seed, workspaceIds: WORKSPACE_SHARES.map(() => uuidV4(next)) };
}

/** The dataset as COPY text-format chunks (tab-separated, `\N` for NULL), generated lazily. */
export function* customerCopyText(dataset: CustomerDataset): Generator<string> {
  const next = prng(dataset.seed);
  const pick = <T>(list: readonly T[]): T => list[next() % list.length]!;
  const cumulative = WORKSPACE_SHARES.map((_, i) => WORKSPACE_SHARES.slice(0, i + 1).reduce((s, x) => s + x, 0));
  const step = SPAN_MS / dataset.rows;
  let chunk = '';
  for (let i = 0; i < dataset.rows; i++) {
    const r = next() / 2 ** 32;
    const workspace = dataset.workspaceIds[cumulative.findIndex((c) => r < c)] ?? dataset.workspaceIds[0]!;
    const first = pick(FIRST);
    const last = pick(LAST);
    // Mixed case on purpose: lookups go through lower(email).
    const email = `${first}.${last}${i}@Example.com`;
    const phone = next() % 10 === 0 ? '\\N' : `+1 555 ${String(next() % 10_000_000).padStart(7, '0')}`;
    const company = next() % 10 < 3 ? '\\N' : `${pick(COMPANY)} ${pick(SUFFIX)}`;
    const created = new Date(FIRST_CREATED + Math.floor(i * step)).toISOString();
    chunk += `${workspace}\t${uuidV4(next)}\t${first} ${last}\t${email}\t${phone}\t${company}\t${created}\n`;
    if ((i + 1) % ROWS_PER_CHUNK === 0) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/** Streams the dataset into `customers` with COPY FROM STDIN; returns the row count PostgreSQL reports. */
export async function copyCustomers(client: pg.Client | pg.PoolClient, dataset: CustomerDataset): Promise<number> {
  const copy = client.query(copyFrom('COPY customers (workspace_id, id, name, email, phone, company, created_at) FROM STDIN'));
  await pipeline(Readable.from(customerCopyText(dataset)), copy);
  return copy.rowCount;
}
