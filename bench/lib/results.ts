import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { Metrics } from './scenario.ts';

export const RESULTS_DIR = fileURLToPath(new URL('../results/', import.meta.url));

export interface Machine {
  cores: number;
  memory_gib: number;
  node: string;
  /** `server_version` of the PostgreSQL the run used. */
  postgres: string;
}

export interface BenchResult {
  scenario: string;
  when: string;
  machine: Machine;
  /** Where the database came from and the knobs the run used, so figures can be reproduced. */
  run: Record<string, string | number>;
  metrics: Metrics;
}

export async function describeMachine(databaseUrl: string): Promise<Machine> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return {
      cores: os.availableParallelism(),
      memory_gib: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
      node: process.version,
      postgres: rows[0]?.server_version ?? 'unknown',
    };
  } finally {
    await client.end();
  }
}

/** Writes `bench/results/<scenario>.json` and returns its path. */
export async function writeResult(result: BenchResult): Promise<string> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${result.scenario}.json`);
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

export function formatNumber(value: number): string {
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : Math.abs(value) >= 1 ? 2 : 3;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** The result as an aligned text table: a machine line, then one row per metric, values right-aligned. */
export function formatResult(result: BenchResult): string {
  const { machine } = result;
  const rows = Object.entries(result.metrics).map(([name, m]) => [name, formatNumber(m.value), m.unit] as const);
  const header = ['metric', 'value', 'unit'] as const;
  const width = (i: 0 | 1 | 2) => Math.max(header[i].length, ...rows.map((r) => r[i].length));
  const line = (r: readonly [string, string, string]) =>
    `${r[0].padEnd(width(0))}  ${r[1].padStart(width(1))}  ${r[2]}`.trimEnd();
  return [
    `${result.scenario} — ${result.when}`,
    `machine: ${machine.cores} cores, ${machine.memory_gib} GiB, node ${machine.node}, PostgreSQL ${machine.postgres}`,
    `run: ${Object.entries(result.run).map(([k, v]) => `${k}=${v}`).join(', ')}`,
    '',
    line(header),
    line(['-'.repeat(width(0)), '-'.repeat(width(1)), '-'.repeat(width(2))]),
    ...rows.map(line),
  ].join('\n');
}
