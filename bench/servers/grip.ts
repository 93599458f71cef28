// The real Grip app (all plugins: auth, row-level security, access checks, metrics) on a bench database.
// Env: OWNER_URL (migrated database, owner role), APP_DB_URL (the grip_app role), DATA_DIR; BENCH_JOBS=inline runs
// the job queue in the server process (as `npm start` does), off by default.
import { buildApp } from '../../apps/server/src/app.ts';
import { loadConfig } from '../../apps/server/src/config.ts';
import { serveForBench } from '../lib/serve.ts';

const { OWNER_URL, APP_DB_URL, DATA_DIR } = process.env;
if (!OWNER_URL || !APP_DB_URL || !DATA_DIR) throw new Error('grip bench server: OWNER_URL, APP_DB_URL and DATA_DIR are required');

const config = loadConfig({ DATA_DIR, LOG_LEVEL: 'silent', JOBS: process.env.BENCH_JOBS ?? 'off', WEB_DIST: DATA_DIR, APP_URL: 'http://127.0.0.1', DATABASE_POOL_MAX: '20' });
const app = await buildApp({ config, database: { ownerUrl: OWNER_URL, appUrl: APP_DB_URL }, logger: false });
await serveForBench(app);
