import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '@grip/contracts/common';
import { createViewBody, lastViewSchema, savedViewSchema, updateViewBody, viewResourceSchema, viewStateSchema } from '@grip/contracts/customers';
import { accessOf, callerOf } from '../../plugins/auth.ts';
import * as views from './views.service.ts';

const errors = errorResponses;
const ws = z.object({ workspace: z.string().min(1).max(60) });
const tags = ['views'];

export const viewsRoutes: FastifyPluginAsyncZod = async (app) => {
  const base = '/api/v1/w/:workspace/views';
  app.get(base, {
    config: { permission: 'workspace:read' },
    schema: { tags, summary: 'Saved views of a list: mine and shared ones', params: ws, querystring: z.object({ resource: viewResourceSchema }), response: { 200: z.object({ items: z.array(savedViewSchema) }), ...errors } },
  }, async (request) => views.listViews(app.db.app, callerOf(request), accessOf(request).grants, request.query.resource));

  app.post(base, {
    config: { permission: 'workspace:read' },
    schema: { tags, summary: 'Save a view (sharing needs views:share)', params: ws, body: createViewBody, response: { 201: savedViewSchema, ...errors } },
  }, async (request, reply) => reply.status(201).send(await views.createView(app.db.app, callerOf(request), accessOf(request).grants, request.body)));

  app.get(`${base}/last`, {
    config: { permission: 'workspace:read' },
    schema: { tags, summary: 'What I last looked at on a list', params: ws, querystring: z.object({ resource: viewResourceSchema }), response: { 200: lastViewSchema, ...errors } },
  }, async (request) => views.getLastView(app.db.app, callerOf(request), accessOf(request).grants, request.query.resource));

  app.put(`${base}/last`, {
    config: { permission: 'workspace:read' },
    schema: {
      tags,
      summary: 'Remember what I look at on a list',
      params: ws,
      body: z.object({ resource: viewResourceSchema, viewId: z.uuid().nullable(), state: viewStateSchema.nullable() }),
      response: { 200: lastViewSchema, ...errors },
    },
  }, async (request) => views.putLastView(app.db.app, callerOf(request), accessOf(request).grants, request.body));

  app.patch(`${base}/:viewId`, {
    config: { permission: 'workspace:read' },
    schema: { tags, summary: 'Rename, share or update a view of mine', params: ws.extend({ viewId: z.uuid() }), body: updateViewBody, response: { 200: savedViewSchema, ...errors } },
  }, async (request) => views.updateView(app.db.app, callerOf(request), accessOf(request).grants, request.params.viewId, request.body));

  app.delete(`${base}/:viewId`, {
    config: { permission: 'workspace:read' },
    schema: { tags, summary: 'Delete a view of mine (or a shared one, with views:share)', params: ws.extend({ viewId: z.uuid() }), response: { 204: z.null(), ...errors } },
  }, async (request, reply) => {
    await views.deleteView(app.db.app, callerOf(request), accessOf(request).grants, request.params.viewId);
    return reply.status(204).send(null);
  });
};
