import { loadConfig } from '../config.ts';
import { fail, say } from '../lib/console.ts';
import { expectedMigrationCount } from './migrate.ts';
import { openDatabase } from './open.ts';

/** `npm run db:migrate`: applies pending migrations (openDatabase migrates) and exits. */
try {
  const database = await openDatabase(loadConfig(), say);
  say(`Database is at migration ${expectedMigrationCount()}.`);
  await database.close();
} catch (err) {
  fail((err as Error).message);
  process.exit(1);
}
