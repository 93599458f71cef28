import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, pageQuerySchema } from '@grip/contracts/common';
import { countSchema } from '@grip/contracts/customers';
import {
  assignBody,
  attachmentSchema,
  boardQuery,
  boardSchema,
  createMessageBody,
  createPipelineBody,
  createStageBody,
  createTicketBody,
  draftKeySchema,
  draftSchema,
  historyPageSchema,
  messagePageSchema,
  messageSchema,
  pipelineListSchema,
  pipelineSchema,
  reorderStagesBody,
  saveDraftBody,
  ticketBulkBody,
  ticketBulkJobSchema,
  ticketListQuery,
  ticketPageSchema,
  ticketSchema,
  ticketSettingsSchema,
  transitionBody,
  updatePipelineBody,
  updateStageBody,
  updateTicketBody,
  updateTicketSettingsBody,
} from '@grip/contracts/tickets';
import { AppError } from '../../plugins/errors.ts';
import { accessOf, auditMetaOf, callerOf, tenantOf } from '../../plugins/auth.ts';
import type { Storage } from '../../lib/storage.ts';
import * as pipelines from './pipelines.service.ts';
import * as tickets from './tickets.service.ts';
import * as messages from './messages.service.ts';
import * as drafts from './drafts.service.ts';
import * as bulk from './bulk.service.ts';

const errors = errorResponses;
const ws = z.object({ workspace: z.string().min(1).max(60) });
const onePipeline = ws.extend({ pipelineId: z.uuid() });
const oneStage = onePipeline.extend({ stageId: z.uuid() });
const one = ws.extend({ ticketId: z.uuid() });
const tags = ['tickets'];

export const ticketsRoutes: FastifyPluginAsyncZod<{ storage: Storage; maxAttachmentBytes: number; wakeMailer: () => void }> = async (app, opts) => {
  const base = '/api/v1/w/:workspace';
  const { storage, wakeMailer } = opts;
  const afterEmails = (effects: tickets.Effects) => {
    if (effects.emails > 0) wakeMailer();
  };

  // ───────────── pipelines and SLA
  app.get(`${base}/pipelines`, {
    config: { permission: 'tickets:read' },
    schema: { tags, summary: 'Pipelines with their stages (the default first)', params: ws, response: { 200: pipelineListSchema, ...errors } },
  }, async (request) => ({ items: await pipelines.listPipelines(app.db.app, tenantOf(request)), nextCursor: null }));

  app.post(`${base}/pipelines`, {
    config: { permission: 'tickets:configure' },
    schema: { tags, summary: 'Create a pipeline (default stages unless given)', params: ws, body: createPipelineBody, response: { 201: pipelineSchema, ...errors } },
  }, async (request, reply) => reply.status(201).send(await pipelines.createPipeline(app.db.app, tenantOf(request), request.body, auditMetaOf(request))));

  app.patch(`${base}/pipelines/:pipelineId`, {
    config: { permission: 'tickets:configure' },
    schema: { tags, summary: 'Rename a pipeline or make it the default', params: onePipeline, body: updatePipelineBody, response: { 200: pipelineSchema, ...errors } },
  }, async (request) => pipelines.updatePipeline(app.db.app, tenantOf(request), request.params.pipelineId, request.body, auditMetaOf(request)));

  app.delete(`${base}/pipelines/:pipelineId`, {
    config: { permission: 'tickets:configure' },
    schema: { tags, summary: 'Remove an empty pipeline that is not the default', params: onePipeline, response: { 204: z.null(), ...errors } },
  }, async (request, reply) => {
    await pipelines.deletePipeline(app.db.app, tenantOf(request), request.params.pipelineId, auditMetaOf(request));
    return reply.status(204).send(null);
  });

  app.post(`${base}/pipelines/:pipelineId/stages`, {
    config: { permission: 'tickets:configure' },
    schema: { tags, summary: 'Add a stage', params: onePipeline, body: createStageBody, response: { 201: pipelineSchema, ...errors } },
  }, async (request, reply) => reply.status(201).send(await pipelines.addStage(app.db.app, tenantOf(request), request.params.pipelineId, request.body, auditMetaOf(request))));

  app.patch(`${base}/pipelines/:pipelineId/stages/:stageId`, {
    config: { permission: 'tickets:configure' },
    schema: { tags, summary: 'Rename a stage or change its category (tickets in it follow: done completes them)', params: oneStage, body: updateStageBody, response: { 200: pipelineSchema, ...errors } },
  }, async (request) => pipelines.updateStage(app.db.app, tenantOf(request), request.params.pipelineId, request.params.stageId, request.body, auditMetaOf(request)));

  app.put(`${base}/pipelines/:pipelineId/stage-order`, {
    config: { permission: 'tickets:configure' },
    schema: { tags, summary: 'Reorder the stages (every stage id, in the new order)', params: onePipeline, body: reorderStagesBody, response: { 200: pipelineSchema, ...errors } },
  }, async (request) => pipelines.reorderStages(app.db.app, tenantOf(request), request.params.pipelineId, request.body.stageIds, auditMetaOf(request)));

  app.delete(`${base}/pipelines/:pipelineId/stages/:stageId`, {
    config: { permission: 'tickets:configure' },
    schema: { tags, summary: 'Remove a stage; one that still holds tickets gets 409 stage_not_empty', params: oneStage, response: { 200: pipelineSchema, ...errors } },
  }, async (request) => pipelines.removeStage(app.db.app, tenantOf(request), request.params.pipelineId, request.params.stageId, auditMetaOf(request)));

  app.get(`${base}/ticket-settings`, {
    config: { permission: 'tickets:read' },
    schema: { tags, summary: 'SLA targets (minutes to resolve, by priority)', params: ws, response: { 200: ticketSettingsSchema, ...errors } },
  }, async (request) => pipelines.getSettings(app.db.app, tenantOf(request)));

  app.put(`${base}/ticket-settings`, {
    config: { permission: 'tickets:configure' },
    schema: { tags, summary: 'Set the SLA targets (apply to new and re-prioritised tickets)', params: ws, body: updateTicketSettingsBody, response: { 200: ticketSettingsSchema, ...errors } },
  }, async (request) => pipelines.updateSettings(app.db.app, tenantOf(request), request.body.slaMinutes, auditMetaOf(request)));

  // ───────────── tickets
  app.get(`${base}/tickets`, {
    config: { permission: 'tickets:read' },
    schema: { tags, summary: 'Tickets, filtered and sorted (keyset pages)', params: ws, querystring: ticketListQuery, response: { 200: ticketPageSchema, ...errors } },
  }, async (request) => tickets.listTickets(app.db.app, callerOf(request), request.query));

  app.get(`${base}/tickets/count`, {
    config: { permission: 'tickets:read' },
    schema: { tags, summary: 'How many tickets match (counted up to 10,000)', params: ws, querystring: ticketListQuery.omit({ sort: true, limit: true, cursor: true }), response: { 200: countSchema, ...errors } },
  }, async (request) => tickets.countTickets(app.db.app, callerOf(request), request.query));

  app.get(`${base}/tickets/board`, {
    config: { permission: 'tickets:read' },
    schema: { tags, summary: 'The board: each stage with its count and most urgent tickets', params: ws, querystring: boardQuery, response: { 200: boardSchema, ...errors } },
  }, async (request) => tickets.getBoard(app.db.app, callerOf(request), request.query));

  app.post(`${base}/tickets`, {
    config: { permission: 'tickets:create' },
    schema: { tags, summary: 'Open a ticket for a customer (first stage, next number, SLA due date)', params: ws, body: createTicketBody, response: { 201: ticketSchema, ...errors } },
  }, async (request, reply) => {
    const effects = tickets.noEffects();
    const ticket = await tickets.createTicket(app.db.app, callerOf(request), accessOf(request).grants, request.body, auditMetaOf(request), effects);
    afterEmails(effects);
    return reply.status(201).send(ticket);
  });

  app.post(`${base}/tickets/bulk`, {
    config: { permission: 'tickets:update' },
    schema: {
      tags,
      summary: 'Assign, move, re-prioritise or close selected or all matching tickets',
      description: 'Up to 200 ids run at once (the answer is the finished job); larger selections run as a job: poll GET /tickets/bulk-jobs/{jobId}.',
      params: ws,
      body: ticketBulkBody,
      response: { 202: ticketBulkJobSchema, ...errors },
    },
  }, async (request, reply) => {
    const caller = callerOf(request);
    const { emails, ...job } = await bulk.startTicketBulk(app.db.app, caller, accessOf(request).grants, request.body, async (jobId) => {
      await app.jobs.utils.addJob('tickets_bulk', { workspaceId: caller.workspaceId, jobId }, { jobKey: `bulk:${jobId}`, maxAttempts: 3 });
    });
    afterEmails({ emails });
    return reply.status(202).send(job);
  });

  app.get(`${base}/tickets/bulk-jobs/:jobId`, {
    config: { permission: 'tickets:read' },
    schema: { tags, summary: 'Progress of a bulk change of tickets', params: ws.extend({ jobId: z.uuid() }), response: { 200: ticketBulkJobSchema, ...errors } },
  }, async (request) => bulk.getTicketBulkJob(app.db.app, callerOf(request), request.params.jobId));

  app.get(`${base}/tickets/bulk-jobs/:jobId/errors.csv`, {
    config: { permission: 'tickets:read' },
    schema: { tags, summary: 'The tickets a bulk change could not apply to, with the reason (CSV)', params: ws.extend({ jobId: z.uuid() }), response: { 200: z.string(), ...errors } },
  }, async (request, reply) => {
    const csv = await bulk.ticketBulkErrorsCsv(app.db.app, callerOf(request), request.params.jobId);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="bulk-${request.params.jobId}-errors.csv"`)
      .send(csv);
  });

  app.get(`${base}/tickets/:ticketId`, {
    config: { permission: 'tickets:read' },
    schema: { tags, summary: 'A ticket', params: one, response: { 200: ticketSchema, ...errors } },
  }, async (request) => tickets.getTicket(app.db.app, callerOf(request), request.params.ticketId));

  app.patch(`${base}/tickets/:ticketId`, {
    config: { permission: 'tickets:update' },
    schema: { tags, summary: 'Edit a ticket; a stale version gets 409 version_conflict with the current record', params: one, body: updateTicketBody, response: { 200: ticketSchema, ...errors } },
  }, async (request) => tickets.updateTicket(app.db.app, callerOf(request), request.params.ticketId, request.body, auditMetaOf(request)));

  app.post(`${base}/tickets/:ticketId/transition`, {
    config: { permission: 'tickets:update' },
    schema: { tags, summary: 'Move a ticket to another stage of its pipeline (recorded in its history)', params: one, body: transitionBody, response: { 200: ticketSchema, ...errors } },
  }, async (request) => tickets.transitionTicket(app.db.app, callerOf(request), request.params.ticketId, request.body, auditMetaOf(request)));

  app.post(`${base}/tickets/:ticketId/assign`, {
    config: { permission: 'tickets:assign' },
    schema: { tags, summary: 'Assign (a member or `me`) or unassign (null); the assignee is notified', params: one, body: assignBody, response: { 200: ticketSchema, ...errors } },
  }, async (request) => {
    const effects = tickets.noEffects();
    const ticket = await tickets.assignTicket(app.db.app, callerOf(request), accessOf(request).grants, request.params.ticketId, request.body, auditMetaOf(request), effects);
    afterEmails(effects);
    return ticket;
  });

  app.get(`${base}/tickets/:ticketId/history`, {
    config: { permission: 'tickets:read' },
    schema: { tags, summary: 'Stage transitions and changes of a ticket, newest first', params: one, querystring: pageQuerySchema, response: { 200: historyPageSchema, ...errors } },
  }, async (request) => tickets.ticketHistory(app.db.app, callerOf(request), request.params.ticketId, request.query));

  // ───────────── thread and attachments
  app.get(`${base}/tickets/:ticketId/messages`, {
    config: { permission: 'tickets:read' },
    schema: { tags, summary: 'The thread: public replies and internal notes, oldest first', params: one, querystring: pageQuerySchema, response: { 200: messagePageSchema, ...errors } },
  }, async (request) => messages.listMessages(app.db.app, callerOf(request), request.params.ticketId, request.query));

  app.post(`${base}/tickets/:ticketId/messages`, {
    config: { permission: 'tickets:update' },
    schema: { tags, summary: 'Reply (public) or add an internal note, with files uploaded before', params: one, body: createMessageBody, response: { 201: messageSchema, ...errors } },
  }, async (request, reply) => reply.status(201).send(await messages.postMessage(app.db.app, callerOf(request), request.params.ticketId, request.body, auditMetaOf(request))));

  app.post(`${base}/tickets/:ticketId/attachments`, {
    config: { permission: 'tickets:update' },
    schema: {
      tags,
      summary: 'Upload a file (multipart field `file`): 413 past the size limit, 415 when its content is not an allowed type',
      consumes: ['multipart/form-data'],
      params: one,
      response: { 201: attachmentSchema, 413: errors[400], 415: errors[400], ...errors },
    },
  }, async (request, reply) => {
    if (!request.isMultipart()) throw new AppError('validation_failed', 'body.file: send the file as multipart/form-data in a field named file', 400, { fields: [{ field: 'body.file', message: 'is required' }] });
    const file = await request.file();
    if (!file || file.fieldname !== 'file') throw new AppError('validation_failed', 'body.file: is required', 400, { fields: [{ field: 'body.file', message: 'is required' }] });
    const attachment = await messages.uploadAttachment(app.db.app, storage, callerOf(request), request.params.ticketId, { filename: file.filename, stream: file.file }, opts.maxAttachmentBytes);
    return reply.status(201).send(attachment);
  });

  app.get(`${base}/tickets/:ticketId/attachments/:attachmentId`, {
    config: { permission: 'tickets:read' },
    schema: { tags, summary: 'Download an attachment (always as a download, never rendered inline)', params: one.extend({ attachmentId: z.uuid() }) },
  }, async (request, reply) => {
    const { attachment, storageKey } = await messages.getAttachment(app.db.app, callerOf(request), request.params.ticketId, request.params.attachmentId);
    const ascii = attachment.filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
    return reply
      .header('content-type', attachment.contentType === 'text/plain' ? 'text/plain; charset=utf-8' : attachment.contentType)
      .header('content-length', attachment.size)
      .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(attachment.filename)}`)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cache-control', 'private, no-store')
      .send(storage.read(storageKey));
  });

  app.delete(`${base}/tickets/:ticketId/attachments/:attachmentId`, {
    config: { permission: 'tickets:update' },
    schema: { tags, summary: 'Remove a file you uploaded and have not posted yet', params: one.extend({ attachmentId: z.uuid() }), response: { 204: z.null(), ...errors } },
  }, async (request, reply) => {
    await messages.deletePendingAttachment(app.db.app, storage, callerOf(request), request.params.ticketId, request.params.attachmentId);
    return reply.status(204).send(null);
  });

  // ───────────── drafts
  const draftParams = ws.extend({ key: draftKeySchema });
  app.get(`${base}/drafts/:key`, {
    config: { permission: 'tickets:read' },
    schema: { tags, summary: 'Your auto-saved draft (404 when there is none)', params: draftParams, response: { 200: draftSchema, ...errors } },
  }, async (request) => drafts.getDraft(app.db.app, callerOf(request), request.params.key));

  app.put(`${base}/drafts/:key`, {
    config: { permission: 'tickets:read' },
    schema: { tags, summary: 'Save your draft', params: draftParams, body: saveDraftBody, response: { 200: draftSchema, ...errors } },
  }, async (request) => drafts.saveDraft(app.db.app, callerOf(request), request.params.key, request.body.body));

  app.delete(`${base}/drafts/:key`, {
    config: { permission: 'tickets:read' },
    schema: { tags, summary: 'Discard your draft', params: draftParams, response: { 204: z.null(), ...errors } },
  }, async (request, reply) => {
    await drafts.deleteDraft(app.db.app, callerOf(request), request.params.key);
    return reply.status(204).send(null);
  });
};
