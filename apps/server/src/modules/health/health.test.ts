import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createTestApp, type TestApp } from '../../../test/helpers.ts';

describe('health, metrics and API docs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ JOBS: 'inline' });
  });
  afterAll(() => t.close());

  it('when the process is up, then /health/live is 200', async () => {
    const res = await t.app.inject({ url: '/health/live' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('when the database answers, migrations are current and jobs run, then /health/ready is 200', async () => {
    const res = await t.app.inject({ url: '/health/ready' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.status).toBe('ok');
    expect(body.checks.database.ok).toBe(true);
    expect(body.checks.migrations).toEqual({ ok: true, detail: expect.stringMatching(/^\d+ applied$/) });
    expect(body.checks.jobs).toEqual({ ok: true, detail: 'runner alive' });
  });

  it('when a migration is missing from the database, then /health/ready is 503 naming it', async () => {
    const owner = new pg.Client({ connectionString: t.db.ownerUrl });
    await owner.connect();
    const { rows } = await owner.query('DELETE FROM drizzle.__drizzle_migrations WHERE id = (SELECT max(id) FROM drizzle.__drizzle_migrations) RETURNING *');
    try {
      const res = await t.app.inject({ url: '/health/ready' });
      expect(res.statusCode).toBe(503);
      expect(res.json().checks.migrations.ok).toBe(false);
      expect(res.json().checks.migrations.detail).toMatch(/^\d+ of \d+ applied$/);
    } finally {
      const r = rows[0];
      await owner.query('INSERT INTO drizzle.__drizzle_migrations (id, hash, created_at) VALUES ($1, $2, $3)', [r.id, r.hash, r.created_at]);
      await owner.end();
    }
    expect((await t.app.inject({ url: '/health/ready' })).statusCode).toBe(200);
  });

  it('when metrics are scraped, then HTTP latency by route, pool usage and job counts are there', async () => {
    await t.app.inject({ url: '/health/live' });
    const res = await t.app.inject({ url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    expect(res.body).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/health\/live",status_code="200"\} \d+/);
    expect(res.body).toMatch(/db_pool_connections\{pool="app",state="total"\}/);
    expect(res.body).toMatch(/jobs\{state="queued"\} \d+/);
    expect(res.body).toContain('process_cpu_user_seconds_total');
  });

  it('when the OpenAPI document is requested, then it is OpenAPI 3.1 generated from the route schemas', async () => {
    const res = await t.app.inject({ url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    const ready = doc.paths['/health/ready'].get;
    expect(Object.keys(ready.responses)).toEqual(expect.arrayContaining(['200', '503']));
    expect(JSON.stringify(doc)).toContain('migrations');
    expect(doc.paths['/{*}']).toBeUndefined(); // the web fallback is hidden
    const ui = await t.app.inject({ url: '/api/docs' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toMatch(/text\/html/);
    expect(ui.body).toContain('swagger-ui');
  });
});

describe('metrics token', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ METRICS_TOKEN: 'a-long-metrics-token-123' });
  });
  afterAll(() => t.close());

  it('when METRICS_TOKEN is set, then /metrics needs it as a bearer token', async () => {
    expect((await t.app.inject({ url: '/metrics' })).statusCode).toBe(401);
    const ok = await t.app.inject({ url: '/metrics', headers: { authorization: 'Bearer a-long-metrics-token-123' } });
    expect(ok.statusCode).toBe(200);
  });

  it('when jobs run in a separate worker, then readiness says so', async () => {
    const res = await t.app.inject({ url: '/health/ready' });
    expect(res.json().checks.jobs).toEqual({ ok: true, detail: 'runs in a separate worker process (JOBS=off)' });
  });
});
