import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig, type Config } from '../../apps/server/src/config.ts';
import { prepareAppRoleUrl, runMigrations } from '../../apps/server/src/db/migrate.ts';
import { runSeed } from '../../apps/server/src/seed/seed.ts';
import { defaultSeedSteps } from '../../apps/server/src/seed/steps.ts';
import type { ScenarioContext } from './scenario.ts';

/** The platform admin every scenario signs in as. */
export const BENCH_ADMIN = { email: 'bench-admin@grip.local', password: 'bench-password-123' } as const;

export interface GripDatabase {
  ownerUrl: string;
  /** The app role's URL, as a Grip server started on this database uses it. */
  appDbUrl: string;
  /** A throwaway DATA_DIR (secrets, files) for the server the scenario starts. */
  dataDir: string;
  config: Config;
  /** One owner connection for loading and raw baselines. */
  owner: pg.Client;
}

/**
 * Gets the bench database ready as Grip would have it: migrated, the app role's login, the seed steps the scenario
 * keeps (most load their own data instead of the demo's), and an owner connection.
 */
export async function prepareGripDatabase(ctx: ScenarioContext, keepSeedStep: (name: string) => boolean): Promise<GripDatabase> {
  const ownerUrl = ctx.databaseUrl;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'grip-bench-'));
  chmodSync(dataDir, 0o755);
  await ctx.step('migrate', () => runMigrations(ownerUrl));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', ADMIN_EMAIL: BENCH_ADMIN.email, ADMIN_PASSWORD: BENCH_ADMIN.password });
  const appDbUrl = await prepareAppRoleUrl(ownerUrl, config.secrets.appDbPassword);
  await runSeed({ ownerUrl, config, steps: defaultSeedSteps.filter((s) => keepSeedStep(s.name)) });
  const owner = new pg.Client({ connectionString: ownerUrl });
  await owner.connect();
  // The run's clean-up drops the database with FORCE; a connection cut that way must not crash the process.
  owner.on('error', () => undefined);
  return { ownerUrl, appDbUrl, dataDir, config, owner };
}
