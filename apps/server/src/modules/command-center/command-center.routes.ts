import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '@grip/contracts/common';
import { commandCenterSchema } from '@grip/contracts/command-center';
import { accessOf, callerOf } from '../../plugins/auth.ts';
import { commandCenter } from './command-center.service.ts';

export const commandCenterRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/api/v1/w/:workspace/command-center', {
    config: { permission: 'workspace:read' },
    schema: {
      tags: ['command-center'],
      summary: 'The workspace home: tickets needing attention, recent customers, activity and KPIs (sections your role allows)',
      params: z.object({ workspace: z.string().min(1).max(60) }),
      response: { 200: commandCenterSchema, ...errorResponses },
    },
  }, async (request) => commandCenter(app.db.app, callerOf(request), accessOf(request).grants));
};
