import { loadConfig } from './config.ts';
import { createPool } from './db/client.ts';
import { openDatabase } from './db/open.ts';
import { startJobs } from './jobs/runner.ts';
import { createMailer } from './lib/mailer.ts';
import { createStorage } from './lib/storage.ts';
import { fail, say } from './lib/console.ts';
import pino from 'pino';

/** `npm run worker`: runs background jobs in their own process (start the app with JOBS=off). */
async function main() {
  const config = loadConfig();
  const database = await openDatabase(config, say);
  const owner = createPool(database.ownerUrl, 4, 'grip-worker');
  const log = pino({ level: config.logLevel });
  const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, owner, log });
  const jobs = await startJobs({ owner, log, runInProcess: true, concurrency: 4, mailer, appUrl: config.appUrl, storage: createStorage(config.storageUrl), backups: { dir: config.backupDir, retention: config.backupRetention }, exportLinkHours: config.exportLinkHours });
  say('Grip worker running. Stop with Ctrl+C.');
  const stop = async () => {
    await jobs.stop();
    mailer.close();
    await owner.end();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  fail(`Worker failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
