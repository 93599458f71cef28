import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

/** OpenAPI 3.1 generated from the routes' zod schemas; JSON at /api/docs/json, viewer at /api/docs. */
export default fp(
  async function openapiPlugin(app: FastifyInstance, opts: { appUrl: string; version: string }) {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Grip API',
          version: opts.version,
          description:
            'REST + JSON API of Grip. Errors are `{ "error": { "code", "message", "details"? } }`; lists are keyset-paginated (`limit`, `cursor` → `nextCursor`).',
        },
        servers: [{ url: opts.appUrl }],
        tags: [
          { name: 'system', description: 'Health, metrics and documentation' },
          { name: 'identity', description: 'Me, API tokens, portal sign-up. Sign-in, sign-up, verification, password reset, sessions and two-factor are Better Auth endpoints under /api/auth (see docs/api.md)' },
          { name: 'access', description: 'Workspaces, members, roles and permissions, invitations' },
          { name: 'audit', description: 'Audit log' },
          { name: 'flags', description: 'Feature flags' },
          { name: 'admin', description: 'Operator console (platform admin)' },
        ],
      },
      transform: jsonSchemaTransform,
      transformObject: jsonSchemaTransformObject,
    });
    await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true, uiConfig: { deepLinking: true } });
  },
  { name: 'openapi' },
);
