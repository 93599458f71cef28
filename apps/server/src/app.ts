import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { serializerCompiler } from './plugins/serializer.ts';
import rateLimit from '@fastify/rate-limit';
import multipart from '@fastify/multipart';
import websocket from '@fastify/websocket';
import realtimePlugin from './plugins/realtime.ts';
import type { Config } from './config.ts';
import type { DatabaseUrls } from './db/open.ts';
import accessPlugin from './plugins/access.ts';
import dbPlugin from './plugins/db.ts';
import securityHeadersPlugin from './plugins/security-headers.ts';
import errorsPlugin from './plugins/errors.ts';
import jobsPlugin from './plugins/jobs.ts';
import mailPlugin from './plugins/mail.ts';
import metricsPlugin from './plugins/metrics.ts';
import openapiPlugin from './plugins/openapi.ts';
import webPlugin from './plugins/web.ts';
import authPlugin from './plugins/auth.ts';
import { healthRoutes } from './modules/health/health.routes.ts';
import { identityRoutes } from './modules/identity/identity.routes.ts';
import { accessRoutes } from './modules/access/access.routes.ts';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import { flagsRoutes } from './modules/flags/flags.routes.ts';
import { adminRoutes } from './modules/admin/admin.routes.ts';
import { customersRoutes } from './modules/customers/customers.routes.ts';
import { policiesRoutes } from './modules/policies/policies.routes.ts';
import { notesRoutes } from './modules/notes/notes.routes.ts';
import { viewsRoutes } from './modules/views/views.routes.ts';
import { ticketsRoutes } from './modules/tickets/tickets.routes.ts';
import { notificationsRoutes } from './modules/notifications/notifications.routes.ts';
import { realtimeRoutes } from './modules/realtime/realtime.routes.ts';
import { commandCenterRoutes } from './modules/command-center/command-center.routes.ts';
import { importsRoutes } from './modules/imports/imports.routes.ts';
import { exportsRoutes } from './modules/exports/exports.routes.ts';
import { exportJobsRoutes } from './modules/exports/export-jobs.routes.ts';
import { scheduledExportsRoutes } from './modules/exports/scheduled-exports.routes.ts';
import { backupsRoutes } from './modules/backups/backups.routes.ts';
import { workspaceDeletionRoutes } from './modules/workspace-deletion/workspace-deletion.routes.ts';
import { createStorage } from './lib/storage.ts';

export const VERSION = '0.1.0';

export interface BuildAppOptions {
  config: Config;
  database: DatabaseUrls;
  /** Pino options, or false to silence (tests). Defaults to the configured LOG_LEVEL. */
  logger?: FastifyServerOptions['logger'];
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Builds the whole app — plugins, then modules — without listening. Tests call app.inject on it. */
export async function buildApp({ config, database, logger }: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger ?? {
      level: config.logLevel,
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
    },
    trustProxy: config.trustProxy,
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    bodyLimit: 1_048_576,
    routerOptions: { maxParamLength: 200 },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });

  // Cross-cutting plugins
  await app.register(errorsPlugin);
  await app.register(accessPlugin);
  await app.register(securityHeadersPlugin, {
    helmet: {
      contentSecurityPolicy: {
        directives: {
          // Mantine sets inline style attributes; scripts stay same-origin only.
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:', 'blob:'],
          'connect-src': ["'self'", 'ws:', 'wss:'],
        },
      },
      strictTransportSecurity: config.appUrl.startsWith('https://'),
    },
  });
  await app.register(rateLimit, { global: false });
  await app.register(dbPlugin, { database, poolMax: config.databasePoolMax });
  await app.register(mailPlugin, { smtpUrl: config.smtpUrl, from: config.mailFrom });
  const storage = createStorage(config.storageUrl);
  await app.register(jobsPlugin, { runInProcess: config.jobs === 'inline', appUrl: config.appUrl, storage, backups: { dir: config.backupDir, retention: config.backupRetention }, exportLinkHours: config.exportLinkHours });
  // Uploads stream to storage; the size limit is enforced while streaming (one file per request).
  // Live updates: one LISTEN connection per instance, as the app role.
  await app.register(websocket, { options: { maxPayload: 4096 } });
  await app.register(realtimePlugin, { listenUrl: database.appUrl });
  await app.register(multipart, { limits: { files: 1, fields: 5, fileSize: config.attachmentMaxBytes + 1 } });
  await app.register(metricsPlugin);
  await app.register(openapiPlugin, { appUrl: config.appUrl, version: VERSION });
  await app.register(authPlugin, { config });

  // Capabilities
  await app.register(healthRoutes, { jobsInProcess: config.jobs === 'inline', metricsToken: config.metricsToken });
  await app.register(identityRoutes, { appUrl: config.appUrl, authSecret: config.secrets.authSecret });
  await app.register(accessRoutes, { appUrl: config.appUrl });
  await app.register(auditRoutes);
  await app.register(flagsRoutes);
  await app.register(adminRoutes);
  await app.register(customersRoutes);
  await app.register(policiesRoutes);
  await app.register(notesRoutes);
  await app.register(viewsRoutes);
  await app.register(ticketsRoutes, {
    storage,
    maxAttachmentBytes: config.attachmentMaxBytes,
    // Assignment emails go out through the job queue right away; a cron sweep catches any missed wake-up.
    wakeMailer: () => {
      app.jobs.utils
        .addJob('notifications_email', {}, { jobKey: 'notifications_email', maxAttempts: 3 })
        .catch((err: unknown) => app.log.error({ err }, 'could not queue notification emails'));
    },
  });
  await app.register(notificationsRoutes);
  await app.register(realtimeRoutes, { appUrl: config.appUrl, accessCheckMs: config.realtimeAccessCheckMs });
  await app.register(commandCenterRoutes);
  await app.register(exportsRoutes);
  await app.register(exportJobsRoutes, { storage });
  await app.register(scheduledExportsRoutes);
  await app.register(importsRoutes, { storage, maxBytes: config.importMaxBytes });
  await app.register(backupsRoutes, { dir: config.backupDir, retention: config.backupRetention });
  await app.register(workspaceDeletionRoutes, { storage, appUrl: config.appUrl, graceHours: config.workspaceDeletionGraceHours });

  // Last: the web app and the 404s.
  await app.register(webPlugin, { dist: config.webDist });
  return app;
}
