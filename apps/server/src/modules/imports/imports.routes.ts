import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '@grip/contracts/common';
import {
  createImportTemplateBody,
  importDetailSchema,
  importEntitySchema,
  importJobSchema,
  importListQuery,
  importPreviewSchema,
  importTemplateSchema,
  startImportBody,
  undoImportResultSchema,
  updateImportBody,
} from '@grip/contracts/imports';
import { accessOf, auditMetaOf, callerOf, tenantOf } from '../../plugins/auth.ts';
import { fieldError } from '../../lib/cursor.ts';
import { copyCsv } from '../../lib/csv-export.ts';
import type { Storage } from '../../lib/storage.ts';
import * as imports from './imports.service.ts';

const ws = z.object({ workspace: z.string().min(1).max(60) });
const one = ws.extend({ importId: z.uuid() });
const tags = ['imports'];
const permission = 'imports:run';

/**
 * The import wizard's API: upload a file, choose the mapping (with a preview checked by the real engine), run it
 * as a job with progress, read the error report, undo it. Each import also needs the record kind's own
 * create (and, to update, update) permission.
 */
export const importsRoutes: FastifyPluginAsyncZod<{ storage: Storage; maxBytes: number }> = async (app, opts) => {
  const base = '/api/v1/w/:workspace';
  const { storage } = opts;
  const enqueue = async (workspaceId: string, importId: string) => {
    await app.jobs.utils.addJob('imports_run', { workspaceId, importId }, { jobKey: `import:${importId}`, maxAttempts: 3 });
  };

  app.post(`${base}/imports`, {
    config: { permission },
    schema: {
      tags,
      summary: 'Upload a CSV or XLSX file to import (multipart field `file`); detects encoding and delimiter and suggests a mapping',
      consumes: ['multipart/form-data'],
      params: ws,
      querystring: z.object({ entity: importEntitySchema }),
      response: { 201: importDetailSchema, 413: errorResponses[400], 415: errorResponses[400], ...errorResponses },
    },
  }, async (request, reply) => {
    if (!request.isMultipart()) throw fieldError('validation_failed', 400, 'body.file', 'send the file as multipart/form-data in a field named file');
    const file = await request.file({ limits: { fileSize: opts.maxBytes + 1, files: 1 } });
    if (!file || file.fieldname !== 'file') throw fieldError('validation_failed', 400, 'body.file', 'is required');
    const created = await imports.uploadImport(app.db.app, storage, callerOf(request), accessOf(request).grants, request.query.entity, { filename: file.filename, stream: file.file }, opts.maxBytes, auditMetaOf(request));
    return reply.status(201).send(created);
  });

  app.get(`${base}/imports`, {
    config: { permission },
    schema: { tags, summary: 'Import history, newest first', params: ws, querystring: importListQuery, response: { 200: z.object({ items: z.array(importJobSchema), nextCursor: z.string().nullable() }), ...errorResponses } },
  }, async (request) => imports.listImports(app.db.app, tenantOf(request), request.query));

  app.get(`${base}/imports/:importId`, {
    config: { permission },
    schema: { tags, summary: 'An import: settings, progress and counts', params: one, response: { 200: importDetailSchema, ...errorResponses } },
  }, async (request) => imports.getImport(app.db.app, tenantOf(request), request.params.importId));

  app.patch(`${base}/imports/:importId`, {
    config: { permission },
    schema: { tags, summary: 'Change encoding, delimiter, mapping or duplicate handling (before the import runs)', params: one, body: updateImportBody, response: { 200: importDetailSchema, ...errorResponses } },
  }, async (request) => imports.updateImport(app.db.app, storage, tenantOf(request), request.params.importId, request.body));

  app.get(`${base}/imports/:importId/preview`, {
    config: { permission },
    schema: { tags, summary: 'The first 50 rows checked by the import engine, without writing anything', params: one, response: { 200: importPreviewSchema, ...errorResponses } },
  }, async (request) => imports.previewImport(app.db.app, storage, callerOf(request), accessOf(request).grants, request.params.importId));

  app.post(`${base}/imports/:importId/start`, {
    config: { permission },
    schema: { tags, summary: 'Run the import as a job (or a dry run that writes nothing)', params: one, body: startImportBody, response: { 202: importJobSchema, ...errorResponses } },
  }, async (request, reply) => {
    const caller = callerOf(request);
    const job = await imports.startImport(app.db.app, caller, accessOf(request).grants, request.params.importId, request.body, (id) => enqueue(caller.workspaceId, id), auditMetaOf(request));
    return reply.status(202).send(job);
  });

  app.post(`${base}/imports/:importId/cancel`, {
    config: { permission },
    schema: { tags, summary: 'Cancel an import that has not finished writing', params: one, response: { 200: importJobSchema, ...errorResponses } },
  }, async (request) => imports.cancelImport(app.db.app, callerOf(request), request.params.importId, auditMetaOf(request)));

  app.get(`${base}/imports/:importId/errors.csv`, {
    config: { permission },
    schema: { tags, summary: 'The error report: row, column, value and reason of every problem', params: one, response: { 200: z.string(), ...errorResponses } },
  }, async (request, reply) => {
    const ctx = tenantOf(request);
    const job = await imports.assertImport(app.db.app, ctx, request.params.importId);
    const stream = await copyCsv(app.db.app, ctx, imports.errorReportSelect(ctx, job.id), { bom: false });
    const name = job.fileName.replace(/\.[^.]*$/, '').replace(/[^\w.-]+/g, '_').slice(0, 80) || 'import';
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}-errors.csv"`)
      .header('cache-control', 'private, no-store')
      .send(stream as unknown as string);
  });

  app.post(`${base}/imports/:importId/undo`, {
    config: { permission },
    schema: { tags, summary: 'Undo an import: remove what it created (customers go to the trash), restore what it updated', params: one, response: { 200: undoImportResultSchema, ...errorResponses } },
  }, async (request) => imports.undoImport(app.db.app, callerOf(request), accessOf(request).grants, request.params.importId, auditMetaOf(request)));

  app.get(`${base}/import-templates`, {
    config: { permission },
    schema: { tags, summary: 'Saved mappings', params: ws, querystring: z.object({ entity: importEntitySchema.optional() }), response: { 200: z.object({ items: z.array(importTemplateSchema) }), ...errorResponses } },
  }, async (request) => imports.listTemplates(app.db.app, tenantOf(request), request.query.entity));

  app.post(`${base}/import-templates`, {
    config: { permission },
    schema: { tags, summary: 'Save a mapping as a template (same name: replaced)', params: ws, body: createImportTemplateBody, response: { 201: importTemplateSchema, ...errorResponses } },
  }, async (request, reply) => reply.status(201).send(await imports.createTemplate(app.db.app, callerOf(request), request.body, auditMetaOf(request))));

  app.delete(`${base}/import-templates/:templateId`, {
    config: { permission },
    schema: { tags, summary: 'Delete a template', params: ws.extend({ templateId: z.uuid() }), response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    await imports.deleteTemplate(app.db.app, callerOf(request), request.params.templateId, auditMetaOf(request));
    return reply.status(204).send(null);
  });
};
