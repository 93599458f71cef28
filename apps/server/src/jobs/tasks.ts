import type { TaskList } from 'graphile-worker';
import type pg from 'pg';
import { purgeExpired } from '../modules/maintenance/maintenance.service.ts';
import { purgeTrash } from '../modules/customers/customers.service.ts';
import { runBulkJob } from '../modules/customers/bulk.service.ts';

/** Every background task Grip runs, by name. Tasks run as the owner role: they are system work. */
export function buildTaskList(deps: { owner: pg.Pool }): TaskList {
  return {
    maintenance_purge: async (_payload, helpers) => {
      const removed = await purgeExpired(deps.owner);
      helpers.logger.info(`purged expired rows: ${JSON.stringify(removed)}`);
    },
    customers_purge_trash: async (_payload, helpers) => {
      const removed = await purgeTrash(deps.owner);
      helpers.logger.info(`purged ${removed} customers from the trash`);
    },
    customers_bulk: async (payload, helpers) => {
      const { workspaceId, jobId } = payload as { workspaceId: string; jobId: string };
      // Retried attempts resume after the last finished chunk; only the last attempt marks the job failed.
      await runBulkJob(deps.owner, workspaceId, jobId, { final: helpers.job.attempts >= helpers.job.max_attempts });
    },
  };
}

/** Recurring schedule (graphile-worker crontab syntax, UTC). */
export const CRONTAB = ['0 3 * * * maintenance_purge ?max=3', '30 3 * * * customers_purge_trash ?max=3'].join('\n');
