import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestApp, type TestApp } from '../../../test/helpers.ts';
import { createUser, signIn } from '../../../test/identity-helpers.ts';
import { ensureInitialAdmin, upsertAdmin } from './admin.service.ts';

describe('platform admins', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('the first start creates one admin with a generated password kept privately; later starts create none', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'grip-admin-'));
    const client = await t.app.db.owner.connect();
    try {
      const first = await ensureInitialAdmin(client, { dataDir });
      expect(first[0]).toMatch(/admin@grip\.local {2}password: \S{16}/);
      const file = path.join(dataDir, 'initial-admin-password.txt');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const [, password] = readFileSync(file, 'utf8').split('\n');
      await signIn(t.app, 'admin@grip.local', password);
      const again = await ensureInitialAdmin(client, { dataDir });
      expect(again[0]).not.toContain('password:');
      const { rows } = await client.query("SELECT count(*)::int AS n FROM users WHERE role = 'admin'");
      expect(rows[0].n).toBe(1);
    } finally {
      client.release();
    }
  });

  it('create-admin promotes an existing account, or creates a new one that can sign in', async () => {
    const u = await createUser(t.app);
    const before = await signIn(t.app, u.email);
    expect(await upsertAdmin(t.app.db.owner, u.email.toUpperCase(), undefined)).toBe('promoted');
    // The session from before the promotion is ended; a new sign-in carries the admin role.
    expect((await t.app.inject({ url: '/api/v1/me', headers: { cookie: before } })).statusCode).toBe(401);
    const me = await t.app.inject({ url: '/api/v1/me', headers: { cookie: await signIn(t.app, u.email) } });
    expect(me.json().platformRole).toBe('admin');
    expect(await upsertAdmin(t.app.db.owner, 'ops@example.com', 'ops-password-123')).toBe('created');
    await signIn(t.app, 'ops@example.com', 'ops-password-123');
    await expect(upsertAdmin(t.app.db.owner, 'ghost@example.com', undefined)).rejects.toThrow(/needs a password/);
  });
});
