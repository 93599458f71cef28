import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestApp, type TestApp } from '../../test/helpers.ts';

describe('serving the web app', () => {
  let t: TestApp;
  beforeAll(async () => {
    const dist = mkdtempSync(path.join(tmpdir(), 'grip-dist-'));
    mkdirSync(path.join(dist, 'assets'));
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Grip</title><div id="root"></div>');
    writeFileSync(path.join(dist, 'assets', 'app-abc123.js'), 'console.log(1)');
    writeFileSync(path.join(dist, 'favicon.svg'), '<svg/>');
    writeFileSync(path.join(path.dirname(dist), 'outside-secret.txt'), 'secret');
    t = await createTestApp({ WEB_DIST: dist });
  });
  afterAll(() => t.close());

  it('when a page path is requested, then index.html is served for the client router, never cached', async () => {
    for (const url of ['/', '/w/acme/tickets', '/this/does/not/exist']) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.body).toContain('<title>Grip</title>');
      expect(res.headers['cache-control']).toBe('no-cache');
    }
  });

  it('when a hashed asset is requested, then it is served and cached for a year', async () => {
    const res = await t.app.inject({ url: '/assets/app-abc123.js' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('console.log(1)');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const icon = await t.app.inject({ url: '/favicon.svg' });
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  it('when a path tries to climb out of the build folder, then it gets index.html, not the file', async () => {
    for (const url of ['/../outside-secret.txt', '/%2e%2e/outside-secret.txt', '/assets/..%2f..%2foutside-secret.txt']) {
      const res = await t.app.inject({ url });
      expect(res.body, url).not.toContain('secret');
    }
  });

  it('when an unknown API path is requested, then it is the JSON 404, not the page', async () => {
    for (const url of ['/api/v1/missing', '/api', '/health/nope']) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
  });
});
