import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createTestApp, type TestApp } from './helpers.ts';
import { createWorkspace, signedInUser } from './identity-helpers.ts';
import { tenantRead } from '../src/db/tenant.ts';

// One connection in the read pool, so every read reuses the connection the previous one left behind.
describe('tenantRead on connections that keep their tenant context (decision 006)', () => {
  let t: TestApp;
  const ws: Array<{ id: string; userId: string; customerId: string }> = [];

  beforeAll(async () => {
    t = await createTestApp({ DATABASE_POOL_MAX: '1' });
    for (let i = 0; i < 3; i++) {
      const u = await signedInUser(t.app);
      const w = await createWorkspace(t.app, u.cookie);
      const c = await t.app.inject({ method: 'POST', url: `/api/v1/w/${w.slug}/customers`, headers: u.headers, payload: { name: `Tenant ${i}` } });
      ws.push({ id: w.id, userId: u.id, customerId: c.json().id });
    }
  });
  afterAll(() => t.close());

  it('property: whatever the order of reads, each sees exactly its own workspace’s rows', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat({ max: 2 }), fc.boolean()), { minLength: 1, maxLength: 30 }), async (reads) => {
        for (const [i, prepare] of reads) {
          const rows = await tenantRead<{ id: string; workspace_id: string }>(t.app.db.app, { workspaceId: ws[i]!.id, userId: ws[i]!.userId }, 'SELECT id, workspace_id FROM customers', [], { prepare });
          expect(rows).toEqual([{ id: ws[i]!.customerId, workspace_id: ws[i]!.id }]);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('a read that fails does not leave its connection in a context another read could inherit', async () => {
    await expect(tenantRead(t.app.db.app, { workspaceId: ws[0]!.id, userId: ws[0]!.userId }, 'SELECT * FROM no_such_table')).rejects.toThrow();
    const rows = await tenantRead(t.app.db.app, { workspaceId: ws[1]!.id, userId: ws[1]!.userId }, 'SELECT id FROM customers');
    expect(rows).toEqual([{ id: ws[1]!.customerId }]);
    await expect(tenantRead(t.app.db.app, { workspaceId: 'not-a-uuid' }, 'SELECT 1')).rejects.toThrow('must be a UUID');
  });

  it('nothing else borrows the read connections: a plain query on the app pool has no context', async () => {
    await tenantRead(t.app.db.app, { workspaceId: ws[0]!.id, userId: ws[0]!.userId }, 'SELECT 1');
    const { rows } = await t.app.db.app.query('SELECT count(*)::int AS n FROM customers');
    expect(rows[0].n).toBe(0);
  });
});
