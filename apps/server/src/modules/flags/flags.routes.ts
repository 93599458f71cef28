import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '@grip/contracts/common';
import { featureFlagSchema, setFlagDefaultBody, setFlagOverrideBody } from '@grip/contracts/access';
import { auditMetaOf, tenantOf } from '../../plugins/auth.ts';
import { listGlobalFlags, setGlobalDefault, setWorkspaceOverride, workspaceFlags } from './flags.service.ts';

const errors = errorResponses;
const ws = z.object({ workspace: z.string().min(1).max(60) });
const flagKey = z.string().min(1).max(60);
const globalFlag = z.object({ key: z.string(), description: z.string(), defaultEnabled: z.boolean() });

export const flagsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/api/v1/w/:workspace/flags', {
    config: { permission: 'flags:read' },
    schema: { tags: ['flags'], summary: 'Effective feature flags of the workspace', params: ws, response: { 200: z.object({ items: z.array(featureFlagSchema) }), ...errors } },
  }, async (request) => ({ items: await workspaceFlags(app.db.app, tenantOf(request)) }));

  app.put('/api/v1/w/:workspace/flags/:key', {
    config: { permission: 'flags:manage' },
    schema: { tags: ['flags'], summary: 'Override a flag for this workspace (null: back to the default)', params: ws.extend({ key: flagKey }), body: setFlagOverrideBody, response: { 200: featureFlagSchema, ...errors } },
  }, async (request) => setWorkspaceOverride(app.db.app, tenantOf(request), request.params.key, request.body.enabled, auditMetaOf(request)));

  app.get('/api/v1/admin/flags', {
    config: { permission: 'platform:admin' },
    schema: { tags: ['admin'], summary: 'Global feature flags', response: { 200: z.object({ items: z.array(globalFlag) }), ...errors } },
  }, async () => ({ items: await listGlobalFlags(app.db.app) }));

  app.put('/api/v1/admin/flags/:key', {
    config: { permission: 'platform:admin' },
    schema: { tags: ['admin'], summary: 'Set a flag’s global default', params: z.object({ key: flagKey }), body: setFlagDefaultBody, response: { 200: globalFlag, ...errors } },
  }, async (request) => setGlobalDefault(app.db.app, request.params.key, request.body.defaultEnabled, auditMetaOf(request)));
};
