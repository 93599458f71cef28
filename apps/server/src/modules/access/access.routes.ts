import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiErrorSchema, errorResponses, pageOf, pageQuerySchema } from '@grip/contracts/common';
import {
  PERMISSIONS,
  bulkInviteBody,
  bulkInviteResultSchema,
  createRoleBody,
  createWorkspaceBody,
  invitationPreviewSchema,
  invitationSchema,
  inviteBody,
  memberSchema,
  myWorkspaceSchema,
  roleSchema,
  updateMemberBody,
  updateRoleBody,
  updateWorkspaceBody,
} from '@grip/contracts/access';
import { accessOf, auditMetaOf, principalOf, tenantOf } from '../../plugins/auth.ts';
import * as access from './access.service.ts';

const errors = errorResponses;
const ws = z.object({ workspace: z.string().min(1).max(60) });
const tags = ['access'];

export const accessRoutes: FastifyPluginAsyncZod<{ appUrl: string }> = async (app, opts) => {
  const inviteDeps = () => ({ pool: app.db.app, mailer: app.mail, appUrl: opts.appUrl, log: app.log });

  app.get('/api/v1/permissions', {
    config: { permission: 'authenticated' },
    schema: { tags, summary: 'The permission catalog (rows of the roles matrix)', response: { 200: z.object({ items: z.array(z.object({ key: z.string(), label: z.string() })) }), 401: apiErrorSchema } },
  }, async () => ({ items: PERMISSIONS.map((p) => ({ key: p.key, label: p.label })) }));

  app.get('/api/v1/workspaces', {
    config: { permission: 'authenticated' },
    schema: { tags, summary: 'My workspaces', querystring: pageQuerySchema, response: { 200: pageOf(myWorkspaceSchema), ...errors } },
  }, async (request) => access.listMyWorkspaces(app.db.app, principalOf(request).user.id, request.query));

  app.post('/api/v1/workspaces', {
    config: { permission: 'authenticated' },
    schema: { tags, summary: 'Create a workspace; you become its owner', body: createWorkspaceBody, response: { 201: myWorkspaceSchema, ...errors } },
  }, async (request, reply) => reply.status(201).send(await access.createWorkspace(app.db.app, principalOf(request).user, request.body, auditMetaOf(request))));

  app.get('/api/v1/w/:workspace', {
    config: { permission: 'workspace:read' },
    schema: { tags, summary: 'A workspace with my role and permissions', params: ws, response: { 200: myWorkspaceSchema, ...errors } },
  }, async (request) => access.getWorkspace(app.db.app, tenantOf(request), accessOf(request)));

  app.patch('/api/v1/w/:workspace', {
    config: { permission: 'workspace:update' },
    schema: { tags, summary: 'Rename, change slug, require two-factor', params: ws, body: updateWorkspaceBody, response: { 200: myWorkspaceSchema, ...errors } },
  }, async (request) =>
    access.updateWorkspace(app.db.app, tenantOf(request), accessOf(request), request.body, auditMetaOf(request), principalOf(request).user.twoFactorEnabled),
  );

  app.get('/api/v1/w/:workspace/members', {
    config: { permission: 'members:read' },
    schema: { tags, summary: 'Members', params: ws, querystring: pageQuerySchema, response: { 200: pageOf(memberSchema), ...errors } },
  }, async (request) => access.listMembers(app.db.app, tenantOf(request), request.query));

  app.patch('/api/v1/w/:workspace/members/:memberId', {
    config: { permission: 'members:update' },
    schema: { tags, summary: 'Change a member’s role (the last owner stays owner)', params: ws.extend({ memberId: z.uuid() }), body: updateMemberBody, response: { 200: memberSchema, ...errors } },
  }, async (request) => access.changeMemberRole(app.db.app, tenantOf(request), request.params.memberId, request.body.roleId, auditMetaOf(request)));

  app.delete('/api/v1/w/:workspace/members/:memberId', {
    config: { permission: 'members:remove' },
    schema: { tags, summary: 'Remove a member (not the last owner)', params: ws.extend({ memberId: z.uuid() }), response: { 204: z.null(), ...errors } },
  }, async (request, reply) => {
    await access.removeMember(app.db.app, tenantOf(request), request.params.memberId, auditMetaOf(request));
    return reply.status(204).send(null);
  });

  app.get('/api/v1/w/:workspace/roles', {
    config: { permission: 'roles:read' },
    schema: { tags, summary: 'Roles with their permissions', params: ws, response: { 200: z.object({ items: z.array(roleSchema) }), ...errors } },
  }, async (request) => access.listRoles(app.db.app, tenantOf(request)));

  app.post('/api/v1/w/:workspace/roles', {
    config: { permission: 'roles:manage' },
    schema: { tags, summary: 'Create a custom role', params: ws, body: createRoleBody, response: { 201: roleSchema, ...errors } },
  }, async (request, reply) => reply.status(201).send(await access.createRole(app.db.app, tenantOf(request), request.body, auditMetaOf(request))));

  app.patch('/api/v1/w/:workspace/roles/:roleId', {
    config: { permission: 'roles:manage' },
    schema: { tags, summary: 'Edit a role (not the owner role)', params: ws.extend({ roleId: z.uuid() }), body: updateRoleBody, response: { 200: roleSchema, ...errors } },
  }, async (request) => access.updateRole(app.db.app, tenantOf(request), request.params.roleId, request.body, auditMetaOf(request)));

  app.delete('/api/v1/w/:workspace/roles/:roleId', {
    config: { permission: 'roles:manage' },
    schema: { tags, summary: 'Delete a custom role that nobody has', params: ws.extend({ roleId: z.uuid() }), response: { 204: z.null(), ...errors } },
  }, async (request, reply) => {
    await access.deleteRole(app.db.app, tenantOf(request), request.params.roleId, auditMetaOf(request));
    return reply.status(204).send(null);
  });

  app.get('/api/v1/w/:workspace/invitations', {
    config: { permission: 'members:read' },
    schema: { tags, summary: 'Invitations, newest first', params: ws, querystring: pageQuerySchema, response: { 200: pageOf(invitationSchema), ...errors } },
  }, async (request) => access.listInvitations(app.db.app, tenantOf(request), request.query));

  app.post('/api/v1/w/:workspace/invitations', {
    config: { permission: 'members:invite' },
    schema: { tags, summary: 'Invite someone by email', params: ws, body: inviteBody, response: { 201: invitationSchema, ...errors } },
  }, async (request, reply) => reply.status(201).send(await access.invite(inviteDeps(), tenantOf(request), request.body, auditMetaOf(request))));

  app.post('/api/v1/w/:workspace/invitations/bulk', {
    config: { permission: 'members:invite' },
    schema: { tags, summary: 'Invite a pasted list or CSV; a result per row', params: ws, body: bulkInviteBody, response: { 200: bulkInviteResultSchema, ...errors } },
  }, async (request) => access.bulkInvite(inviteDeps(), tenantOf(request), request.body, auditMetaOf(request)));

  app.post('/api/v1/w/:workspace/invitations/:invitationId/resend', {
    config: { permission: 'members:invite' },
    schema: { tags, summary: 'Send an invitation again (new link, new expiry)', params: ws.extend({ invitationId: z.uuid() }), response: { 200: invitationSchema, ...errors } },
  }, async (request) => access.resendInvitation(inviteDeps(), tenantOf(request), request.params.invitationId, auditMetaOf(request)));

  app.delete('/api/v1/w/:workspace/invitations/:invitationId', {
    config: { permission: 'members:invite' },
    schema: { tags, summary: 'Revoke a pending invitation', params: ws.extend({ invitationId: z.uuid() }), response: { 204: z.null(), ...errors } },
  }, async (request, reply) => {
    await access.revokeInvitation(app.db.app, tenantOf(request), request.params.invitationId, auditMetaOf(request));
    return reply.status(204).send(null);
  });

  const token = z.object({ token: z.string().min(10).max(200) });
  app.get('/api/v1/invitations/:token', {
    config: { permission: 'public', rateLimit: { max: 60, timeWindow: '1 minute' } },
    schema: { tags, summary: 'What an invitation link is for', params: token, response: { 200: invitationPreviewSchema, 404: apiErrorSchema } },
  }, async (request) => access.previewInvitation(app.db.app, request.params.token));

  app.post('/api/v1/invitations/:token/accept', {
    config: { permission: 'authenticated' },
    schema: { tags, summary: 'Accept an invitation as the signed-in user', params: token, response: { 200: z.object({ workspace: z.object({ slug: z.string(), name: z.string() }) }), 410: apiErrorSchema, ...errors } },
  }, async (request) => access.acceptInvitation(app.db.app, request.params.token, principalOf(request).user, auditMetaOf(request)));
};
