import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, pageQuerySchema } from '@grip/contracts/common';
import { createExportJobBody, exportJobPageSchema, exportJobSchema } from '@grip/contracts/exports';
import type { Storage } from '../../lib/storage.ts';
import { accessOf, callerOf } from '../../plugins/auth.ts';
import * as jobs from './export-jobs.service.ts';
import { CONTENT_TYPES } from './exports.service.ts';

const ws = z.object({ workspace: z.string().min(1).max(60) });
const one = ws.extend({ exportId: z.uuid() });
const tags = ['exports'];
const errors = errorResponses;
const file = { 200: z.string(), 410: errors[404], ...errors };

/**
 * Export jobs: large exports written to a file in the background, then downloaded (signed in, or through the
 * emailed link). Each route needs workspace:read; the job's kind of record needs its read permission, checked in
 * the service (a job of records the caller may not read does not exist for them).
 */
export const exportJobsRoutes: FastifyPluginAsyncZod<{ storage: Storage }> = async (app, opts) => {
  const base = '/api/v1/w/:workspace/exports';
  const send = (reply: FastifyReply, f: jobs.ExportFile) =>
    reply
      .header('content-type', CONTENT_TYPES[f.format])
      .header('content-length', String(f.size))
      .header('content-disposition', `attachment; filename="${f.fileName}"`)
      .header('cache-control', 'private, no-store')
      .send(f.stream as unknown as string);

  app.post(base, {
    config: { permission: 'workspace:read' },
    schema: {
      tags,
      summary: 'Start an export in the background (needs the read permission of its records; the caller’s scope applies)',
      description: '`query` is the list’s querystring as an object (filters and sort, e.g. `{"status":"lead","sort":"-name"}`); `fields` the columns. Poll GET /exports/{exportId} for progress, then download.',
      params: ws,
      body: createExportJobBody,
      response: { 202: exportJobSchema, ...errors },
    },
  }, async (request, reply) => {
    const caller = callerOf(request);
    const job = await jobs.createExportJob(app.db.app, caller, accessOf(request).grants, request.body, async (jobId) => {
      await app.jobs.utils.addJob('export_run', { workspaceId: caller.workspaceId, jobId }, { jobKey: `export:${jobId}`, maxAttempts: 1 });
    });
    return reply.status(202).send(job);
  });

  app.get(base, {
    config: { permission: 'workspace:read' },
    schema: { tags, summary: 'Recent exports, newest first (those of records the caller may read; scope own: their own)', params: ws, querystring: pageQuerySchema, response: { 200: exportJobPageSchema, ...errors } },
  }, async (request) => jobs.listExportJobs(app.db.app, callerOf(request), accessOf(request).grants, request.query));

  app.get(`${base}/:exportId`, {
    config: { permission: 'workspace:read' },
    schema: { tags, summary: 'An export and its progress (rowsDone of rowsTotal)', params: one, response: { 200: exportJobSchema, ...errors } },
  }, async (request) => jobs.getExportJob(app.db.app, callerOf(request), accessOf(request).grants, request.params.exportId));

  app.post(`${base}/:exportId/cancel`, {
    config: { permission: 'workspace:read' },
    schema: { tags, summary: 'Cancel an export that has not finished (409 when it has)', params: one, response: { 200: exportJobSchema, ...errors } },
  }, async (request) => jobs.cancelExportJob(app.db.app, callerOf(request), accessOf(request).grants, request.params.exportId));

  app.get(`${base}/:exportId/download`, {
    config: { permission: 'workspace:read' },
    schema: { tags, summary: 'Download the file of a finished export (410 once it has expired)', params: one, response: file },
  }, async (request, reply) => send(reply, await jobs.downloadExportJob(app.db.app, opts.storage, callerOf(request), accessOf(request).grants, request.params.exportId)));

  app.get('/api/v1/export-downloads/:token', {
    config: { permission: 'public', rateLimit: { max: 60, timeWindow: '1 minute' } },
    schema: {
      tags,
      summary: 'Download an export through the link that was mailed (404 unknown link, 410 expired)',
      params: z.object({ token: z.string().min(1).max(200) }),
      response: file,
    },
  }, async (request, reply) => send(reply, await jobs.downloadByToken(app.db.app, opts.storage, request.params.token)));
};
