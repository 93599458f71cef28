import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/open.ts';
import { fail, say } from '../lib/console.ts';
import { runSeed } from './seed.ts';

/** `npm run seed`: migrates, then applies the demo data (idempotent). */
try {
  const config = loadConfig();
  const database = await openDatabase(config, say);
  const lines = await runSeed({ ownerUrl: database.ownerUrl, appUrl: database.appUrl, config, log: say });
  for (const line of lines) say(line);
  say('Seed complete.');
  await database.close();
} catch (err) {
  fail((err as Error).message);
  process.exit(1);
}
