import pg from 'pg';
import type { Config } from '../config.ts';
import { defaultSeedSteps } from './steps.ts';

export interface SeedContext {
  /** Owner connection inside the seed's transaction: seeds write across workspaces. */
  client: pg.PoolClient | pg.Client;
  config: Config;
}

/** One idempotent step: running it again changes nothing. Returns lines for the start banner. */
export interface SeedStep {
  name: string;
  run: (ctx: SeedContext) => Promise<string[]>;
}

const SEED_LOCK = 74_212_002;


/**
 * Runs every seed step in one transaction under an advisory lock, so concurrent starts and re-runs are safe
 * and a failing step leaves nothing half-seeded.
 */
export async function runSeed(options: {
  ownerUrl: string;
  appUrl?: string;
  config: Config;
  log?: (line: string) => void;
  steps?: SeedStep[];
}): Promise<string[]> {
  const steps = options.steps ?? defaultSeedSteps;
  if (steps.length === 0) return [];
  const client = new pg.Client({ connectionString: options.ownerUrl, application_name: 'grip-seed' });
  await client.connect();
  const lines: string[] = [];
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK]);
    for (const step of steps) lines.push(...(await step.run({ client, config: options.config })));
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await client.end();
  }
  return lines;
}
