import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildApp } from './app.ts';
import { createTestApp, createTestDatabase, testConfig, type TestApp } from '../test/helpers.ts';

describe('the app shell of the API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('when an API route does not exist, then it answers a JSON 404 in the error shape', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/no-such-thing' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.json()).toEqual({ error: { code: 'not_found', message: 'No route GET /api/v1/no-such-thing' } });
  });

  it('when a non-GET request hits an unknown path, then it is a JSON 404 too', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/anything', payload: {} });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
  });

  it('when a client sends a sane x-request-id, then it is echoed; otherwise one is generated', async () => {
    const given = await t.app.inject({ url: '/health/live', headers: { 'x-request-id': 'abc-12345678' } });
    expect(given.headers['x-request-id']).toBe('abc-12345678');
    const hostile = await t.app.inject({ url: '/health/live', headers: { 'x-request-id': 'x\ny: injected' } });
    expect(hostile.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('when the web app is not built, then page paths explain how to build it', async () => {
    const res = await t.app.inject({ url: '/w/acme' });
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('npm run build');
  });

  it('sets security headers', async () => {
    const res = await t.app.inject({ url: '/health/live' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('every route declares a permission, and the route table lists them', () => {
    expect(t.app.routeTable.length).toBeGreaterThan(3);
    for (const route of t.app.routeTable) expect(route.permission, `${route.method} ${route.url}`).toBeTruthy();
    expect(t.app.routeTable).toContainEqual({ method: 'GET', url: '/health/ready', permission: 'public' });
  });
});

describe('routes and errors', () => {
  it('when a route does not declare its permission, then the app refuses to start', async () => {
    const db = await createTestDatabase();
    const app = await buildApp({ config: testConfig(), database: db, logger: false });
    try {
      expect(() => app.get('/api/v1/undeclared', async () => ({}))).toThrow(/does not declare config.permission/);
    } finally {
      await app.close();
      await db.drop();
    }
  });

  it('when input is invalid, then 400 names each field; when a handler crashes, then 500 hides the cause', async () => {
    const db = await createTestDatabase();
    const app = await buildApp({ config: testConfig(), database: db, logger: false });
    app.post(
      '/api/v1/test-echo',
      {
        config: { permission: 'public' },
        schema: {
          body: z.object({ email: z.email(), age: z.number().int().min(0) }),
          querystring: z.object({ page: z.coerce.number().int().min(1).optional() }),
        },
      },
      async (request) => request.body,
    );
    app.get('/api/v1/test-crash', { config: { permission: 'public' } }, async () => {
      throw new Error('secret database detail');
    });
    try {
      const bad = await app.inject({ method: 'POST', url: '/api/v1/test-echo', payload: { email: 'nope', age: -1 } });
      expect(bad.statusCode).toBe(400);
      const body = bad.json();
      expect(body.error.code).toBe('validation_failed');
      const fields = body.error.details.fields.map((f: { field: string }) => f.field).sort();
      expect(fields).toEqual(['body.age', 'body.email']);
      expect(body.error.message).toContain('body.email');

      const badQuery = await app.inject({ method: 'POST', url: '/api/v1/test-echo?page=0', payload: { email: 'a@b.co', age: 3 } });
      expect(badQuery.statusCode).toBe(400);
      expect(badQuery.json().error.details.fields[0].field).toBe('querystring.page');

      const notJson = await app.inject({
        method: 'POST',
        url: '/api/v1/test-echo',
        headers: { 'content-type': 'application/json' },
        payload: '{"email":',
      });
      expect(notJson.statusCode).toBe(400);
      expect(notJson.json().error.message).toMatch(/JSON/i);

      const crash = await app.inject({ url: '/api/v1/test-crash', headers: { 'x-request-id': 'req-crash-0001' } });
      expect(crash.statusCode).toBe(500);
      expect(crash.body).not.toContain('secret database detail');
      expect(crash.json().error).toEqual({
        code: 'internal_error',
        message: expect.any(String),
        details: { requestId: 'req-crash-0001' },
      });
    } finally {
      await app.close();
      await db.drop();
    }
  });
});
