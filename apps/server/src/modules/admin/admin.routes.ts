import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, pageOf, pageQuerySchema } from '@grip/contracts/common';
import { operatorEnterBody } from '@grip/contracts/access';
import { auditMetaOf, principalOf } from '../../plugins/auth.ts';
import { operatorEnter, operatorLeave } from '../access/access.service.ts';
import { listMail, listUsers, listWorkspaces, setUserDisabled, setWorkspaceDisabled } from './admin.service.ts';

const errors = errorResponses;
const tags = ['admin'];
const adminUser = z.object({ id: z.uuid(), name: z.string(), email: z.string(), role: z.string(), banned: z.boolean(), emailVerified: z.boolean(), createdAt: z.string() });
const adminWorkspace = z.object({ id: z.uuid(), slug: z.string(), name: z.string(), memberCount: z.number().int(), disabledAt: z.string().nullable(), createdAt: z.string() });
const mail = z.object({ id: z.uuid(), to: z.array(z.string()), subject: z.string(), text: z.string(), createdAt: z.string() });

export const adminRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/api/v1/admin/users', {
    config: { permission: 'platform:admin' },
    schema: { tags, summary: 'Users of the installation', querystring: pageQuerySchema.extend({ search: z.string().max(254).optional() }), response: { 200: pageOf(adminUser), ...errors } },
  }, async (request) => listUsers(app.db.app, request.query));

  for (const [verb, disabled] of [['disable', true], ['enable', false]] as const) {
    app.post(`/api/v1/admin/users/:userId/${verb}`, {
      config: { permission: 'platform:admin' },
      schema: { tags, summary: disabled ? 'Disable a user (ends their sessions at once)' : 'Enable a user', params: z.object({ userId: z.uuid() }), response: { 200: adminUser, ...errors } },
    }, async (request) => setUserDisabled(app.db.app, request.params.userId, disabled, auditMetaOf(request)));

    app.post(`/api/v1/admin/workspaces/:workspaceId/${verb}`, {
      config: { permission: 'platform:admin' },
      schema: { tags, summary: disabled ? 'Disable a workspace' : 'Enable a workspace', params: z.object({ workspaceId: z.uuid() }), response: { 204: z.null(), ...errors } },
    }, async (request, reply) => {
      await setWorkspaceDisabled(app.db.app, request.params.workspaceId, disabled, auditMetaOf(request));
      return reply.status(204).send(null);
    });
  }

  app.post('/api/v1/admin/workspaces/:workspaceId/enter', {
    config: { permission: 'platform:admin' },
    schema: {
      tags,
      summary: 'Enter a workspace as its admin, explicitly and audited in the workspace’s own log',
      params: z.object({ workspaceId: z.uuid() }),
      body: operatorEnterBody,
      response: { 200: z.object({ workspace: z.object({ slug: z.string(), name: z.string() }) }), ...errors },
    },
  }, async (request) => operatorEnter(app.db.app, request.params.workspaceId, principalOf(request).user, request.body.reason, auditMetaOf(request)));

  app.post('/api/v1/admin/workspaces/:workspaceId/leave', {
    config: { permission: 'platform:admin' },
    schema: { tags, summary: 'Leave a workspace entered as operator', params: z.object({ workspaceId: z.uuid() }), response: { 204: z.null(), ...errors } },
  }, async (request, reply) => {
    await operatorLeave(app.db.app, request.params.workspaceId, principalOf(request).user, auditMetaOf(request));
    return reply.status(204).send(null);
  });

  app.get('/api/v1/admin/workspaces', {
    config: { permission: 'platform:admin' },
    schema: { tags, summary: 'Workspaces of the installation', querystring: pageQuerySchema, response: { 200: pageOf(adminWorkspace), ...errors } },
  }, async (request) => listWorkspaces(app.db.owner, request.query));

  app.get('/api/v1/admin/mail', {
    config: { permission: 'platform:admin' },
    schema: { tags, summary: 'The dev mail outbox (mail kept because SMTP_URL is unset)', querystring: pageQuerySchema.extend({ to: z.string().max(254).optional() }), response: { 200: pageOf(mail), ...errors } },
  }, async (request) => listMail(app.db.app, request.query));
};
