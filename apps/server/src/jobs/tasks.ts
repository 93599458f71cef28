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
import { purgeImportFiles, runImport } from '../modules/imports/imports.service.ts';
import { purgeEvents } from '../modules/realtime/realtime.service.ts';
import { dailyBackup } from '../modules/backups/backups.service.ts';
import { purgeExpiredExports, runExportJob, type ExportDeps } from '../modules/exports/export-jobs.service.ts';
import { runScheduledExport, tickScheduledExports } from '../modules/exports/scheduled-exports.service.ts';
import { prepareArchive, purgeDueDeletions } from '../modules/workspace-deletion/workspace-deletion.service.ts';

/** Every background task Grip runs, by name. Tasks run as the owner role: they are system work. */
export interface BackupSettings {
  dir: string;
  retention: { daily: number; weekly: number };
}

export function buildTaskList(deps: { owner: pg.Pool; mailer: Mailer; appUrl: string; storage: Storage; backups: BackupSettings; exportLinkHours?: number }): TaskList {
  const sendEmails = async () => sendPendingEmails(deps.owner, deps.mailer, deps.appUrl);
  const exportDeps: ExportDeps = { pool: deps.owner, storage: deps.storage, mailer: deps.mailer, appUrl: deps.appUrl, linkHours: deps.exportLinkHours ?? 24 };
  return {
    export_run: async (payload) => {
      const { workspaceId, jobId } = payload as { workspaceId: string; jobId: string };
      await runExportJob(exportDeps, workspaceId, jobId);
    },
    exports_purge: async (_payload, helpers) => {
      const { files, stale } = await purgeExpiredExports(deps.owner, deps.storage);
      if (files + stale > 0) helpers.logger.info(`removed ${files} expired export files; ${stale} stuck exports marked failed`);
    },
    scheduled_exports_tick: async (_payload, helpers) => {
      // Each due run is claimed once (however many instances tick) and runs as its own job.
      const claimed = await tickScheduledExports(deps.owner, async (workspaceId, runId) => {
        await helpers.addJob('scheduled_export_run', { workspaceId, runId }, { jobKey: `scheduled-run:${runId}`, maxAttempts: 1 });
      });
      if (claimed > 0) helpers.logger.info(`started ${claimed} scheduled exports`);
    },
    scheduled_export_run: async (payload) => {
      const { workspaceId, runId } = payload as { workspaceId: string; runId: string };
      await runScheduledExport(exportDeps, workspaceId, runId);
    },
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
    imports_run: async (payload, helpers) => {
      const { workspaceId, importId } = payload as { workspaceId: string; importId: string };
      // A retried attempt starts over from the file: staging is temporary and the write is one transaction.
      await runImport(deps.owner, deps.storage, workspaceId, importId, { final: helpers.job.attempts >= helpers.job.max_attempts });
    },
    imports_purge_files: async (_payload, helpers) => {
      const removed = await purgeImportFiles(deps.owner, deps.storage);
      if (removed > 0) helpers.logger.info(`removed ${removed} import files no longer needed`);
    },
    events_purge: async (_payload, helpers) => {
      const removed = await purgeEvents(deps.owner);
      if (removed > 0) helpers.logger.info(`purged ${removed} events older than a day`);
    },
    workspace_deletion_archive: async (payload, helpers) => {
      const { workspaceId, requestedAt } = payload as { workspaceId: string; requestedAt: string };
      const outcome = await prepareArchive(deps.owner, deps.storage, deps.mailer, deps.appUrl, workspaceId, requestedAt, { final: helpers.job.attempts >= helpers.job.max_attempts });
      helpers.logger.info(`final archive of workspace ${workspaceId}: ${outcome}`);
    },
    workspace_deletion_purge: async (_payload, helpers) => {
      const purged = await purgeDueDeletions(deps.owner, deps.storage, deps.mailer);
      for (const p of purged) helpers.logger.info(`purged workspace ${p.workspaceId} (${p.slug})`);
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
  '35 * * * * exports_purge ?max=1',
  '* * * * * scheduled_exports_tick ?max=1',
  '25 * * * * imports_purge_files ?max=1',
  '*/5 * * * * notifications_email ?max=1',
  '*/10 * * * * workspace_deletion_purge ?max=1',
].join('\n');
