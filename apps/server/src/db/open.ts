import path from 'node:path';
import type { Config } from '../config.ts';
import { describeConnectionError, ensureDatabase, withDatabase } from './client.ts';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded.ts';
import { prepareAppRoleUrl, runMigrations } from './migrate.ts';

export interface DatabaseUrls {
  /** Owner role: migrations, jobs, maintenance. */
  ownerUrl: string;
  /** RLS-bound app role: all request work. */
  appUrl: string;
}

export interface OpenedDatabase extends DatabaseUrls {
  embedded: EmbeddedDatabase | null;
  close: () => Promise<void>;
}

export class DatabaseStartError extends Error {}

/**
 * Makes the database ready to serve: starts the embedded PostgreSQL when DATABASE_URL is unset, creates the
 * `grip` database there, applies migrations and prepares the app role. Failures come back as one clear line.
 */
export async function openDatabase(config: Config, log: (msg: string) => void): Promise<OpenedDatabase> {
  let embedded: EmbeddedDatabase | null = null;
  let ownerUrl = config.databaseUrl;
  if (!ownerUrl) {
    const dir = path.join(config.dataDir, 'postgres');
    log(`Starting the embedded PostgreSQL (data in ${dir})…`);
    embedded = await startEmbeddedPostgres({ dir, port: config.embeddedPgPort, password: config.secrets.embeddedDbPassword });
    log(`Embedded PostgreSQL listening on 127.0.0.1:${embedded.port}`);
    await ensureDatabase(embedded.url, 'grip');
    ownerUrl = withDatabase(embedded.url, 'grip');
  }
  try {
    await runMigrations(ownerUrl);
    const appUrl = config.databaseAppUrl ?? (await prepareAppRoleUrl(ownerUrl, config.secrets.appDbPassword));
    return { ownerUrl, appUrl, embedded, close: async () => embedded?.stop() };
  } catch (err) {
    await embedded?.stop();
    const code = (err as { code?: string }).code;
    if (code && /^(ECONN|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|28|3D)/.test(code)) {
      throw new DatabaseStartError(describeConnectionError(err, ownerUrl));
    }
    throw err;
  }
}
