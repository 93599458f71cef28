import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ImportDetail } from '@grip/contracts/imports';
import { createTestApp, type TestApp } from '../../../test/helpers.ts';
import { createWorkspace, signedInUser } from '../../../test/identity-helpers.ts';
import { multipart } from '../../../test/upload.ts';
import { createStorage } from '../../lib/storage.ts';
import { runImport } from './imports.service.ts';
import { parseCsv } from '../../../test/csv.ts';

/** The columns a round trip compares: every field of a customer (ids, timestamps and notes are the new workspace's own). */
const FIELDS = 'name,kind,email,phone,company,status,tags,owner,addressLine1,addressLine2,city,region,postalCode,country,custom';

/** Text with what breaks CSV and spreadsheets: separators, quotes, line breaks, formula triggers, accents, emoji. */
const hostile = (max: number) =>
  fc
    .string({ unit: fc.constantFrom(...Array.from('ab Zé,;"\n\t=+-@|ßø中😀1.')), minLength: 1, maxLength: max })
    .map((s) => s.trim())
    .filter((s) => s.length > 0 && !s.startsWith("'"));
const tag = fc.string({ unit: fc.constantFrom(...'abcXYZé-_ 19'.split('')), minLength: 1, maxLength: 12 }).map((s) => s.trim()).filter((s) => s.length > 0);


describe('export → import round trip', () => {
  let t: TestApp;
  let user: Awaited<ReturnType<typeof signedInUser>>;
  let source: { id: string; slug: string };

  beforeAll(async () => {
    t = await createTestApp();
    user = await signedInUser(t.app);
    source = await createWorkspace(t.app, user.cookie);
    await t.app.inject({ method: 'POST', url: `/api/v1/w/${source.slug}/customer-fields`, headers: { cookie: user.cookie }, payload: { key: 'tier', label: 'Tier', type: 'text' } });
  });
  afterAll(async () => t?.close());

  const call = (method: 'GET' | 'POST', slug: string, path: string, payload?: object) =>
    t.app.inject({ method, url: `/api/v1/w/${slug}${path}`, headers: { cookie: user.cookie }, ...(payload ? { payload } : {}) });

  it('property: customers exported as CSV and imported into another workspace export the same', async () => {
    let run = 0;
    const customer = fc.record({
      name: hostile(40),
      kind: fc.constantFrom('person', 'company'),
      phone: fc.option(fc.constantFrom('+14155550123', '+442079460958', '+41446681800'), { nil: undefined }),
      company: fc.option(hostile(30), { nil: undefined }),
      status: fc.constantFrom('lead', 'active', 'inactive', 'churned'),
      tags: fc.uniqueArray(tag, { maxLength: 4 }),
      address: fc.option(
        fc.record({ line1: hostile(30), line2: fc.constantFrom('', 'Apt 2'), city: fc.option(hostile(20), { nil: '' }), region: fc.constant(''), postalCode: fc.constantFrom('', '8001', 'SW1A 1AA'), country: fc.constantFrom('', 'GB', 'US', 'CH') }),
        { nil: undefined },
      ),
      tier: fc.option(hostile(20), { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(customer, { minLength: 1, maxLength: 4 }), async (people) => {
        run++;
        const marker = `rt-${run}`;
        for (const [i, p] of people.entries()) {
          const { tier, ...rest } = p;
          const res = await call('POST', source.slug, '/customers', { ...rest, email: `Round.Trip-${run}-${i}@Example.com`, tags: [...p.tags.filter((x) => x !== marker), marker], custom: tier ? { tier } : {} });
          expect(res.statusCode, res.body).toBe(201);
        }
        const exported = await call('GET', source.slug, `/customers/export.csv?tags=${marker}&fields=${FIELDS}&sort=email`);
        expect(exported.statusCode).toBe(200);

        const target = await createWorkspace(t.app, user.cookie);
        await call('POST', target.slug, '/customer-fields', { key: 'tier', label: 'Tier', type: 'text' });
        const m = multipart(exported.body, 'export.csv');
        const uploaded = await t.app.inject({ method: 'POST', url: `/api/v1/w/${target.slug}/imports?entity=customers`, headers: { cookie: user.cookie, ...m.headers }, payload: m.payload });
        const d: ImportDetail = uploaded.json();
        expect(Object.values(d.mapping).sort()).toEqual(
          ['name', 'kind', 'email', 'phone', 'company', 'status', 'tags', 'owner', 'address.line1', 'address.line2', 'address.city', 'address.region', 'address.postalCode', 'address.country', 'custom'].sort(),
        );
        expect((await call('POST', target.slug, `/imports/${d.id}/start`, { dryRun: false })).statusCode).toBe(202);
        await runImport(t.app.db.owner, createStorage(t.config.storageUrl), target.id, d.id);
        const job = (await call('GET', target.slug, `/imports/${d.id}`)).json();
        expect(job, JSON.stringify((await call('GET', target.slug, `/imports/${d.id}/errors.csv`)).body)).toMatchObject({ status: 'done', created: people.length, failed: 0 });

        const again = await call('GET', target.slug, `/customers/export.csv?fields=${FIELDS}&sort=email`);
        expect(parseCsv(again.body)).toEqual(parseCsv(exported.body));
      }),
      { numRuns: 100 },
    );
  }, 300_000);
});
