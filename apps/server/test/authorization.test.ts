import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { BUILTIN_ROLE_KEYS, type Grants } from '@grip/contracts/access';
import { BUILTIN_ROLES } from '../src/modules/access/builtin-roles.ts';
import { createTestApp, type TestApp } from './helpers.ts';
import { addMember, createWorkspace, signedInUser } from './identity-helpers.ts';

/**
 * The authorization matrix, generated from Fastify's route table: every route × {anonymous, each built-in role
 * of workspace A, a member of workspace B only, a platform admin who is not a member, a disabled member} must be
 * allowed or denied exactly as its declared permission says. Routes added later are covered without editing.
 */
describe('authorization matrix', () => {
  let t: TestApp;
  let slugA: string;
  const principals: Array<{ name: string; cookie?: string; kind: 'anonymous' | 'role' | 'outsider' | 'platform-admin' | 'disabled'; grants?: Grants }> = [];

  beforeAll(async () => {
    t = await createTestApp();
    const ownerA = await signedInUser(t.app);
    const a = await createWorkspace(t.app, ownerA.cookie);
    slugA = a.slug;
    principals.push({ name: 'anonymous', kind: 'anonymous' });
    for (const role of BUILTIN_ROLE_KEYS) {
      const u = role === 'owner' ? ownerA : await signedInUser(t.app);
      if (role !== 'owner') await addMember(t.app, a.id, u.id, role);
      principals.push({ name: role, cookie: u.cookie, kind: 'role', grants: BUILTIN_ROLES[role].permissions });
    }
    const outsider = await signedInUser(t.app);
    await createWorkspace(t.app, outsider.cookie);
    principals.push({ name: 'member of another workspace', cookie: outsider.cookie, kind: 'outsider' });
    const admin = await signedInUser(t.app, { role: 'admin' });
    principals.push({ name: 'platform admin (not a member)', cookie: admin.cookie, kind: 'platform-admin' });
    const disabled = await signedInUser(t.app);
    await addMember(t.app, a.id, disabled.id, 'owner');
    await t.app.inject({ method: 'POST', url: `/api/v1/admin/users/${disabled.id}/disable`, headers: { cookie: admin.cookie } });
    principals.push({ name: 'disabled user', cookie: disabled.cookie, kind: 'disabled' });
  });
  afterAll(() => t.close());

  const concrete = (url: string) =>
    url
      .replace(':workspace', slugA)
      .replace(/:[A-Za-z]+/g, () => randomUUID())
      .replace('*', 'matrix-probe');

  it('every route × every principal is allowed or denied as declared', async () => {
    const routes = t.app.routeTable.filter((r) => r.url !== '/*');
    expect(routes.length).toBeGreaterThan(30);
    const wrong: string[] = [];
    for (const route of routes) {
      for (const p of principals) {
        const res = await t.app.inject({
          method: route.method as 'GET',
          url: concrete(route.url),
          headers: p.cookie ? { cookie: p.cookie } : {},
          ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: {} }),
          remoteAddress: `10.42.${principals.indexOf(p)}.1`,
        });
        const code = res.statusCode;
        // (Not every answer is JSON: the docs viewer's HTML, a WebSocket route answering a plain GET.)
        let body: { error?: { message?: string } } = {};
        try {
          body = JSON.parse(res.body) as typeof body;
        } catch {
          // not an error body
        }
        const workspaceHidden = code === 404 && body.error?.message === 'Workspace not found';
        const denied = code === 401 || code === 403 || workspaceHidden;
        let expected: 'allowed' | 401 | 403 | 404;
        const perm = route.permission;
        if (perm === 'public') expected = 'allowed';
        else if (p.kind === 'anonymous' || p.kind === 'disabled') expected = 401;
        else if (perm === 'authenticated') expected = 'allowed';
        else if (perm === 'platform:admin') expected = p.kind === 'platform-admin' ? 'allowed' : 403;
        else if (p.kind === 'outsider' || p.kind === 'platform-admin') expected = 404;
        else expected = p.grants?.[perm as keyof Grants] ? 'allowed' : 403;

        const ok = expected === 'allowed' ? !denied : expected === 404 ? workspaceHidden : code === expected;
        if (!ok) wrong.push(`${route.method} ${route.url} as ${p.name}: expected ${expected}, got ${code} ${res.body.slice(0, 120)}`);
      }
    }
    console.info(`authorization matrix: ${routes.length} routes × ${principals.length} principals = ${routes.length * principals.length} checks`);
    expect(wrong).toEqual([]);
  });

  it('a workspace route of another workspace answers 404, never 200, even for its slug guessed right', async () => {
    const outsider = principals.find((p) => p.kind === 'outsider')!;
    for (const url of [`/api/v1/w/${slugA}`, `/api/v1/w/${slugA}/members`, `/api/v1/w/${slugA}/audit`, `/api/v1/w/no-such-workspace`]) {
      const res = await t.app.inject({ url, headers: { cookie: outsider.cookie! } });
      expect(res.statusCode, url).toBe(404);
    }
  });

  it('cookie-authenticated writes from another origin are refused (CSRF)', async () => {
    const owner = principals.find((p) => p.name === 'owner')!;
    const evil = await t.app.inject({ method: 'POST', url: '/api/v1/workspaces', headers: { cookie: owner.cookie!, origin: 'https://evil.example' }, payload: { name: 'Evil Corp' } });
    expect(evil.statusCode).toBe(403);
    expect(evil.json().error.code).toBe('csrf_rejected');
    const same = await t.app.inject({ method: 'POST', url: '/api/v1/workspaces', headers: { cookie: owner.cookie!, origin: 'http://localhost:3000' }, payload: { name: 'Good Corp' } });
    expect(same.statusCode).toBe(201);
  });
});
