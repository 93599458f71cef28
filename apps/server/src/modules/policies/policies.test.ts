import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createTestApp, type TestApp } from '../../../test/helpers.ts';
import { addMember, createWorkspace, signedInUser } from '../../../test/identity-helpers.ts';

type User = Awaited<ReturnType<typeof signedInUser>>;

describe('policies', () => {
  let t: TestApp;
  let owner: User;
  let agent: User;
  let other: User;
  let ws: { id: string; slug: string };
  let otherWs: { id: string; slug: string };
  let customerId: string;
  let foreignCustomerId: string;

  const call = (u: User, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, payload?: object, slug = ws.slug) =>
    t.app.inject({ method, url: `/api/v1/w/${slug}${path}`, headers: u.headers, payload });
  const fields = (res: { json: () => { error: { details?: { fields?: Array<{ field: string }> } } } }) => res.json().error.details?.fields?.map((f) => f.field);
  const base = { product: 'Home', carrier: 'Allianz', premium: 1250.5, currency: 'EUR', startDate: '2026-01-01', endDate: '2027-01-01' };
  let seq = 0;
  const number = () => `POL-${Date.now()}-${seq++}`;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await signedInUser(t.app);
    agent = await signedInUser(t.app);
    other = await signedInUser(t.app);
    ws = await createWorkspace(t.app, owner.cookie, 'Policy Co');
    otherWs = await createWorkspace(t.app, other.cookie, 'Other Co');
    await addMember(t.app, ws.id, agent.id, 'agent');
    customerId = (await call(owner, 'POST', '/customers', { name: 'Policy Holder' })).json().id;
    foreignCustomerId = (await call(other, 'POST', '/customers', { name: 'Foreign Holder' }, otherWs.slug)).json().id;
  });
  afterAll(() => t.close());

  it('when a policy is created, then it is listed for its customer, audited on the customer, and its number is unique', async () => {
    const n = number();
    const res = await call(owner, 'POST', '/policies', { customerId, number: n, ...base });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ number: n, premium: '1250.50', currency: 'EUR', status: 'active', version: 1, customer: { id: customerId, name: 'Policy Holder' } });
    expect((await call(owner, 'GET', `/policies?customerId=${customerId}`)).json().items.map((p: { number: string }) => p.number)).toContain(n);
    const dupe = await call(owner, 'POST', '/policies', { customerId, number: n, ...base });
    expect(dupe.statusCode).toBe(409);
    expect(fields(dupe)).toEqual(['body.number']);
    const timeline = (await call(owner, 'GET', `/customers/${customerId}/timeline`)).json().items;
    expect(timeline[0]).toMatchObject({ action: 'policy.created' });
    const one = await call(agent, 'GET', `/policies/${res.json().id}`);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toEqual(res.json());
  });

  it('validation: end after start, premium ≥ 0 with two decimals, a known currency, an existing customer of this workspace', async () => {
    const bad = async (body: object) => fields(await call(owner, 'POST', '/policies', { customerId, number: number(), ...base, ...body }));
    expect(await bad({ endDate: '2025-12-31' })).toEqual(['body.endDate']);
    expect(await bad({ endDate: '2026-01-01' })).toEqual(['body.endDate']);
    expect(await bad({ premium: -1 })).toEqual(['body.premium']);
    expect(await bad({ premium: 1.234 })).toEqual(['body.premium']);
    expect(await bad({ currency: 'XYZ' })).toEqual(['body.currency']);
    expect(await bad({ startDate: '01/02/2026' })).toEqual(['body.startDate']);
    expect(await bad({ customerId: foreignCustomerId })).toEqual(['body.customerId']);
    const missing = await call(owner, 'POST', '/policies', {});
    expect(fields(missing)?.sort()).toEqual(['body.currency', 'body.customerId', 'body.number', 'body.premium', 'body.product', 'body.startDate']);
  });

  it('edits need the current version (409 with the current record otherwise) and keep end after start', async () => {
    const p = (await call(owner, 'POST', '/policies', { customerId, number: number(), ...base })).json();
    const ok = await call(owner, 'PATCH', `/policies/${p.id}`, { version: 1, status: 'lapsed', premium: 0 });
    expect(ok.json()).toMatchObject({ status: 'lapsed', premium: '0.00', version: 2 });
    const stale = await call(owner, 'PATCH', `/policies/${p.id}`, { version: 1, status: 'active' });
    expect(stale.json().error).toMatchObject({ code: 'version_conflict', details: { current: { version: 2, status: 'lapsed' } } });
    expect(fields(await call(owner, 'PATCH', `/policies/${p.id}`, { version: 2, startDate: '2028-01-01' }))).toEqual(['body.endDate']);
    expect((await call(owner, 'DELETE', `/policies/${p.id}`)).statusCode).toBe(204);
    expect((await call(owner, 'GET', `/policies/${p.id}`)).statusCode).toBe(404);
  });

  it('renewals due in N days lists active and pending policies renewing between today and today + N, soonest first', async () => {
    const day = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);
    const holder = (await call(owner, 'POST', '/customers', { name: 'Renewal Holder' })).json().id;
    const mk = (renewalDate: string, status = 'active') => call(owner, 'POST', '/policies', { customerId: holder, number: number(), ...base, startDate: '2020-01-01', endDate: null, renewalDate, status });
    const soon = (await mk(day(5))).json();
    const later = (await mk(day(25))).json();
    await mk(day(45));
    await mk(day(-3));
    await mk(day(10), 'cancelled');
    const due = (await call(owner, 'GET', `/policies?customerId=${holder}&renewalWithinDays=30`)).json().items.map((p: { id: string }) => p.id);
    expect(due).toEqual([soon.id, later.id]);
    expect((await call(owner, 'GET', `/policies?customerId=${holder}&status=cancelled`)).json().items).toHaveLength(1);
    expect(fields(await call(owner, 'GET', '/policies?status=bogus'))).toEqual(['querystring.status']);
    const sorted = (await call(owner, 'GET', `/policies?customerId=${holder}&sort=-renewalDate&limit=2`)).json();
    expect(sorted.items).toHaveLength(2);
    expect(sorted.nextCursor).toBeTruthy();
  });

  it('scope own: an agent adds and edits policies only on customers they own', async () => {
    const theirs = (await call(agent, 'POST', '/customers', { name: 'Agent Holder' })).json().id;
    expect((await call(agent, 'POST', '/policies', { customerId: theirs, number: number(), ...base })).statusCode).toBe(201);
    const denied = await call(agent, 'POST', '/policies', { customerId, number: number(), ...base });
    expect(denied.statusCode).toBe(403);
    const p = (await call(owner, 'POST', '/policies', { customerId, number: number(), ...base })).json();
    expect((await call(agent, 'PATCH', `/policies/${p.id}`, { version: 1, status: 'lapsed' })).statusCode).toBe(403);
    expect((await call(agent, 'DELETE', `/policies/${p.id}`)).statusCode).toBe(403);
  });

  it('property: every policy belongs to a customer of the same workspace, whatever customer ids are tried', async () => {
    const trashed = (await call(owner, 'POST', '/customers', { name: 'Trashed Holder' })).json().id;
    await call(owner, 'DELETE', `/customers/${trashed}`);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(customerId, foreignCustomerId, trashed, '00000000-0000-4000-8000-000000000000'), async (target) => {
        const res = await call(owner, 'POST', '/policies', { customerId: target, number: number(), ...base });
        expect(res.statusCode).toBe(target === customerId ? 201 : 400);
      }),
      { numRuns: 100 },
    );
    const orphans = await t.app.db.owner.query(
      `SELECT count(*)::int AS n FROM policies p LEFT JOIN customers c ON c.workspace_id = p.workspace_id AND c.id = p.customer_id WHERE c.id IS NULL`,
    );
    expect(orphans.rows[0].n).toBe(0);
  });
});
