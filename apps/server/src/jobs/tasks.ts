import type { TaskList } from 'graphile-worker';
import type pg from 'pg';
import { purgeExpired } from '../modules/maintenance/maintenance.service.ts';

/** Every background task Grip runs, by name. Tasks run as the owner role: they are system work. */
export function buildTaskList(deps: { owner: pg.Pool }): TaskList {
  return {
    maintenance_purge: async (_payload, helpers) => {
      const removed = await purgeExpired(deps.owner);
      helpers.logger.info(`purged expired rows: ${JSON.stringify(removed)}`);
    },
  };
}

/** Recurring schedule (graphile-worker crontab syntax, UTC). */
export const CRONTAB = ['0 3 * * * maintenance_purge ?max=3'].join('\n');
