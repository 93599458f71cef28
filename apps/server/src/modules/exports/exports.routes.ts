import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '@grip/contracts/common';
import { EXPORT_ENTITIES } from '@grip/contracts/exports';
import { callerOf } from '../../plugins/auth.ts';
import { CONTENT_TYPES, EXPORT_SOURCES, downloadSelect, exportQueries, exportStream, fileNameOf } from './exports.service.ts';

const ws = z.object({ workspace: z.string().min(1).max(60) });
const exportOptions = z.object({
  /** Comma-separated columns (default: all, in their order). */
  fields: z.string().max(2000).optional(),
  /** A UTF-8 byte-order mark first, for Excel (CSV only). */
  bom: z.enum(['true', 'false']).optional(),
});
const tags = ['exports'];
const file = { 200: z.string(), ...errorResponses };

/**
 * Streaming exports of the lists, as CSV or XLSX: the same filters and sort as the list, every matching row, under
 * the caller's scope. PostgreSQL writes the CSV (COPY) and the XLSX is written row by row from it, so memory stays
 * flat however large the export.
 */
export const exportsRoutes: FastifyPluginAsyncZod = async (app) => {
  for (const entity of EXPORT_ENTITIES) {
    const source = EXPORT_SOURCES[entity];
    for (const format of ['csv', 'xlsx'] as const) {
      app.get(`/api/v1/w/:workspace/${entity}/export.${format}`, {
        config: { permission: source.permission },
        schema: {
          tags,
          summary: `Export ${entity} as ${format.toUpperCase()} (fields: ${source.columns.map((c) => c.key).join(', ')})`,
          params: ws,
          querystring: exportQueries[entity].extend(exportOptions.shape),
          response: file,
        },
      }, async (request, reply) => {
        const { fields, bom, ...list } = request.query as z.output<typeof exportOptions> & Record<string, unknown>;
        const caller = callerOf(request);
        const select = await downloadSelect(app.db.app, caller, entity, list, fields);
        const stream = await exportStream(app.db.app, caller, entity, format, select, { bom: bom === 'true' });
        return reply
          .header('content-type', CONTENT_TYPES[format])
          .header('content-disposition', `attachment; filename="${fileNameOf(entity, format)}"`)
          .header('cache-control', 'private, no-store')
          // A stream is sent as is (the 200 schema documents it as text for the OpenAPI document).
          .send(stream as unknown as string);
      });
    }
  }
};
