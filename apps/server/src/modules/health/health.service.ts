import type pg from 'pg';
import type { Ready } from '@grip/contracts/system';
import { migrationStatus } from '../../db/migrate.ts';

/** Readiness: the database answers, its migrations are the ones this build ships, and the job runner is alive. */
export async function checkReadiness(deps: { owner: pg.Pool; jobsAlive: () => boolean; jobsInProcess: boolean }): Promise<Ready> {
  const checks: Ready['checks'] = {
    database: { ok: false, detail: 'not checked' },
    migrations: { ok: false, detail: 'not checked' },
    jobs: { ok: false, detail: 'not checked' },
  };
  try {
    const started = performance.now();
    await deps.owner.query('SELECT 1');
    checks.database = { ok: true, detail: `answered in ${(performance.now() - started).toFixed(1)} ms` };
    const { applied, expected } = await migrationStatus(deps.owner);
    checks.migrations = {
      ok: applied === expected,
      detail: applied === expected ? `${applied} applied` : `${applied} of ${expected} applied`,
    };
  } catch (err) {
    checks.database = { ok: false, detail: `unreachable: ${(err as Error).message}` };
  }
  checks.jobs = deps.jobsInProcess
    ? { ok: deps.jobsAlive(), detail: deps.jobsAlive() ? 'runner alive' : 'runner stopped' }
    : { ok: true, detail: 'runs in a separate worker process (JOBS=off)' };
  const ok = checks.database.ok && checks.migrations.ok && checks.jobs.ok;
  return { status: ok ? 'ok' : 'unavailable', checks };
}
