import { Logger, makeWorkerUtils, run, runMigrations, type LogLevel, type Runner, type WorkerUtils } from 'graphile-worker';
import type pg from 'pg';
import type { FastifyBaseLogger } from 'fastify';
import type { Mailer } from '../lib/mailer.ts';
import type { Storage } from '../lib/storage.ts';
import { buildTaskList, CRONTAB, type BackupSettings } from './tasks.ts';

export function workerLogger(log: FastifyBaseLogger): Logger {
  const method: Record<LogLevel, 'error' | 'warn' | 'info' | 'debug'> = {
    error: 'error',
    warning: 'warn',
    info: 'info',
    debug: 'debug',
  };
  return new Logger((scope) => (level, message, meta) => log[method[level]]({ scope, ...meta }, message));
}

export interface Jobs {
  utils: WorkerUtils;
  runner: Runner | null;
  /** True while the in-process runner is working (or when jobs run in a separate `npm run worker`). */
  alive: () => boolean;
  stop: () => Promise<void>;
}

/** Prepares the job queue schema and, unless jobs run elsewhere, starts the runner with the cron schedule. */
export async function startJobs(options: {
  owner: pg.Pool;
  log: FastifyBaseLogger;
  runInProcess: boolean;
  mailer: Mailer;
  appUrl: string;
  storage: Storage;
  backups: BackupSettings;
  /** How long export files and their links are kept (EXPORT_LINK_HOURS). */
  exportLinkHours?: number;
  concurrency?: number;
}): Promise<Jobs> {
  const logger = workerLogger(options.log);
  await runMigrations({ pgPool: options.owner, logger });
  const utils = await makeWorkerUtils({ pgPool: options.owner, logger });
  let runner: Runner | null = null;
  let stopped = false;
  if (options.runInProcess) {
    runner = await run({
      pgPool: options.owner,
      logger,
      concurrency: options.concurrency ?? 2,
      noHandleSignals: true,
      pollInterval: 2000,
      taskList: buildTaskList({ owner: options.owner, mailer: options.mailer, appUrl: options.appUrl, storage: options.storage, backups: options.backups, exportLinkHours: options.exportLinkHours }),
      crontab: CRONTAB,
    });
    runner.promise.then(
      () => (stopped = true),
      () => (stopped = true),
    );
  }
  return {
    utils,
    runner,
    alive: () => !stopped,
    async stop() {
      if (runner && !stopped) await runner.stop();
      stopped = true;
      await utils.release();
    },
  };
}
