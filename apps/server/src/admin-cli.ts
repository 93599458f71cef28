import { parseArgs } from 'node:util';
import pg from 'pg';
import { z } from 'zod';
import { loadConfig } from './config.ts';
import { openDatabase } from './db/open.ts';
import { fail, say } from './lib/console.ts';
import { upsertAdmin } from './modules/admin/admin.service.ts';

/** `npm run create-admin -- --email you@example.com [--password …]`: creates or promotes a platform admin. */
const { values } = parseArgs({ options: { email: { type: 'string' }, password: { type: 'string' } } });
const email = z.email().safeParse(values.email);
const password = values.password === undefined ? undefined : z.string().min(8).max(128).safeParse(values.password);
if (!email.success) {
  fail('--email: must be an email address (usage: npm run create-admin -- --email you@example.com --password …)');
  process.exit(1);
}
if (password && !password.success) {
  fail('--password: must be 8 to 128 characters');
  process.exit(1);
}
try {
  const database = await openDatabase(loadConfig(), () => undefined);
  const client = new pg.Client({ connectionString: database.ownerUrl });
  await client.connect();
  try {
    const outcome = await upsertAdmin(client, email.data, password?.data);
    say(outcome === 'created' ? `Created the platform admin ${email.data}.` : `${email.data} is now a platform admin.`);
  } finally {
    await client.end();
    await database.close();
  }
} catch (err) {
  fail((err as Error).message);
  process.exit(1);
}
