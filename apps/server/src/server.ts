import { buildApp } from './app.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { DatabaseStartError, openDatabase, type OpenedDatabase } from './db/open.ts';
import { EmbeddedDatabaseError } from './db/embedded.ts';
import { fail, say } from './lib/console.ts';
import { runSeed } from './seed/seed.ts';

const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      fail('Grip cannot start: the configuration is not valid.');
      for (const p of err.problems) fail(`  ${p}`);
      process.exit(1);
    }
    throw err;
  }

  let database: OpenedDatabase;
  try {
    database = await openDatabase(config, say);
  } catch (err) {
    if (err instanceof DatabaseStartError || err instanceof EmbeddedDatabaseError) {
      fail(err.message);
      process.exit(1);
    }
    throw err;
  }

  const app = await buildApp({ config, database });
  const summary = await runSeed({ ownerUrl: database.ownerUrl, appUrl: database.appUrl, config, log: say });

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    say(`\n${signal} received: finishing requests, stopping jobs, closing the database…`);
    const timer = setTimeout(() => {
      fail(`Shutdown took longer than ${SHUTDOWN_GRACE_MS / 1000}s; exiting anyway.`);
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    timer.unref();
    try {
      await app.close(); // drains in-flight requests, stops the job runner, ends the pools
      await database.close(); // stops the embedded PostgreSQL, if it is ours
      process.exit(0);
    } catch (err) {
      fail(`Shutdown failed: ${(err as Error).message}`);
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') fail(`PORT: ${config.host}:${config.port} is already in use; stop that process or set PORT`);
    else if (code === 'EACCES') fail(`PORT: not allowed to listen on ${config.port}; choose a port above 1024`);
    else fail(`Cannot listen on ${config.host}:${config.port}: ${(err as Error).message}`);
    await app.close();
    await database.close();
    process.exit(1);
  }

  say('');
  say(`  Grip is running at ${config.appUrl}`);
  say(`  API docs:          ${config.appUrl}/api/docs`);
  say(`  Health:            ${config.appUrl}/health/ready`);
  for (const line of summary) say(`  ${line}`);
  say(`  Mail:              ${app.mail.transport === 'smtp' ? 'sent through SMTP_URL' : 'kept in the dev outbox (SMTP_URL unset)'}`);
  say('  Stop with Ctrl+C.');
  say('');
}

main().catch((err: unknown) => {
  fail(`Grip failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
