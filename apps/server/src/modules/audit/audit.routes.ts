import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, pageOf } from '@grip/contracts/common';
import { auditEntrySchema, auditQuerySchema } from '@grip/contracts/access';
import { accessOf, tenantOf } from '../../plugins/auth.ts';
import { auditCsv, listAudit } from './audit.service.ts';

const errors = errorResponses;
const ws = z.object({ workspace: z.string().min(1).max(60) });

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/api/v1/w/:workspace/audit', {
    config: { permission: 'audit:read' },
    schema: { tags: ['audit'], summary: 'Audit log, newest first, filtered', params: ws, querystring: auditQuerySchema, response: { 200: pageOf(auditEntrySchema), ...errors } },
  }, async (request) => listAudit(app.db.app, tenantOf(request), request.query));

  app.get('/api/v1/w/:workspace/audit/export.csv', {
    config: { permission: 'audit:export' },
    schema: {
      tags: ['audit'],
      summary: 'The filtered audit log as CSV (streamed; formula-safe)',
      params: ws,
      querystring: auditQuerySchema.omit({ limit: true, cursor: true }),
      response: { 200: z.string(), ...errors },
    },
  }, async (request, reply) => {
    const name = `audit-${accessOf(request).workspace.slug}-${new Date().toISOString().slice(0, 10)}.csv`;
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}"`)
      .header('x-content-type-options', 'nosniff')
      // A stream is sent as is (the 200 schema documents it as text for the OpenAPI document).
      .send(Readable.from(auditCsv(app.db.app, tenantOf(request), request.query)) as unknown as string);
  });
};
