import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { liveSchema, readySchema } from '@grip/contracts/system';
import { apiErrorSchema } from '@grip/contracts/common';
import { AppError } from '../../plugins/errors.ts';
import { checkReadiness } from './health.service.ts';

export const healthRoutes: FastifyPluginAsyncZod<{ jobsInProcess: boolean; metricsToken: string | undefined }> = async (
  app,
  opts,
) => {
  app.get(
    '/health/live',
    {
      config: { permission: 'public' },
      schema: { tags: ['system'], summary: 'The process is up', response: { 200: liveSchema } },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/health/ready',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['system'],
        summary: 'Ready to serve: database reachable, migrations current, job runner alive',
        response: { 200: readySchema, 503: readySchema },
      },
    },
    async (_request, reply) => {
      const ready = await checkReadiness({
        owner: app.db.owner,
        jobsAlive: app.jobs.alive,
        jobsInProcess: opts.jobsInProcess,
      });
      return reply.status(ready.status === 'ok' ? 200 : 503).send(ready);
    },
  );

  app.get(
    '/metrics',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['system'],
        summary: 'Prometheus metrics (Bearer METRICS_TOKEN when one is configured)',
        response: { 200: z.string(), 401: apiErrorSchema },
      },
    },
    async (request, reply) => {
      if (opts.metricsToken && request.headers.authorization !== `Bearer ${opts.metricsToken}`) {
        throw new AppError('unauthorized', 'A valid metrics token is required', 401);
      }
      return reply.type(app.metrics.contentType).send(await app.metrics.metrics());
    },
  );
};
