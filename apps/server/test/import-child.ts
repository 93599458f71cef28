// Runs one import job in its own process, so that a test can kill it at any moment (imports-crash.test.ts).
import pg from 'pg';
import { createStorage } from '../src/lib/storage.ts';
import { runImport } from '../src/modules/imports/imports.service.ts';

const [ownerUrl, storageUrl, workspaceId, importId] = process.argv.slice(2) as [string, string, string, string];
const pool = new pg.Pool({ connectionString: ownerUrl, max: 3 });
await runImport(pool, createStorage(storageUrl), workspaceId, importId);
await pool.end();
