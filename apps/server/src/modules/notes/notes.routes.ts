import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, pageOf, pageQuerySchema } from '@grip/contracts/common';
import { noteBody, noteSchema } from '@grip/contracts/notes';
import { accessOf, auditMetaOf, callerOf } from '../../plugins/auth.ts';
import * as notes from './notes.service.ts';

const errors = errorResponses;
const ws = z.object({ workspace: z.string().min(1).max(60) });
const tags = ['notes'];

export const notesRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/api/v1/w/:workspace/customers/:customerId/notes', {
    config: { permission: 'notes:read' },
    schema: { tags, summary: 'Internal notes on a customer, newest first', params: ws.extend({ customerId: z.uuid() }), querystring: pageQuerySchema, response: { 200: pageOf(noteSchema), ...errors } },
  }, async (request) => notes.listNotes(app.db.app, callerOf(request), accessOf(request).grants, request.params.customerId, request.query));

  app.post('/api/v1/w/:workspace/customers/:customerId/notes', {
    config: { permission: 'notes:create' },
    schema: { tags, summary: 'Write a note on a customer', params: ws.extend({ customerId: z.uuid() }), body: noteBody, response: { 201: noteSchema, ...errors } },
  }, async (request, reply) =>
    reply.status(201).send(await notes.createNote(app.db.app, callerOf(request), accessOf(request).grants, request.params.customerId, request.body.body, auditMetaOf(request))),
  );

  app.patch('/api/v1/w/:workspace/notes/:noteId', {
    config: { permission: 'notes:update' },
    schema: { tags, summary: 'Edit a note (scope own: only your own)', params: ws.extend({ noteId: z.uuid() }), body: noteBody, response: { 200: noteSchema, ...errors } },
  }, async (request) => notes.updateNote(app.db.app, callerOf(request), accessOf(request).grants, request.params.noteId, request.body.body, auditMetaOf(request)));

  app.delete('/api/v1/w/:workspace/notes/:noteId', {
    config: { permission: 'notes:delete' },
    schema: { tags, summary: 'Delete a note (scope own: only your own)', params: ws.extend({ noteId: z.uuid() }), response: { 204: z.null(), ...errors } },
  }, async (request, reply) => {
    await notes.deleteNote(app.db.app, callerOf(request), accessOf(request).grants, request.params.noteId, auditMetaOf(request));
    return reply.status(204).send(null);
  });
};
