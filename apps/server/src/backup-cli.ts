import path from 'node:path';
import { loadConfig } from './config.ts';
import { createPool } from './db/client.ts';
import { openDatabase } from './db/open.ts';
import { fail, say } from './lib/console.ts';
import { createBackup, restoreBackup } from './modules/backups/backups.service.ts';

/**
 * `npm run backup`: a backup of the whole database into BACKUP_DIR.
 * `npm run restore -- <file> --yes`: replaces every row with the backup's (stop Grip first).
 */
const [command, file, ...flags] = process.argv.slice(2);
const config = loadConfig();
try {
  const database = await openDatabase(config, say);
  try {
    if (command === 'backup') {
      const owner = createPool(database.ownerUrl, 1, 'grip-backup');
      const made = await createBackup(owner, config.backupDir);
      await owner.end();
      say(`Backup written: ${path.join(config.backupDir, made.name)} (${(made.size / 1024 / 1024).toFixed(1)} MB)`);
      say('Not in it: uploaded files (STORAGE_URL) and DATA_DIR/secrets.json — copy those too.');
    } else if (command === 'restore') {
      if (!file) throw new Error('Name the backup file: npm run restore -- <file> --yes');
      if (!flags.includes('--yes')) throw new Error(`This replaces every row of the database with ${path.basename(file)}. Stop Grip, then run again with --yes.`);
      const result = await restoreBackup(database.ownerUrl, path.resolve(process.env.INIT_CWD ?? process.cwd(), file));
      say(`Restored ${result.rows} rows in ${result.tables} tables from ${path.basename(file)}.`);
    } else {
      throw new Error('Usage: backup-cli backup | restore <file> --yes');
    }
  } finally {
    await database.close();
  }
} catch (err) {
  fail((err as Error).message);
  process.exit(1);
}
