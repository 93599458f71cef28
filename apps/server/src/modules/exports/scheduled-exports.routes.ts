import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, pageQuerySchema } from '@grip/contracts/common';
import {
  createScheduledExportBody,
  scheduledExportPageSchema,
  scheduledExportRunPageSchema,
  scheduledExportRunSchema,
  scheduledExportSchema,
  updateScheduledExportBody,
} from '@grip/contracts/exports';
import { accessOf, auditMetaOf, callerOf } from '../../plugins/auth.ts';
import * as schedules from './scheduled-exports.service.ts';

const ws = z.object({ workspace: z.string().min(1).max(60) });
const one = ws.extend({ scheduleId: z.uuid() });
const tags = ['exports'];
const errors = errorResponses;
const permission = 'exports:schedule';

/**
 * Scheduled exports: recurring exports mailed to recipients. Every route needs exports:schedule; creating or
 * changing one also needs the read permission of its records (checked in the service).
 */
export const scheduledExportsRoutes: FastifyPluginAsyncZod = async (app) => {
  const base = '/api/v1/w/:workspace/scheduled-exports';
  const enqueue = (workspaceId: string) => async (runId: string) => {
    await app.jobs.utils.addJob('scheduled_export_run', { workspaceId, runId }, { jobKey: `scheduled-run:${runId}`, maxAttempts: 1 });
  };

  app.get(base, {
    config: { permission },
    schema: { tags, summary: 'Scheduled exports, newest first, with their next run and the last run’s outcome', params: ws, querystring: pageQuerySchema, response: { 200: scheduledExportPageSchema, ...errors } },
  }, async (request) => schedules.listSchedules(app.db.app, callerOf(request), request.query));

  app.post(base, {
    config: { permission },
    schema: {
      tags,
      summary: 'Schedule an export (daily, weekly or monthly at a time in a time zone), mailed to 1–20 recipients',
      description: '`filter` is the list’s querystring as an object (e.g. `{"status":"active","tags":"vip"}`); `fields` the columns (all when empty). Weekly needs `dayOfWeek` (0 = Sunday), monthly `dayOfMonth` (1–28).',
      params: ws,
      body: createScheduledExportBody,
      response: { 201: scheduledExportSchema, ...errors },
    },
  }, async (request, reply) => reply.status(201).send(await schedules.createSchedule(app.db.app, callerOf(request), accessOf(request).grants, request.body, auditMetaOf(request))));

  app.get(`${base}/:scheduleId`, {
    config: { permission },
    schema: { tags, summary: 'A scheduled export', params: one, response: { 200: scheduledExportSchema, ...errors } },
  }, async (request) => schedules.getSchedule(app.db.app, callerOf(request), request.params.scheduleId));

  app.patch(`${base}/:scheduleId`, {
    config: { permission },
    schema: { tags, summary: 'Change a scheduled export; a stale version gets 409 version_conflict with the current one', params: one, body: updateScheduledExportBody, response: { 200: scheduledExportSchema, ...errors } },
  }, async (request) => schedules.updateSchedule(app.db.app, callerOf(request), accessOf(request).grants, request.params.scheduleId, request.body, auditMetaOf(request)));

  app.post(`${base}/:scheduleId/pause`, {
    config: { permission },
    schema: { tags, summary: 'Pause a scheduled export (no runs until it is resumed)', params: one, response: { 200: scheduledExportSchema, ...errors } },
  }, async (request) => schedules.setPaused(app.db.app, callerOf(request), accessOf(request).grants, request.params.scheduleId, true, auditMetaOf(request)));

  app.post(`${base}/:scheduleId/resume`, {
    config: { permission },
    schema: { tags, summary: 'Resume a paused scheduled export (the next run is computed from now)', params: one, response: { 200: scheduledExportSchema, ...errors } },
  }, async (request) => schedules.setPaused(app.db.app, callerOf(request), accessOf(request).grants, request.params.scheduleId, false, auditMetaOf(request)));

  app.delete(`${base}/:scheduleId`, {
    config: { permission },
    schema: { tags, summary: 'Delete a scheduled export and its run history', params: one, response: { 204: z.null(), ...errors } },
  }, async (request, reply) => {
    await schedules.deleteSchedule(app.db.app, callerOf(request), request.params.scheduleId, auditMetaOf(request));
    return reply.status(204).send(null);
  });

  app.post(`${base}/:scheduleId/run`, {
    config: { permission },
    schema: { tags, summary: 'Run a scheduled export now (its clock is not changed); follow it in its runs', params: one, response: { 202: scheduledExportRunSchema, ...errors } },
  }, async (request, reply) => {
    const caller = callerOf(request);
    return reply.status(202).send(await schedules.runNow(app.db.app, caller, accessOf(request).grants, request.params.scheduleId, auditMetaOf(request), enqueue(caller.workspaceId)));
  });

  app.get(`${base}/:scheduleId/runs`, {
    config: { permission },
    schema: { tags, summary: 'The runs of a scheduled export, newest first', params: one, querystring: pageQuerySchema, response: { 200: scheduledExportRunPageSchema, ...errors } },
  }, async (request) => schedules.listRuns(app.db.app, callerOf(request), request.params.scheduleId, request.query));
};
