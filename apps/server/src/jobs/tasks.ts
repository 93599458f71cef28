import type { TaskList } from 'graphile-worker';
import type pg from 'pg';
import type { Mailer } from '../lib/mailer.ts';
import type { Storage } from '../lib/storage.ts';
import { purgeExpired } from '../modules/maintenance/maintenance.service.ts';
import { purgeTrash } from '../modules/customers/customers.service.ts';
import { runBulkJob } from '../modules/customers/bulk.service.ts';
import { runTicketBulkJob } from '../modules/tickets/bulk.service.ts';
import { runOverdueCheck } from '../modules/tickets/tickets.service.ts';
import { purgeAbandonedUploads } from '../modules/tickets/messages.service.ts';
import { sendPendingEmails } from '../modules/notifications/notifications.service.ts';
import { purgeEvents } from '../modules/realtime/realtime.service.ts';
import { dailyBackup } from '../modules/backups/backups.service.ts';

/** Every background task Grip runs, by name. Tasks run as the owner role: they are system work. */
export interface BackupSettings {
  dir: string;
  retention: { daily: number; weekly: number };
}

export function buildTaskList(deps: { owner: pg.Pool; mailer: Mailer; appUrl: string; storage: Storage; backups: BackupSettings }): TaskList {
  const sendEmails = async () => sendPendingEmails(deps.owner, deps.mailer, deps.appUrl);
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
    tickets_bulk: async (payload, helpers) => {
      const { workspaceId, jobId } = payload as { workspaceId: string; jobId: string };
      const { emails } = await runTicketBulkJob(deps.owner, workspaceId, jobId, { final: helpers.job.attempts >= helpers.job.max_attempts });
      if (emails > 0) await sendEmails();
    },
    tickets_overdue: async () => {
      const { emails } = await runOverdueCheck(deps.owner);
      if (emails > 0) await sendEmails();
    },
    tickets_purge_uploads: async (_payload, helpers) => {
      const removed = await purgeAbandonedUploads(deps.owner, deps.storage);
      if (removed > 0) helpers.logger.info(`removed ${removed} uploads never posted`);
    },
    backups_daily: async (_payload, helpers) => {
      const { made, removed } = await dailyBackup(deps.owner, deps.backups.dir, deps.backups.retention);
      helpers.logger.info(`backup ${made.name} (${made.size} bytes); removed ${removed.length} past retention`);
    },
    events_purge: async (_payload, helpers) => {
      const removed = await purgeEvents(deps.owner);
      if (removed > 0) helpers.logger.info(`purged ${removed} events older than a day`);
    },
    notifications_email: async (_payload, helpers) => {
      const sent = await sendEmails();
      if (sent > 0) helpers.logger.info(`sent ${sent} notification emails`);
    },
  };
}

/** Recurring schedule (graphile-worker crontab syntax, UTC). */
export const CRONTAB = [
  '0 2 * * * backups_daily ?max=2',
  '0 3 * * * maintenance_purge ?max=3',
  '30 3 * * * customers_purge_trash ?max=3',
  '* * * * * tickets_overdue ?max=1',
  '15 * * * * tickets_purge_uploads ?max=1',
  '45 * * * * events_purge ?max=1',
  '*/5 * * * * notifications_email ?max=1',
].join('\n');
