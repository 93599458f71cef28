import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createTestApp, type TestApp } from '../../../test/helpers.ts';
import { addMember, createWorkspace, signedInUser } from '../../../test/identity-helpers.ts';
import { SEARCH_WALK, purgeTrash } from './customers.service.ts';
import { runBulkJob } from './bulk.service.ts';

type User = Awaited<ReturnType<typeof signedInUser>>;

describe('customers', () => {
  let t: TestApp;
  let owner: User;
  let agent: User;
  let viewer: User;
  let ws: { id: string; slug: string };
  let url: (path: string) => string;

  const post = (u: User, path: string, payload: unknown) => t.app.inject({ method: 'POST', url: url(path), headers: u.headers, payload: payload as object });
  const patch = (u: User, path: string, payload: unknown) => t.app.inject({ method: 'PATCH', url: url(path), headers: u.headers, payload: payload as object });
  const get = (u: User, path: string) => t.app.inject({ url: url(path), headers: u.headers });
  const del = (u: User, path: string) => t.app.inject({ method: 'DELETE', url: url(path), headers: u.headers });
  const create = async (u: User, body: Record<string, unknown>) => {
    const res = await post(u, '/customers', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const fields = (res: { json: () => { error: { details?: { fields?: Array<{ field: string }> } } } }) => res.json().error.details?.fields?.map((f) => f.field);

  beforeAll(async () => {
    t = await createTestApp();
    owner = await signedInUser(t.app, { name: 'Olivia Owner' });
    agent = await signedInUser(t.app, { name: 'Andy Agent' });
    viewer = await signedInUser(t.app, { name: 'Vera Viewer' });
    ws = await createWorkspace(t.app, owner.cookie, 'Crm Co');
    await addMember(t.app, ws.id, agent.id, 'agent');
    await addMember(t.app, ws.id, viewer.id, 'viewer');
    url = (path) => `/api/v1/w/${ws.slug}${path}`;
  });
  afterAll(() => t.close());

  it('when a customer is created, then its phone is E.164, the creator owns it, and it is audited', async () => {
    const c = await create(owner, { name: 'Zoë Müller', email: ' Zoe@Example.com ', phone: '(415) 555-0132', address: { country: 'us', city: 'San Francisco' }, tags: ['vip', 'vip'] });
    expect(c).toMatchObject({ name: 'Zoë Müller', email: 'Zoe@Example.com', phone: '+14155550132', tags: ['vip'], status: 'active', version: 1, owner: { id: owner.id } });
    expect(c.address.country).toBe('US');
    const timeline = await get(owner, `/customers/${c.id}/timeline`);
    expect(timeline.json().items[0]).toMatchObject({ action: 'customer.created', actorEmail: owner.email });
  });

  it('when input is bad, then the answer is 400 naming each field and nothing is written', async () => {
    const before = (await get(owner, '/customers/count')).json().count;
    const res = await post(owner, '/customers', { name: '', email: 'not-an-email', status: 'gone', kind: 'robot' });
    expect(res.statusCode).toBe(400);
    expect(fields(res)?.sort()).toEqual(['body.email', 'body.kind', 'body.name', 'body.status']);
    const phone = await post(owner, '/customers', { name: 'Bad Phone', phone: '555-0132' });
    expect(phone.statusCode).toBe(400);
    expect(fields(phone)).toEqual(['body.phone']);
    const ownerNotMember = await post(owner, '/customers', { name: 'Nobody’s', ownerId: '00000000-0000-4000-8000-000000000001' });
    expect(fields(ownerNotMember)).toEqual(['body.ownerId']);
    expect((await get(owner, '/customers/count')).json().count).toBe(before);
  });

  it('when an email is used (in any case or spacing), then a second customer gets 409 on body.email with the existing id', async () => {
    const first = await create(owner, { name: 'First', email: 'dupe@example.com' });
    const res = await post(owner, '/customers', { name: 'Second', email: '  DUPE@example.COM' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'email_taken', details: { existingId: first.id } });
    expect(fields(res)).toEqual(['body.email']);
  });

  it('property: concurrent creates never leave two customers of a workspace with the same normalised email', async () => {
    const local = fc.stringMatching(/^[a-c]{1,2}$/);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(local, fc.constantFrom('', ' ', '  '), fc.boolean()), { minLength: 2, maxLength: 8 }), async (emails) => {
        const run = Math.random().toString(36).slice(2, 8);
        const results = await Promise.all(
          emails.map(([l, pad, upper], i) => {
            const email = `${pad}${upper ? l.toUpperCase() : l}@${run}.test${pad}`;
            return post(owner, '/customers', { name: `Prop ${i}`, email });
          }),
        );
        const created = results.filter((r) => r.statusCode === 201).map((r) => r.json().email.trim().toLowerCase());
        expect(new Set(created).size).toBe(created.length);
        // Every distinct address got exactly one customer; every other attempt was a 409.
        expect(created.length).toBe(new Set(emails.map(([l]) => l)).size);
        expect(results.every((r) => r.statusCode === 201 || r.statusCode === 409)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('when two people edit the same version, then the second gets 409 with the current record, and can overwrite', async () => {
    const c = await create(owner, { name: 'Race Co', kind: 'company' });
    const a = await patch(owner, `/customers/${c.id}`, { version: 1, status: 'inactive' });
    expect(a.statusCode).toBe(200);
    expect(a.json().version).toBe(2);
    const b = await patch(owner, `/customers/${c.id}`, { version: 1, company: 'Stale Ltd' });
    expect(b.statusCode).toBe(409);
    expect(b.json().error).toMatchObject({ code: 'version_conflict', details: { current: { id: c.id, version: 2, status: 'inactive' } } });
    const overwrite = await patch(owner, `/customers/${c.id}`, { version: 2, company: 'Stale Ltd' });
    expect(overwrite.json()).toMatchObject({ company: 'Stale Ltd', status: 'inactive', version: 3 });
    const timeline = (await get(owner, `/customers/${c.id}/timeline`)).json().items;
    expect(timeline[0]).toMatchObject({ action: 'customer.updated', before: { company: null }, after: { company: 'Stale Ltd' } });
  });

  it('search matches name, email, phone and company by substring, ignoring case and accents', async () => {
    const c = await create(owner, { name: 'Ångström Søren', email: 'soren@fjord.example', phone: '+4420 7946 0958', company: 'Fjördlight AB' });
    for (const q of ['angstr', 'ÅNGSTRÖM', 'fjord.exa', '79460', 'fjordlight', 'GSTR']) {
      const res = await get(owner, `/customers?q=${encodeURIComponent(q)}`);
      expect(res.statusCode).toBe(200);
      expect(res.json().items.map((x: { id: string }) => x.id), q).toContain(c.id);
    }
    expect((await get(owner, '/customers?q=%25')).json().items.map((x: { name: string }) => x.name)).not.toContain('Ångström Søren');
  });

  it('filters combine with AND; multi-column sort pages through every row exactly once', async () => {
    const tag = `t${Date.now()}`;
    const names = ['Delta', 'alpha', 'Charlie', 'bravo', 'Echo', 'alpha'];
    for (const [i, name] of names.entries()) await create(owner, { name, tags: [tag], status: i % 2 ? 'lead' : 'active', ownerId: i < 3 ? agent.id : null });
    const list = async (qs: string) => {
      const items: Array<{ name: string; status: string }> = [];
      let cursor: string | null = null;
      do {
        const res = await get(owner, `/customers?tags=${tag}&${qs}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.statusCode, res.body).toBe(200);
        items.push(...res.json().items);
        cursor = res.json().nextCursor;
      } while (cursor);
      return items;
    };
    expect((await list('sort=name')).map((c) => c.name)).toEqual(['alpha', 'alpha', 'bravo', 'Charlie', 'Delta', 'Echo']);
    expect((await list('sort=-name')).map((c) => c.name)).toEqual(['Echo', 'Delta', 'Charlie', 'bravo', 'alpha', 'alpha']);
    expect((await list('sort=status,-name')).map((c) => `${c.status}:${c.name}`)).toEqual(['active:Echo', 'active:Delta', 'active:Charlie', 'lead:bravo', 'lead:alpha', 'lead:alpha']);
    expect((await list('status=lead&owner=none')).map((c) => c.name).sort()).toEqual(['alpha', 'bravo']);
    expect((await list(`owner=${agent.id}`)).length).toBe(3);
    const today = new Date().toISOString().slice(0, 10);
    expect((await list(`createdFrom=${today}&createdTo=${today}`)).length).toBe(6);
    expect((await list('createdTo=2000-01-01')).length).toBe(0);
    const badSort = await get(owner, '/customers?sort=password');
    expect(badSort.statusCode).toBe(400);
    expect(fields(badSort)).toEqual(['querystring.sort']);
    const badCursor = await get(owner, '/customers?cursor=nonsense');
    expect(fields(badCursor)).toEqual(['querystring.cursor']);
  });

  it('custom fields are validated on write, and filterable and sortable', async () => {
    const tier = await post(owner, '/customer-fields', { key: 'tier', label: 'Tier', type: 'select', options: ['gold', 'silver'] });
    expect(tier.statusCode).toBe(201);
    await post(owner, '/customer-fields', { key: 'score', label: 'Score', type: 'number' });
    await post(owner, '/customer-fields', { key: 'renewal', label: 'Renewal', type: 'date' });
    await post(owner, '/customer-fields', { key: 'consent', label: 'Consent', type: 'checkbox' });
    await post(owner, '/customer-fields', { key: 'langs', label: 'Languages', type: 'multiselect', options: ['en', 'de', 'fr'] });
    expect(fields(await post(owner, '/customer-fields', { key: 'tier', label: 'Again', type: 'text' }))).toEqual(['body.key']);
    expect(fields(await post(owner, '/customer-fields', { key: 'empty', label: 'Empty', type: 'select', options: [] }))).toEqual(['body.options']);
    expect(fields(await post(owner, '/customer-fields', { key: 'Bad Key', label: 'x', type: 'text' }))).toEqual(['body.key']);

    const bad = await post(owner, '/customers', { name: 'Bad custom', custom: { tier: 'bronze' } });
    expect(fields(bad)).toEqual(['body.custom.tier']);
    expect(fields(await post(owner, '/customers', { name: 'x', custom: { score: 'high' } }))).toEqual(['body.custom.score']);
    expect(fields(await post(owner, '/customers', { name: 'x', custom: { renewal: '2026-13-45' } }))).toEqual(['body.custom.renewal']);
    expect(fields(await post(owner, '/customers', { name: 'x', custom: { nope: 1 } }))).toEqual(['body.custom.nope']);
    expect(fields(await post(owner, '/customers', { name: 'x', custom: { langs: ['en', 'xx'] } }))).toEqual(['body.custom.langs']);

    const tag = `cf${Date.now()}`;
    const a = await create(owner, { name: 'CF A', tags: [tag], custom: { tier: 'gold', score: 10, renewal: '2027-01-01', consent: true, langs: ['en'] } });
    const b = await create(owner, { name: 'CF B', tags: [tag], custom: { tier: 'silver', score: 2, langs: ['de', 'fr'] } });
    const c = await create(owner, { name: 'CF C', tags: [tag], custom: { score: 30 } });
    const ids = async (qs: string) => {
      const res = await get(owner, `/customers?tags=${tag}&${qs}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().items.map((x: { id: string }) => x.id);
    };
    const custom = (o: object) => `custom=${encodeURIComponent(JSON.stringify(o))}`;
    expect(await ids(custom({ tier: ['gold'] }))).toEqual([a.id]);
    expect((await ids(custom({ score: { min: 5 } }))).sort()).toEqual([a.id, c.id].sort());
    expect(await ids(custom({ renewal: { min: '2026-12-01', max: '2027-02-01' } }))).toEqual([a.id]);
    expect(await ids(custom({ consent: true }))).toEqual([a.id]);
    expect((await ids(custom({ consent: false }))).sort()).toEqual([b.id, c.id].sort());
    expect(await ids(custom({ langs: ['fr'] }))).toEqual([b.id]);
    expect(await ids('sort=-custom.score')).toEqual([c.id, a.id, b.id]);
    expect(await ids('sort=custom.score&limit=1').then(() => ids('sort=custom.score'))).toEqual([b.id, a.id, c.id]);
    const unknown = await get(owner, `/customers?${custom({ nope: 'x' })}`);
    expect(fields(unknown)).toEqual(['querystring.custom.nope']);
    // Required fields must be given on create; clearing a value removes it.
    const req = await post(owner, '/customer-fields', { key: 'region_code', label: 'Region', type: 'text', required: true });
    expect(fields(await post(owner, '/customers', { name: 'Needs region' }))).toEqual(['body.custom.region_code']);
    await del(owner, `/customer-fields/${req.json().id}`);
    const cleared = await patch(owner, `/customers/${a.id}`, { version: a.version, custom: { tier: null } });
    expect(cleared.json().custom.tier).toBeUndefined();
    // Deleting a field removes its values.
    await del(owner, `/customer-fields/${tier.json().id}`);
    expect((await get(owner, `/customers/${b.id}`)).json().custom.tier).toBeUndefined();
  });

  it('duplicates: same email, same phone and similar names are found; the caller’s own record is excluded', async () => {
    const c = await create(owner, { name: 'Jonathan Smithers', email: 'jsmithers@example.com', phone: '+1 212 555 0199' });
    const byName = (await get(owner, '/customers/duplicates?name=Jonathon%20Smithers')).json().items;
    expect(byName[0]).toMatchObject({ customer: { id: c.id }, reasons: ['similar_name'] });
    const byPhone = (await get(owner, '/customers/duplicates?phone=(212)%20555-0199&country=US')).json().items;
    expect(byPhone[0]).toMatchObject({ customer: { id: c.id }, reasons: ['same_phone'] });
    const byEmail = (await get(owner, '/customers/duplicates?email=JSMITHERS@example.com')).json().items;
    expect(byEmail[0].reasons).toContain('same_email');
    expect((await get(owner, `/customers/duplicates?email=jsmithers@example.com&excludeId=${c.id}`)).json().items).toEqual([]);
  });

  it('trash: deleting hides a customer from lists, restore brings it back, and the purge removes it after 30 days', async () => {
    const c = await create(owner, { name: 'Trashy Inc', email: 'trash@example.com' });
    await create(owner, { name: 'Keeper' });
    expect((await del(owner, `/customers/${c.id}`)).statusCode).toBe(204);
    expect((await get(owner, '/customers?q=trashy')).json().items).toEqual([]);
    expect((await get(owner, '/customers?trash=true&q=trashy')).json().items.map((x: { id: string }) => x.id)).toEqual([c.id]);
    expect((await get(owner, `/customers/${c.id}`)).json().deletedAt).not.toBeNull();
    // Its email stays taken while in the trash; the error says so.
    const again = await post(owner, '/customers', { name: 'Trashy Again', email: 'trash@example.com' });
    expect(again.json().error.details.fields[0].message).toContain('trash');
    expect(fields(await patch(owner, `/customers/${c.id}`, { version: 2, name: 'x' }))).toBeUndefined();
    const restored = await post(owner, `/customers/${c.id}/restore`, {});
    expect(restored.json().deletedAt).toBeNull();
    await del(owner, `/customers/${c.id}`);
    expect(await purgeTrash(t.app.db.owner, new Date(Date.now() + 29 * 86_400_000))).toBe(0);
    expect(await purgeTrash(t.app.db.owner, new Date(Date.now() + 31 * 86_400_000))).toBeGreaterThanOrEqual(1);
    expect((await get(owner, `/customers/${c.id}`)).statusCode).toBe(404);
  });

  it('scope own: an agent edits only customers they own; a custom role with customers:read own sees only theirs everywhere', async () => {
    const mine = await create(agent, { name: 'Agent Owned' });
    expect(mine.owner.id).toBe(agent.id); // the creator owns what they create unless they say otherwise
    const theirs = await create(owner, { name: 'Owner Owned Zed' });
    expect((await patch(agent, `/customers/${mine.id}`, { version: 1, status: 'lead' })).statusCode).toBe(200);
    const denied = await patch(agent, `/customers/${theirs.id}`, { version: 1, status: 'lead' });
    expect(denied.statusCode).toBe(403);
    expect((await patch(agent, `/customers/${mine.id}`, { version: 2, ownerId: owner.id })).statusCode).toBe(403);
    expect((await get(agent, `/customers/${theirs.id}`)).statusCode).toBe(200); // agents read all
    expect((await del(viewer, `/customers/${mine.id}`)).statusCode).toBe(403);

    // A role that reads only its own customers.
    const role = await t.app.inject({
      method: 'POST',
      url: url('/roles'),
      headers: owner.headers,
      payload: { key: 'own-reader', name: 'Own reader', permissions: { 'workspace:read': 'all', 'customers:read': 'own', 'customers:create': 'all', 'customers:update': 'own', 'policies:read': 'own', 'notes:read': 'own' } },
    });
    expect(role.statusCode, role.body).toBe(201);
    const limited = await signedInUser(t.app);
    await t.app.withTenant({ workspaceId: ws.id }, ({ client }) =>
      client.query('INSERT INTO memberships (workspace_id, user_id, role_id) VALUES ($1, $2, $3)', [ws.id, limited.id, role.json().id]),
    );
    t.app.clearAuthCache();
    const own = await create(limited, { name: 'Limited Own Zed', email: 'limited-own@example.com' });
    const items = (await get(limited, '/customers?limit=200')).json().items;
    expect(items.map((x: { id: string }) => x.id)).toEqual([own.id]);
    expect((await get(limited, '/customers?q=zed')).json().items.map((x: { id: string }) => x.id)).toEqual([own.id]);
    expect((await get(limited, '/customers/count')).json()).toEqual({ count: 1, capped: false });
    expect((await get(limited, `/customers/${theirs.id}`)).statusCode).toBe(404);
    expect((await get(limited, `/customers/${theirs.id}/timeline`)).statusCode).toBe(404);
    const dupes = (await get(limited, '/customers/duplicates?name=Owner%20Owned%20Zed')).json().items.map((d: { customer: { id: string } }) => d.customer.id);
    expect(dupes).not.toContain(theirs.id);
    expect((await get(owner, '/customers/duplicates?name=Owner%20Owned%20Zed')).json().items[0].customer.id).toBe(theirs.id);
    expect((await get(owner, '/customers/count?q=zed')).json().count).toBeGreaterThanOrEqual(2);
    const p = await post(owner, '/policies', { customerId: theirs.id, number: `OWN-${Date.now()}`, product: 'Home', premium: 10, currency: 'EUR', startDate: '2026-01-01' });
    expect(p.statusCode).toBe(201);
    expect((await get(limited, `/policies?customerId=${theirs.id}`)).json().items).toEqual([]);
    expect((await get(limited, `/policies/${p.json().id}`)).statusCode).toBe(404);
  });

  it('merge moves every policy and note to the primary, fills its gaps, trashes the secondary, and audits both', async () => {
    const primary = await create(owner, { name: 'Merge Primary', tags: ['a'] });
    const secondary = await create(owner, { name: 'Merge Secondary', email: 'secondary@example.com', phone: '+33 1 42 68 53 00', tags: ['b'] });
    await post(owner, '/policies', { customerId: secondary.id, number: `M-${Date.now()}`, product: 'Auto', premium: 99.5, currency: 'EUR', startDate: '2026-01-01' });
    await post(owner, `/customers/${secondary.id}/notes`, { body: 'secondary note' });
    await post(owner, `/customers/${primary.id}/notes`, { body: 'primary note' });
    const res = await post(owner, '/customers/merge', { primaryId: primary.id, secondaryId: secondary.id });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: primary.id, email: 'secondary@example.com', phone: '+33142685300', tags: ['a', 'b'] });
    expect((await get(owner, `/policies?customerId=${primary.id}`)).json().items).toHaveLength(1);
    expect((await get(owner, `/customers/${primary.id}/notes`)).json().items.map((n: { body: string }) => n.body).sort()).toEqual(['primary note', 'secondary note']);
    const gone = (await get(owner, `/customers/${secondary.id}`)).json();
    expect(gone).toMatchObject({ mergedIntoId: primary.id, email: null });
    expect(gone.deletedAt).not.toBeNull();
    expect((await post(owner, `/customers/${secondary.id}/restore`, {})).statusCode).toBe(409);
    expect((await get(owner, `/customers/${primary.id}/timeline`)).json().items[0].action).toBe('customer.merged');
    expect((await post(owner, '/customers/merge', { primaryId: primary.id, secondaryId: primary.id })).statusCode).toBe(400);
    expect((await post(agent, '/customers/merge', { primaryId: primary.id, secondaryId: secondary.id })).statusCode).toBe(403);
  });

  it('property: merging loses no policy or note of either customer', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: 3 }), fc.nat({ max: 3 }), fc.nat({ max: 3 }), fc.nat({ max: 3 }), async (pa, pb, na, nb) => {
        n++;
        const a = await create(owner, { name: `PA ${n}` });
        const b = await create(owner, { name: `PB ${n}` });
        const add = async (id: string, policies: number, notes: number) => {
          for (let i = 0; i < policies; i++) await post(owner, '/policies', { customerId: id, number: `P-${id.slice(0, 8)}-${i}`, product: 'Life', premium: 1, currency: 'USD', startDate: '2026-01-01' });
          for (let i = 0; i < notes; i++) await post(owner, `/customers/${id}/notes`, { body: `n${i}` });
        };
        await add(a.id, pa, na);
        await add(b.id, pb, nb);
        const [first, second] = n % 2 ? [a, b] : [b, a];
        expect((await post(owner, '/customers/merge', { primaryId: first.id, secondaryId: second.id })).statusCode).toBe(200);
        const counts = await t.app.withTenant({ workspaceId: ws.id }, ({ client }) =>
          client.query<{ policies: number; notes: number; left: number }>(
            `SELECT (SELECT count(*)::int FROM policies WHERE customer_id = $1) AS policies, (SELECT count(*)::int FROM notes WHERE customer_id = $1) AS notes,
                    (SELECT count(*)::int FROM policies WHERE customer_id = $2) + (SELECT count(*)::int FROM notes WHERE customer_id = $2) AS left`,
            [first.id, second.id],
          ),
        );
        expect(counts.rows[0]).toEqual({ policies: pa + pb, notes: na + nb, left: 0 });
      }),
      { numRuns: 100 },
    );
  }, 120_000);

  it('bulk: selected ids change at once with a per-row error report; "all matching" runs as a job and audits every row', async () => {
    const tag = `bulk${Date.now()}`;
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await create(owner, { name: `Bulk ${i}`, tags: [tag] }));
    const missing = '00000000-0000-4000-8000-00000000dead';
    const res = await post(owner, '/customers/bulk', { selection: { ids: [...made.slice(0, 3).map((c) => c.id), missing] }, action: { type: 'addTags', tags: ['hot'] } });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toMatchObject({ status: 'done', total: 4, processed: 4, failed: 1 });
    const csv = await get(owner, `/bulk-jobs/${res.json().id}/errors.csv`);
    expect(csv.headers['content-disposition']).toContain('attachment');
    expect(csv.body.trim().split(/\r?\n/)).toEqual(['id,name,error', `${missing},,not found or in the trash`]);
    expect((await get(owner, `/customers?tags=${tag},hot`)).json().items).toHaveLength(3);

    // All matching a filter: queued as a job; run it the way the worker does.
    const job = await post(owner, '/customers/bulk', { selection: { filter: { tags: [tag] } }, action: { type: 'status', status: 'churned' } });
    expect(job.statusCode).toBe(202);
    expect(job.json().status).toBe('queued');
    await runBulkJob(t.app.db.owner, ws.id, job.json().id);
    expect((await get(owner, `/bulk-jobs/${job.json().id}`)).json()).toMatchObject({ status: 'done', total: 5, processed: 5, failed: 0 });
    expect((await get(owner, `/customers?tags=${tag}&status=churned`)).json().items).toHaveLength(5);
    const audit = (await get(owner, `/customers/${made[4].id}/timeline`)).json().items[0];
    expect(audit).toMatchObject({ action: 'customer.updated', before: { status: 'active' }, after: { status: 'churned' } });

    // Deleting needs customers:delete; an agent may change only their own.
    expect((await post(agent, '/customers/bulk', { selection: { ids: [made[0].id] }, action: { type: 'delete' } })).statusCode).toBe(403);
    const agentRes = await post(agent, '/customers/bulk', { selection: { ids: [made[0].id] }, action: { type: 'status', status: 'lead' } });
    expect(agentRes.json()).toMatchObject({ failed: 1 });
    expect(fields(await post(owner, '/customers/bulk', { selection: { ids: [] }, action: { type: 'delete' } }))).toEqual(['body.selection.ids']);
    const del5 = await post(owner, '/customers/bulk', { selection: { ids: made.map((c) => c.id) }, action: { type: 'delete' } });
    expect(del5.json()).toMatchObject({ processed: 5, failed: 0 });
    expect((await get(owner, `/customers/count?tags=${tag}`)).json().count).toBe(0);
  });

  it('saved views: personal and shared, sharing needs views:share, the last view is remembered per user', async () => {
    const state = { filter: { status: ['lead'] }, sort: '-createdAt', columns: ['name', 'email'] };
    const mine = await post(agent, '/views', { resource: 'customers', name: 'My leads', state });
    expect(mine.statusCode).toBe(201);
    expect(mine.json()).toMatchObject({ name: 'My leads', shared: false, mine: true, state });
    expect((await post(agent, '/views', { resource: 'customers', name: 'Shared', shared: true, state })).statusCode).toBe(403);
    const shared = await post(owner, '/views', { resource: 'customers', name: 'Team VIPs', shared: true, state: { filter: { tags: ['vip'] }, sort: 'name', columns: [] } });
    expect(shared.statusCode).toBe(201);
    const agentViews = (await get(agent, '/views?resource=customers')).json().items.map((v: { name: string }) => v.name);
    expect(agentViews.sort()).toEqual(['My leads', 'Team VIPs']);
    expect((await get(viewer, '/views?resource=customers')).json().items.map((v: { name: string }) => v.name)).toEqual(['Team VIPs']);
    expect((await patch(agent, `/views/${shared.json().id}`, { name: 'Mine now' })).statusCode).toBe(403);
    expect(fields(await post(agent, '/views', { resource: 'customers', name: 'Bad', state: { filter: { status: ['nope'] } } }))).toEqual(['body.state.filter.status.0']);
    expect((await get(agent, '/views/last?resource=customers')).json()).toEqual({ viewId: null, state: null });
    await t.app.inject({ method: 'PUT', url: url('/views/last'), headers: agent.headers, payload: { resource: 'customers', viewId: mine.json().id, state } });
    expect((await get(agent, '/views/last?resource=customers')).json()).toEqual({ viewId: mine.json().id, state });
    expect((await get(owner, '/views/last?resource=customers')).json().viewId).toBeNull();
    expect((await del(agent, `/views/${mine.json().id}`)).statusCode).toBe(204);
  });

  it('search in name order pages every match exactly once, whether the name-index walk or the trigram index finds it', async () => {
    const w = await createWorkspace(t.app, owner.cookie, 'Search Co');
    // More common names than the walk reads, and rare matches that sort after all of them.
    await t.app.withTenant({ workspaceId: w.id }, ({ client }) =>
      client.query(
        `INSERT INTO customers (workspace_id, name, owner_id)
         SELECT $1::uuid, 'Common ' || lpad(i::text, 5, '0'), $2::uuid FROM generate_series(1, ${SEARCH_WALK + 500}) i
         UNION ALL SELECT $1::uuid, 'Zed Rarë ' || lpad(i::text, 3, '0'), $2::uuid FROM generate_series(1, 60) i`,
        [w.id, owner.id],
      ),
    );
    await t.app.db.owner.query('ANALYZE customers');
    const all = async (q: string, sort = 'name') => {
      const names: string[] = [];
      let cursor: string | null = null;
      do {
        const res: { statusCode: number; body: string; json: () => { items: Array<{ name: string }>; nextCursor: string | null } } = await t.app.inject({
          url: `/api/v1/w/${w.slug}/customers?q=${encodeURIComponent(q)}${sort ? `&sort=${sort}` : ''}&limit=25${cursor ? `&cursor=${cursor}` : ''}`,
          headers: owner.headers,
        });
        expect(res.statusCode, res.body).toBe(200);
        names.push(...res.json().items.map((c) => c.name));
        cursor = res.json().nextCursor;
      } while (cursor);
      return names;
    };
    const rare = Array.from({ length: 60 }, (_, i) => `Zed Rarë ${String(i + 1).padStart(3, '0')}`);
    expect(await all('rare')).toEqual(rare);
    expect(await all('RARE', '-name')).toEqual([...rare].reverse());
    const common = await all('ommon 004');
    expect(common).toEqual(Array.from({ length: 100 }, (_, i) => `Common ${String(400 + i).padStart(5, '0')}`));
    expect((await all('mmon 0000')).length).toBe(9);
    // Without a sort, a search lists the most recently updated first, through the same two paths.
    await t.app.withTenant({ workspaceId: w.id }, ({ client }) =>
      client.query(`UPDATE customers SET updated_at = now() + (substring(name from '[0-9]+$')::int || ' seconds')::interval WHERE workspace_id = $1 AND name LIKE 'Zed%'`, [w.id]),
    );
    expect(await all('rare', '')).toEqual([...rare].reverse());
    expect((await all('common', '')).length).toBe(SEARCH_WALK + 500);
  });

  it('the search operators are leakproof, so row-level security lets their indexes be used', async () => {
    // PostgreSQL uses a condition as an index condition under RLS only if its function is LEAKPROOF (0009).
    const { rows } = await t.app.db.owner.query(
      `SELECT p.oid::regprocedure::text AS fn, p.proleakproof AS leakproof FROM pg_proc p
        WHERE p.oid IN ('pg_catalog.textlike(text,text)'::regprocedure, 'similarity_op(text,text)'::regprocedure, 'pg_catalog.arraycontains(anyarray,anyarray)'::regprocedure)
        ORDER BY 1`,
    );
    expect(rows.every((r: { leakproof: boolean }) => r.leakproof)).toBe(true);
    expect(rows).toHaveLength(3);
  });

  it('a bulk job that dies between chunks resumes after its last finished chunk, changing and auditing each row once', async () => {
    const tag = `resume${Date.now()}`;
    for (let i = 0; i < 7; i++) await create(owner, { name: `Resume ${i}`, tags: [tag] });
    const job = (await post(owner, '/customers/bulk', { selection: { filter: { tags: [tag] } }, action: { type: 'status', status: 'inactive' } })).json();
    let chunks = 0;
    const crash = () => {
      if (++chunks === 1) throw new Error('killed between chunks');
    };
    await expect(runBulkJob(t.app.db.owner, ws.id, job.id, { final: false, chunkSize: 3, afterChunk: crash })).rejects.toThrow('killed');
    expect((await get(owner, `/bulk-jobs/${job.id}`)).json()).toMatchObject({ status: 'running', processed: 3, total: 7 });
    await runBulkJob(t.app.db.owner, ws.id, job.id, { chunkSize: 3 });
    expect((await get(owner, `/bulk-jobs/${job.id}`)).json()).toMatchObject({ status: 'done', processed: 7, failed: 0 });
    expect((await get(owner, `/customers/count?tags=${tag}&status=inactive`)).json().count).toBe(7);
    const audits = await t.app.withTenant({ workspaceId: ws.id }, ({ client }) =>
      client.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE workspace_id = $1 AND request_id = $2`, [ws.id, `bulk:${job.id}`]),
    );
    expect(audits.rows[0]!.n).toBe(7);
  });

  it('custom fields are renamed, reordered and re-optioned; a change that does not fit the type names the field', async () => {
    const a = (await post(owner, '/customer-fields', { key: 'channel', label: 'Channel', type: 'select', options: ['web'] })).json();
    const b = (await post(owner, '/customer-fields', { key: 'nickname', label: 'Nick', type: 'text' })).json();
    const renamed = await patch(owner, `/customer-fields/${a.id}`, { label: 'Sales channel', options: ['web', 'phone'], required: true, position: 0 });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ key: 'channel', type: 'select', label: 'Sales channel', options: ['web', 'phone'], required: true, position: 0 });
    expect(fields(await patch(owner, `/customer-fields/${b.id}`, { options: ['x'] }))).toEqual(['body.options']);
    expect(fields(await patch(owner, `/customer-fields/${a.id}`, { options: ['web', 'web'] }))).toEqual(['body.options']);
    expect((await patch(owner, `/customer-fields/${a.id}`, {})).statusCode).toBe(400);
    expect((await patch(agent, `/customer-fields/${a.id}`, { label: 'No' })).statusCode).toBe(403);
    const list = (await get(owner, '/customer-fields')).json().items;
    expect(list.find((f: { id: string }) => f.id === a.id)).toMatchObject({ label: 'Sales channel', position: 0 });
    // The new required field applies to new customers.
    expect(fields(await post(owner, '/customers', { name: 'Needs channel' }))).toEqual(['body.custom.channel']);
    await del(owner, `/customer-fields/${a.id}`);
    await del(owner, `/customer-fields/${b.id}`);
  });

  it('a saved view is renamed, shared and given a new state by its owner', async () => {
    const view = (await post(owner, '/views', { resource: 'customers', name: 'Mine', state: { filter: {}, sort: 'name', columns: ['name'] } })).json();
    const res = await patch(owner, `/views/${view.id}`, { name: 'Leads by update', shared: true, state: { filter: { status: ['lead'] }, sort: '-updatedAt', columns: ['name', 'status'] } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ name: 'Leads by update', shared: true, state: { filter: { status: ['lead'] }, sort: '-updatedAt' } });
    expect((await get(viewer, '/views?resource=customers')).json().items.map((v: { id: string }) => v.id)).toContain(view.id);
    expect(fields(await patch(owner, `/views/${view.id}`, { state: { filter: { status: ['gone'] } } }))).toEqual(['body.state.filter.status.0']);
    expect((await del(owner, `/views/${view.id}`)).statusCode).toBe(204);
  });
});
