import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { fromNodeHeaders } from 'better-auth/node';
import { apiErrorSchema, errorResponses } from '@grip/contracts/common';
import { meSchema, portalSignUpBody, refreshRequestBody, tokenRequestBody, tokenResponseSchema } from '@grip/contracts/identity';
import { z } from 'zod';
import { AppError } from '../../plugins/errors.ts';
import { auditMetaOf, principalOf } from '../../plugins/auth.ts';
import { CLIENT_IP_HEADER } from './auth.ts';
import { getMe } from './identity.service.ts';
import { issueTokenPair, rotateRefreshToken } from './tokens.service.ts';
import { joinPortal } from '../access/access.service.ts';

const errors = errorResponses;

export const identityRoutes: FastifyPluginAsyncZod<{ appUrl: string; authSecret: string }> = async (app, opts) => {
  /** Builds the Web Request Better Auth expects, with Fastify's view of the client address and the request id. */
  function toWebRequest(request: { url: string; method: string; headers: Record<string, string | string[] | undefined>; body: unknown; ip: string; id: string }) {
    const headers = fromNodeHeaders(request.headers);
    headers.set(CLIENT_IP_HEADER, request.ip);
    headers.set('x-request-id', request.id);
    const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
    if (hasBody) headers.set('content-type', 'application/json');
    return new Request(new URL(request.url, opts.appUrl), {
      method: request.method,
      headers,
      body: hasBody ? JSON.stringify(request.body ?? {}) : undefined,
    });
  }

  /** A POST to one of Better Auth's endpoints on behalf of one of our routes (Fastify's request fields are getters). */
  const forward = (request: { headers: Record<string, string | string[] | undefined>; ip: string; id: string }, url: string, body: unknown) => ({
    url,
    method: 'POST',
    headers: request.headers,
    body,
    ip: request.ip,
    id: request.id,
  });

  /** The JSON of a Better Auth answer; its errors become AppErrors with Better Auth's code and status. */
  async function answerOf(response: Response) {
    const body = (await response.json().catch(() => ({}))) as { token?: string; twoFactorRedirect?: boolean; code?: string; message?: string; user?: { id: string } };
    if (!response.ok) {
      throw new AppError((body.code ?? (response.status === 429 ? 'rate_limited' : 'invalid_credentials')).toLowerCase(), body.message ?? 'Invalid email or password', response.status);
    }
    return body;
  }

  // Better Auth's endpoints (sign-up, sign-in, verification, reset, sessions, two-factor). Their error bodies are
  // rewritten to Grip's error shape so the web has one client for everything.
  app.route({
    method: ['GET', 'POST'],
    url: '/api/auth/*',
    config: { permission: 'public' },
    schema: { hide: true },
    handler: async (request, reply) => {
      const response = await app.auth.handler(toWebRequest(request));
      reply.status(response.status);
      response.headers.forEach((value, key) => {
        if (key !== 'set-cookie' && key !== 'content-length') reply.header(key, value);
      });
      const cookies = response.headers.getSetCookie();
      if (cookies.length) reply.header('set-cookie', cookies);
      const text = await response.text();
      if (response.status >= 500) {
        request.log.error({ status: response.status }, 'auth endpoint failed');
        return reply.type('application/json').send({
          error: { code: 'internal_error', message: 'Something went wrong on our side. The error was logged with this request id.', details: { requestId: request.id } },
        });
      }
      if (response.status >= 400) {
        let body: { code?: string; message?: string } = {};
        try {
          body = JSON.parse(text) as typeof body;
        } catch {
          body = { message: text };
        }
        return reply.type('application/json').send({
          error: { code: (body.code ?? 'auth_error').toLowerCase(), message: body.message ?? 'Request refused' },
        });
      }
      return reply.send(text === '' ? null : text);
    },
  });

  app.get(
    '/api/v1/me',
    {
      config: { permission: 'authenticated' },
      schema: { tags: ['identity'], summary: 'The signed-in user, memberships with effective permissions, and flags', response: { 200: meSchema, 401: apiErrorSchema } },
    },
    async (request) => getMe(app.db.app, principalOf(request).user.id),
  );

  app.post(
    '/api/v1/auth/token',
    {
      config: { permission: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags: ['identity'],
        summary: 'API clients: exchange email + password for a 15-minute access token and a rotating refresh token',
        body: tokenRequestBody,
        response: { 200: tokenResponseSchema, ...errors },
      },
    },
    async (request) => {
      const signIn = await app.auth.handler(
        toWebRequest(forward(request, '/api/auth/sign-in/email', { email: request.body.email, password: request.body.password })),
      );
      let body = await answerOf(signIn);
      if (body.twoFactorRedirect) {
        const { totpCode, backupCode } = request.body;
        if (!totpCode && !backupCode) {
          throw new AppError('two_factor_required', 'This account uses two-factor authentication: send totpCode (or backupCode) too', 403, {
            fields: [{ field: 'body.totpCode', message: 'is required for this account' }],
          });
        }
        // Continue Better Auth's two-factor step with the cookie its first step set, as a browser would.
        const cookie = signIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
        const step = totpCode ? ['/api/auth/two-factor/verify-totp', { code: totpCode }] : ['/api/auth/two-factor/verify-backup-code', { code: backupCode }];
        body = await answerOf(
          await app.auth.handler(toWebRequest({ ...forward(request, step[0] as string, step[1]), headers: { ...request.headers, cookie } })),
        );
      }
      if (!body.token || !body.user) throw new AppError('invalid_credentials', 'Invalid email or password', 401);
      const { rows } = await app.db.app.query<{ id: string }>('SELECT id FROM sessions WHERE token = $1', [body.token]);
      return issueTokenPair(app.db.app, opts.authSecret, rows[0]!.id, body.user.id);
    },
  );

  app.post(
    '/api/v1/auth/token/refresh',
    {
      config: { permission: 'public', rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        tags: ['identity'],
        summary: 'Rotate a refresh token; a reused one ends the whole session family',
        body: refreshRequestBody,
        response: { 200: tokenResponseSchema, ...errors },
      },
    },
    async (request) => rotateRefreshToken(app.db.app, opts.authSecret, request.body.refreshToken, auditMetaOf(request)),
  );

  app.post(
    '/api/v1/portal/:workspace/sign-up',
    {
      config: { permission: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags: ['identity'],
        summary: 'Customer portal sign-up: creates the account (email verification follows) with the role `customer`',
        params: z.object({ workspace: z.string().min(1).max(60) }),
        body: portalSignUpBody,
        response: { 201: z.object({ status: z.literal('verification_sent') }), ...errors },
      },
    },
    async (request, reply) => {
      const body = await answerOf(await app.auth.handler(toWebRequest(forward(request, '/api/auth/sign-up/email', request.body))));
      if (!body.user) throw new AppError('sign_up_failed', 'Sign-up failed', 400);
      await joinPortal(app.db.app, request.params.workspace, body.user.id, auditMetaOf(request));
      return reply.status(201).send({ status: 'verification_sent' as const });
    },
  );
};
