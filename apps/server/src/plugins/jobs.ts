import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { startJobs, type Jobs } from '../jobs/runner.ts';
import type { Storage } from '../lib/storage.ts';
import type { BackupSettings } from '../jobs/tasks.ts';

declare module 'fastify' {
  interface FastifyInstance {
    jobs: Jobs;
  }
}

export default fp(
  async function jobsPlugin(app: FastifyInstance, opts: { runInProcess: boolean; appUrl: string; storage: Storage; backups: BackupSettings; exportLinkHours?: number }) {
    const jobs = await startJobs({
      owner: app.db.owner,
      log: app.log.child({ component: 'jobs' }),
      runInProcess: opts.runInProcess,
      mailer: app.mail,
      appUrl: opts.appUrl,
      storage: opts.storage,
      backups: opts.backups,
      exportLinkHours: opts.exportLinkHours,
    });
    app.decorate('jobs', jobs);
    // preClose runs before any onClose hook, so the runner stops while the pools are still open.
    app.addHook('preClose', async () => jobs.stop());
  },
  { name: 'jobs', dependencies: ['db', 'mail'] },
);
