import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '@grip/contracts/common';
import { createPolicyBody, policyListQuery, policyPageSchema, policySchema, updatePolicyBody } from '@grip/contracts/policies';
import { auditMetaOf, callerOf } from '../../plugins/auth.ts';
import * as policies from './policies.service.ts';

const errors = errorResponses;
const ws = z.object({ workspace: z.string().min(1).max(60) });
const one = ws.extend({ policyId: z.uuid() });
const tags = ['policies'];

export const policiesRoutes: FastifyPluginAsyncZod = async (app) => {
  const base = '/api/v1/w/:workspace/policies';
  app.get(base, {
    config: { permission: 'policies:read' },
    schema: { tags, summary: 'Policies across customers (filters include renewals due within N days)', params: ws, querystring: policyListQuery, response: { 200: policyPageSchema, ...errors } },
  }, async (request) => policies.listPolicies(app.db.app, callerOf(request), request.query));

  app.post(base, {
    config: { permission: 'policies:create' },
    schema: { tags, summary: 'Add a policy to a customer', params: ws, body: createPolicyBody, response: { 201: policySchema, ...errors } },
  }, async (request, reply) => reply.status(201).send(await policies.createPolicy(app.db.app, callerOf(request), request.body, auditMetaOf(request))));

  app.get(`${base}/:policyId`, {
    config: { permission: 'policies:read' },
    schema: { tags, summary: 'A policy', params: one, response: { 200: policySchema, ...errors } },
  }, async (request) => policies.getPolicy(app.db.app, callerOf(request), request.params.policyId));

  app.patch(`${base}/:policyId`, {
    config: { permission: 'policies:update' },
    schema: { tags, summary: 'Edit a policy; a stale version gets 409 version_conflict with the current record', params: one, body: updatePolicyBody, response: { 200: policySchema, ...errors } },
  }, async (request) => policies.updatePolicy(app.db.app, callerOf(request), request.params.policyId, request.body, auditMetaOf(request)));

  app.delete(`${base}/:policyId`, {
    config: { permission: 'policies:delete' },
    schema: { tags, summary: 'Delete a policy', params: one, response: { 204: z.null(), ...errors } },
  }, async (request, reply) => {
    await policies.deletePolicy(app.db.app, callerOf(request), request.params.policyId, auditMetaOf(request));
    return reply.status(204).send(null);
  });
};
