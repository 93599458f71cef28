import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createTestApp, type TestApp } from '../../../test/helpers.ts';
import { addMember, createWorkspace, lastMailTo, roleIds, signIn, signedInUser } from '../../../test/identity-helpers.ts';
import { parseBulkInvites, slugify } from './access.service.ts';

describe('workspaces, members, roles, invitations, audit and flags', () => {
  let t: TestApp;
  let owner: Awaited<ReturnType<typeof signedInUser>>;
  let ws: { id: string; slug: string };
  let roles: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await signedInUser(t.app, { email: 'owner@example.com' });
    ws = await createWorkspace(t.app, owner.cookie, 'Acme Insurance');
    roles = await roleIds(t.app, owner.cookie, ws.slug);
  });
  afterAll(() => t.close());

  it('creating a workspace makes the creator owner, seeds the built-in roles, and audits it', async () => {
    expect(ws.slug).toBe('acme-insurance');
    expect(Object.keys(roles).sort()).toEqual(['admin', 'agent', 'customer', 'manager', 'owner', 'viewer']);
    const mine = await t.app.inject({ url: '/api/v1/workspaces', headers: owner.headers });
    expect(mine.json().items.map((w: { slug: string; role: { key: string } }) => [w.slug, w.role.key])).toEqual([['acme-insurance', 'owner']]);
    const again = await createWorkspace(t.app, owner.cookie, 'Acme Insurance');
    expect(again.slug).toMatch(/^acme-insurance-[0-9a-f]{4}$/);
    const audit = await t.app.inject({ url: `/api/v1/w/${ws.slug}/audit?action=workspace.`, headers: owner.headers });
    expect(audit.json().items[0]).toMatchObject({ action: 'workspace.created', actorEmail: 'owner@example.com' });
  });

  it('bad input names the field; a taken slug is a 409 on body.slug', async () => {
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/workspaces', headers: owner.headers, payload: { name: 'x', slug: 'Not A Slug' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.fields.map((f: { field: string }) => f.field).sort()).toEqual(['body.name', 'body.slug']);
    const taken = await t.app.inject({ method: 'POST', url: '/api/v1/workspaces', headers: owner.headers, payload: { name: 'Other', slug: 'acme-insurance' } });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.details.fields[0].field).toBe('body.slug');
  });

  it('the last owner can be neither removed nor demoted; with a second owner they can', async () => {
    const members = (await t.app.inject({ url: `/api/v1/w/${ws.slug}/members`, headers: owner.headers })).json().items;
    const me = members.find((m: { email: string }) => m.email === 'owner@example.com');
    const demote = await t.app.inject({ method: 'PATCH', url: `/api/v1/w/${ws.slug}/members/${me.id}`, headers: owner.headers, payload: { roleId: roles.viewer } });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().error.code).toBe('last_owner');
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/w/${ws.slug}/members/${me.id}`, headers: owner.headers })).statusCode).toBe(409);

    const second = await signedInUser(t.app);
    await addMember(t.app, ws.id, second.id, 'agent');
    const m2 = (await t.app.inject({ url: `/api/v1/w/${ws.slug}/members`, headers: owner.headers })).json().items.find((m: { userId: string }) => m.userId === second.id);
    const promote = await t.app.inject({ method: 'PATCH', url: `/api/v1/w/${ws.slug}/members/${m2.id}`, headers: owner.headers, payload: { roleId: roles.owner } });
    expect(promote.statusCode).toBe(200);
    expect(promote.json().role.key).toBe('owner');
    // Role changes take effect on the next request.
    expect((await t.app.inject({ url: `/api/v1/w/${ws.slug}/audit`, headers: second.headers })).statusCode).toBe(200);
    await t.app.inject({ method: 'PATCH', url: `/api/v1/w/${ws.slug}/members/${m2.id}`, headers: owner.headers, payload: { roleId: roles.viewer } });
    expect((await t.app.inject({ url: `/api/v1/w/${ws.slug}/audit`, headers: second.headers })).statusCode).toBe(403);
  });

  it('a role from another workspace can never be assigned (property)', async () => {
    const other = await createWorkspace(t.app, owner.cookie, 'Other Co');
    const otherRoles = Object.values(await roleIds(t.app, owner.cookie, other.slug));
    const target = await signedInUser(t.app);
    await addMember(t.app, ws.id, target.id, 'agent');
    const member = (await t.app.inject({ url: `/api/v1/w/${ws.slug}/members?limit=200`, headers: owner.headers })).json().items.find((m: { userId: string }) => m.userId === target.id);
    const ownRoles = Object.values(roles).filter((id) => id !== roles.owner);
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constantFrom(...ownRoles), fc.constantFrom(...otherRoles), fc.uuid()), async (roleId) => {
        const res = await t.app.inject({ method: 'PATCH', url: `/api/v1/w/${ws.slug}/members/${member.id}`, headers: owner.headers, payload: { roleId } });
        const { rows } = await t.app.db.owner.query('SELECT r.workspace_id FROM memberships m JOIN roles r ON r.workspace_id = m.workspace_id AND r.id = m.role_id WHERE m.id = $1', [member.id]);
        expect(rows[0].workspace_id).toBe(ws.id);
        if (ownRoles.includes(roleId)) expect(res.statusCode).toBe(200);
        else {
          expect(res.statusCode).toBe(400);
          expect(res.json().error.details.fields[0].field).toBe('body.roleId');
        }
      }),
      { numRuns: 100 },
    );
  });

  it('property: a portal sign-up always joins as `customer`, whatever else the body says', async () => {
    let signUps = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('owner', 'admin', 'agent', 'customer', undefined), fc.string({ maxLength: 20 }), async (asked, name) => {
        const n = ++signUps;
        const email = `portal-${n}@example.com`;
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/v1/portal/${ws.slug}/sign-up`,
          payload: { name: name.trim() || 'Customer', email, password: 'customer-passphrase-1', ...(asked ? { role: asked, roleId: roles[asked] } : {}) },
          remoteAddress: `10.50.${n % 250}.${Math.floor(n / 250) + 1}`, // one address per run: rate limits stay out of the way
        });
        expect(res.statusCode).toBe(201);
        const { rows } = await t.app.db.owner.query('SELECT r.key FROM memberships m JOIN users u ON u.id = m.user_id JOIN roles r ON r.workspace_id = m.workspace_id AND r.id = m.role_id WHERE u.email = $1', [email]);
        expect(rows).toEqual([{ key: 'customer' }]);
      }),
      { numRuns: 100 },
    );
  });

  it('invitations: emailed, duplicate-safe, accepted only by the invited address, then revoked ones stop working', async () => {
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/w/${ws.slug}/invitations`, headers: owner.headers, payload: { email: 'New.Hire@Example.com', roleId: roles.agent } });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ email: 'new.hire@example.com', status: 'pending', role: { key: 'agent' } });
    const dup = await t.app.inject({ method: 'POST', url: `/api/v1/w/${ws.slug}/invitations`, headers: owner.headers, payload: { email: 'new.hire@example.com', roleId: roles.viewer } });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('already_invited');

    const mail = await lastMailTo(t.app, 'new.hire@example.com');
    const token = /\/invite\/(\S+)/.exec(mail!.text)![1]!;
    const preview = await t.app.inject({ url: `/api/v1/invitations/${token}` });
    expect(preview.json()).toMatchObject({ workspace: { slug: ws.slug }, email: 'new.hire@example.com', role: 'Agent', status: 'pending' });

    const stranger = await signedInUser(t.app);
    const wrongUser = await t.app.inject({ method: 'POST', url: `/api/v1/invitations/${token}/accept`, headers: stranger.headers });
    expect(wrongUser.statusCode).toBe(403);
    expect(wrongUser.json().error.code).toBe('invitation_email_mismatch');

    const invitee = await signedInUser(t.app, { email: 'new.hire@example.com' });
    const accepted = await t.app.inject({ method: 'POST', url: `/api/v1/invitations/${token}/accept`, headers: invitee.headers });
    expect(accepted.statusCode).toBe(200);
    const me = (await t.app.inject({ url: '/api/v1/me', headers: invitee.headers })).json();
    expect(me.memberships.map((m: { workspace: { slug: string }; role: { key: string } }) => [m.workspace.slug, m.role.key])).toEqual([[ws.slug, 'agent']]);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/invitations/${token}/accept`, headers: invitee.headers })).statusCode).toBe(410);

    const member = await t.app.inject({ method: 'POST', url: `/api/v1/w/${ws.slug}/invitations`, headers: owner.headers, payload: { email: 'new.hire@example.com', roleId: roles.viewer } });
    expect(member.json().error.code).toBe('already_member');

    const r2 = (await t.app.inject({ method: 'POST', url: `/api/v1/w/${ws.slug}/invitations`, headers: owner.headers, payload: { email: 'later@example.com', roleId: roles.viewer } })).json();
    const token2 = /\/invite\/(\S+)/.exec((await lastMailTo(t.app, 'later@example.com'))!.text)![1]!;
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/w/${ws.slug}/invitations/${r2.id}`, headers: owner.headers })).statusCode).toBe(204);
    const late = await signedInUser(t.app, { email: 'later@example.com' });
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/invitations/${token2}/accept`, headers: late.headers })).statusCode).toBe(410);
    const resend = await t.app.inject({ method: 'POST', url: `/api/v1/w/${ws.slug}/invitations/${res.json().id}/resend`, headers: owner.headers });
    expect(resend.statusCode).toBe(409); // already accepted
  });

  it('bulk invitations report a result per row and leave nothing behind for the invalid ones', async () => {
    const text = ['email,role', 'a1@example.com,viewer', 'a2@example.com,agent', 'not-an-email,viewer', 'a1@example.com,viewer', 'a3@example.com,nosuchrole', 'owner@example.com,viewer'].join('\n');
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/w/${ws.slug}/invitations/bulk`, headers: owner.headers, payload: { text, roleId: roles.viewer } });
    expect(res.statusCode).toBe(200);
    expect(res.json().invited).toBe(2);
    expect(res.json().results.map((r: { email: string; status: string }) => `${r.email}:${r.status}`)).toEqual([
      'a1@example.com:invited',
      'a2@example.com:invited',
      'not-an-email:invalid',
      'a1@example.com:invalid',
      'a3@example.com:invalid',
      'owner@example.com:already_member',
    ]);
    const list = (await t.app.inject({ url: `/api/v1/w/${ws.slug}/invitations?limit=200`, headers: owner.headers })).json().items;
    expect(list.find((i: { email: string }) => i.email === 'a2@example.com').role.key).toBe('agent');
    expect(list.find((i: { email: string }) => i.email === 'not-an-email')).toBeUndefined();
    expect(parseBulkInvites('x@a.co; y@b.co\n z@c.co')).toEqual([
      { line: 1, email: 'x@a.co', roleKey: null },
      { line: 1, email: 'y@b.co', roleKey: null },
      { line: 2, email: 'z@c.co', roleKey: null },
    ]);
  });

  it('custom roles: created with a permissions matrix, enforced, and not deletable while in use', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: `/api/v1/w/${ws.slug}/roles`,
      headers: owner.headers,
      payload: { key: 'auditor', name: 'Auditor', permissions: { 'workspace:read': 'all', 'audit:read': 'all' } },
    });
    expect(created.statusCode).toBe(201);
    const auditor = await signedInUser(t.app);
    await addMember(t.app, ws.id, auditor.id, 'auditor');
    expect((await t.app.inject({ url: `/api/v1/w/${ws.slug}/audit`, headers: auditor.headers })).statusCode).toBe(200);
    expect((await t.app.inject({ url: `/api/v1/w/${ws.slug}/members`, headers: auditor.headers })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/w/${ws.slug}/roles/${created.json().id}`, headers: owner.headers })).json().error.code).toBe('role_in_use');
    expect((await t.app.inject({ method: 'PATCH', url: `/api/v1/w/${ws.slug}/roles/${roles.owner}`, headers: owner.headers, payload: { permissions: {} } })).statusCode).toBe(409);
    const badGrant = await t.app.inject({ method: 'POST', url: `/api/v1/w/${ws.slug}/roles`, headers: owner.headers, payload: { key: 'x-role', name: 'X role', permissions: { 'nope:read': 'all' } } });
    expect(badGrant.statusCode).toBe(400);
  });

  it('the audit log filters and exports to CSV with formulas neutralised', async () => {
    await t.app.inject({ method: 'PATCH', url: `/api/v1/w/${ws.slug}`, headers: owner.headers, payload: { name: '=HYPERLINK("http://evil")' } });
    const filtered = await t.app.inject({ url: `/api/v1/w/${ws.slug}/audit?action=workspace.updated`, headers: owner.headers });
    expect(filtered.json().items).toHaveLength(1);
    const page1 = await t.app.inject({ url: `/api/v1/w/${ws.slug}/audit?limit=2`, headers: owner.headers });
    const page2 = await t.app.inject({ url: `/api/v1/w/${ws.slug}/audit?limit=2&cursor=${page1.json().nextCursor}`, headers: owner.headers });
    expect(page2.json().items[0].id).not.toBe(page1.json().items[1].id);
    expect((await t.app.inject({ url: `/api/v1/w/${ws.slug}/audit?cursor=garbage`, headers: owner.headers })).statusCode).toBe(400);

    const csv = await t.app.inject({ url: `/api/v1/w/${ws.slug}/audit/export.csv?action=workspace.updated`, headers: owner.headers });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="audit-/);
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('createdAt,actorEmail,actorUserId,action,entityType,entityId,ip,userAgent,requestId,before,after');
    expect(lines).toHaveLength(2);
    expect(csv.body).not.toMatch(/(^|,)"?=HYPERLINK/m);
  });

  it('feature flags: workspace overrides win over global defaults and show in /me', async () => {
    const set = await t.app.inject({ method: 'PUT', url: `/api/v1/w/${ws.slug}/flags/kyc`, headers: owner.headers, payload: { enabled: true } });
    expect(set.json()).toMatchObject({ key: 'kyc', defaultEnabled: false, override: true, enabled: true });
    const me = (await t.app.inject({ url: '/api/v1/me', headers: owner.headers })).json();
    expect(me.flags.kyc).toBe(false);
    expect(me.memberships.find((m: { workspace: { slug: string } }) => m.workspace.slug === ws.slug).flags.kyc).toBe(true);
    await t.app.inject({ method: 'PUT', url: `/api/v1/w/${ws.slug}/flags/kyc`, headers: owner.headers, payload: { enabled: null } });
    expect((await t.app.inject({ url: `/api/v1/w/${ws.slug}/flags`, headers: owner.headers })).json().items.find((f: { key: string }) => f.key === 'kyc').enabled).toBe(false);
    expect((await t.app.inject({ method: 'PUT', url: `/api/v1/w/${ws.slug}/flags/nope`, headers: owner.headers, payload: { enabled: true } })).statusCode).toBe(404);
  });

  it('a workspace that requires two-factor turns away members without it', async () => {
    const w = await createWorkspace(t.app, owner.cookie, 'Strict Co');
    // Requiring it without having it yourself would lock you out: refused, naming the field.
    const refused = await t.app.inject({ method: 'PATCH', url: `/api/v1/w/${w.slug}`, headers: owner.headers, payload: { requireTwoFactor: true } });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.details.fields[0].field).toBe('body.requireTwoFactor');
    expect((await t.app.inject({ url: `/api/v1/w/${w.slug}`, headers: owner.headers })).json().requireTwoFactor).toBe(false);
    // Required by someone who has it: members without it are turned away.
    await t.app.db.owner.query('UPDATE workspaces SET require_two_factor = true WHERE id = $1', [w.id]);
    t.app.clearAuthCache(); // written behind the app's back, so its membership cache must be told
    const res = await t.app.inject({ url: `/api/v1/w/${w.slug}/members`, headers: owner.headers });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('two_factor_required');
  });

  it('slugify makes a valid slug from any name', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 100 }), (name) => {
        expect(slugify(name)).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
        expect(slugify(name).length).toBeGreaterThanOrEqual(3);
      }),
      { numRuns: 200 },
    );
  });

  it('sign-in of the seeded-style admin works with the stored argon2id hash', async () => {
    const admin = await signedInUser(t.app, { role: 'admin' });
    await signIn(t.app, admin.email);
  });
});

describe('operators acting inside a workspace', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('entering is explicit, needs a reason, and is written to the workspace’s own audit log; leaving too', async () => {
    const owner = await signedInUser(t.app);
    const ws = await createWorkspace(t.app, owner.cookie, 'Client Co');
    const operator = await signedInUser(t.app, { role: 'admin' });
    // Not a member: the workspace is hidden from the operator too.
    expect((await t.app.inject({ url: `/api/v1/w/${ws.slug}`, headers: operator.headers })).statusCode).toBe(404);

    const noReason = await t.app.inject({ method: 'POST', url: `/api/v1/admin/workspaces/${ws.id}/enter`, headers: operator.headers, payload: { reason: '' } });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.details.fields[0].field).toBe('body.reason');

    const entered = await t.app.inject({ method: 'POST', url: `/api/v1/admin/workspaces/${ws.id}/enter`, headers: operator.headers, payload: { reason: 'Ticket #42: customer asked for help with roles' } });
    expect(entered.statusCode).toBe(200);
    expect(entered.json().workspace.slug).toBe(ws.slug);
    const mine = await t.app.inject({ url: `/api/v1/w/${ws.slug}`, headers: operator.headers });
    expect(mine.json().role.key).toBe('admin');

    const log = (await t.app.inject({ url: `/api/v1/w/${ws.slug}/audit?action=operator.`, headers: owner.headers })).json().items;
    expect(log[0]).toMatchObject({ action: 'operator.entered', actorEmail: operator.email, after: { reason: 'Ticket #42: customer asked for help with roles', joinedAs: 'admin' } });

    expect((await t.app.inject({ method: 'POST', url: `/api/v1/admin/workspaces/${ws.id}/leave`, headers: operator.headers })).statusCode).toBe(204);
    expect((await t.app.inject({ url: `/api/v1/w/${ws.slug}`, headers: operator.headers })).statusCode).toBe(404);
    const after = (await t.app.inject({ url: `/api/v1/w/${ws.slug}/audit?action=operator.`, headers: owner.headers })).json().items;
    expect(after.map((e: { action: string }) => e.action)).toEqual(['operator.left', 'operator.entered']);
  });

  it('disabling a workspace hides it from its members until it is enabled again', async () => {
    const owner = await signedInUser(t.app);
    const ws = await createWorkspace(t.app, owner.cookie, 'Paused Co');
    const operator = await signedInUser(t.app, { role: 'admin' });
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/admin/workspaces/${ws.id}/disable`, headers: operator.headers })).statusCode).toBe(204);
    expect((await t.app.inject({ url: `/api/v1/w/${ws.slug}`, headers: owner.headers })).json().error.code).toBe('workspace_disabled');
    const list = (await t.app.inject({ url: '/api/v1/admin/workspaces', headers: operator.headers })).json().items;
    expect(list.find((w: { id: string }) => w.id === ws.id).disabledAt).not.toBeNull();
    await t.app.inject({ method: 'POST', url: `/api/v1/admin/workspaces/${ws.id}/enable`, headers: operator.headers });
    expect((await t.app.inject({ url: `/api/v1/w/${ws.slug}`, headers: owner.headers })).statusCode).toBe(200);
  });
});
