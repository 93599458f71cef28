import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '@grip/contracts/common';
import { auditMetaOf } from '../../plugins/auth.ts';
import { recordPlatformAudit } from '../audit/audit.service.ts';
import { createBackup, listBackups } from './backups.service.ts';

const backupSchema = z.object({ name: z.string(), size: z.number().int(), createdAt: z.iso.datetime({ offset: true }) }).meta({ id: 'Backup' });
const tags = ['admin'];
export const BACKUP_SCHEDULE = 'daily at 02:00 UTC';

/** The operator's view of backups: the files in BACKUP_DIR, and a backup on demand. */
export const backupsRoutes: FastifyPluginAsyncZod<{ dir: string; retention: { daily: number; weekly: number } }> = async (app, opts) => {
  app.get('/api/v1/admin/backups', {
    config: { permission: 'platform:admin' },
    schema: {
      tags,
      summary: 'Backups kept, newest first, with where they are and how long they are kept',
      response: {
        200: z.object({ items: z.array(backupSchema), nextCursor: z.null(), directory: z.string(), retention: z.object({ daily: z.number(), weekly: z.number() }), schedule: z.string() }),
        ...errorResponses,
      },
    },
  }, async () => ({ items: await listBackups(opts.dir), nextCursor: null, directory: opts.dir, retention: opts.retention, schedule: BACKUP_SCHEDULE }));

  app.post('/api/v1/admin/backups', {
    config: { permission: 'platform:admin' },
    schema: { tags, summary: 'Take a backup now (of the whole database, from one snapshot)', response: { 201: backupSchema, ...errorResponses } },
  }, async (request, reply) => {
    const made = await createBackup(app.db.owner, opts.dir);
    await recordPlatformAudit(app.db.owner, auditMetaOf(request), { action: 'backup.created', entityType: 'backup', entityId: made.name, after: made });
    return reply.status(201).send(made);
  });
};
