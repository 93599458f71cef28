import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '@grip/contracts/common';
import { customerListQuery } from '@grip/contracts/customers';
import { ticketListQuery } from '@grip/contracts/tickets';
import { callerOf } from '../../plugins/auth.ts';
import { copyCsv, pickColumns } from '../../lib/csv-export.ts';
import { CUSTOMER_EXPORT_COLUMNS, customerExportSelect } from '../customers/customers.service.ts';
import { TICKET_EXPORT_COLUMNS, ticketExportSelect } from '../tickets/tickets.service.ts';

const ws = z.object({ workspace: z.string().min(1).max(60) });
const exportOptions = z.object({
  /** Comma-separated columns (default: all, in their order). */
  fields: z.string().max(2000).optional(),
  /** A UTF-8 byte-order mark first, for Excel. */
  bom: z.enum(['true', 'false']).optional(),
});
const tags = ['exports'];
const csv = { 200: z.string(), ...errorResponses };

/**
 * Streaming CSV exports of the lists: the same filters and sort as the list, every matching row, under the
 * caller's scope. PostgreSQL writes the CSV (COPY), so memory stays flat however large the export.
 */
export const exportsRoutes: FastifyPluginAsyncZod = async (app) => {
  const today = () => new Date().toISOString().slice(0, 10);
  app.get('/api/v1/w/:workspace/customers/export.csv', {
    config: { permission: 'customers:read' },
    schema: {
      tags,
      summary: `Export customers as CSV (fields: ${CUSTOMER_EXPORT_COLUMNS.map((c) => c.key).join(', ')})`,
      params: ws,
      querystring: customerListQuery.omit({ limit: true, cursor: true }).extend(exportOptions.shape),
      response: csv,
    },
  }, async (request, reply) => {
    const { fields, bom, ...list } = request.query;
    const caller = callerOf(request);
    const select = await customerExportSelect(app.db.app, caller, list, pickColumns(CUSTOMER_EXPORT_COLUMNS, fields));
    const stream = await copyCsv(app.db.app, caller, select, { bom: bom === 'true' });
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="customers-${today()}.csv"`)
      .header('cache-control', 'private, no-store')
      // A stream is sent as is (the 200 schema documents it as text for the OpenAPI document).
      .send(stream as unknown as string);
  });

  app.get('/api/v1/w/:workspace/tickets/export.csv', {
    config: { permission: 'tickets:read' },
    schema: {
      tags,
      summary: `Export tickets as CSV (fields: ${TICKET_EXPORT_COLUMNS.map((c) => c.key).join(', ')})`,
      params: ws,
      querystring: ticketListQuery.omit({ limit: true, cursor: true }).extend(exportOptions.shape),
      response: csv,
    },
  }, async (request, reply) => {
    const { fields, bom, ...list } = request.query;
    const caller = callerOf(request);
    const stream = await copyCsv(app.db.app, caller, ticketExportSelect(caller, list, pickColumns(TICKET_EXPORT_COLUMNS, fields)), { bom: bom === 'true' });
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="tickets-${today()}.csv"`)
      .header('cache-control', 'private, no-store')
      // A stream is sent as is (the 200 schema documents it as text for the OpenAPI document).
      .send(stream as unknown as string);
  });
};
