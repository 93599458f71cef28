import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { createTestApp, type TestApp } from '../../../test/helpers.ts';
import { addMember, createWorkspace, lastMailTo, linkIn, signedInUser } from '../../../test/identity-helpers.ts';
import { createStorage } from '../../lib/storage.ts';
import { purgeExpiredExports, runExportJob, type ExportDeps } from './export-jobs.service.ts';

type User = Awaited<ReturnType<typeof signedInUser>>;

const csvRows = (text: string): string[][] => parse(text.replace(/^\uFEFF/, ''), { relax_column_count: false }) as string[][];

/** Every row of the first sheet of an XLSX file as text cells ('' for an empty cell), and whether any cell is a formula. */
async function xlsxRows(payload: Buffer): Promise<{ rows: string[][]; formulas: number }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(payload as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const rows: string[][] = [];
  let formulas = 0;
  sheet.eachRow({ includeEmpty: true }, (row) => {
    const cells: string[] = [];
    for (let c = 1; c <= sheet.columnCount; c++) {
      const cell = row.getCell(c);
      if (cell.type === ExcelJS.ValueType.Formula) formulas++;
      cells.push(cell.value === null || cell.value === undefined ? '' : String(cell.value));
    }
    rows.push(cells);
  });
  return { rows, formulas };
}

describe('export jobs and XLSX', () => {
  let t: TestApp;
  let owner: User;
  let own: User;
  let ticketsOnly: User;
  let ws: { id: string; slug: string };
  let deps: ExportDeps;
  const req = (u: User, method: 'GET' | 'POST', path: string, payload?: unknown) =>
    t.app.inject({ method, url: `/api/v1/w/${ws.slug}${path}`, headers: u.headers, ...(payload === undefined ? {} : { payload: payload as object }) });
  const run = (jobId: string) => runExportJob(deps, ws.id, jobId, { progressMs: 20 });

  beforeAll(async () => {
    t = await createTestApp();
    deps = { pool: t.app.db.owner, storage: createStorage(t.config.storageUrl), mailer: t.app.mail, appUrl: t.config.appUrl, linkHours: 24 };
    owner = await signedInUser(t.app, { name: 'Olga Owner' });
    own = await signedInUser(t.app, { name: 'Otto Own' });
    ticketsOnly = await signedInUser(t.app, { name: 'Tina Tickets' });
    ws = await createWorkspace(t.app, owner.cookie, 'Jobs Co');
    const ownRole = await req(owner, 'POST', '/roles', { key: 'own-all', name: 'Own everything', permissions: { 'workspace:read': 'all', 'customers:read': 'own', 'policies:read': 'own', 'tickets:read': 'own' } });
    expect(ownRole.statusCode, ownRole.body).toBe(201);
    await addMember(t.app, ws.id, own.id, 'own-all');
    const ticketRole = await req(owner, 'POST', '/roles', { key: 'tickets-only', name: 'Tickets only', permissions: { 'workspace:read': 'all', 'tickets:read': 'all' } });
    expect(ticketRole.statusCode, ticketRole.body).toBe(201);
    await addMember(t.app, ws.id, ticketsOnly.id, 'tickets-only');
    const mk = async (body: Record<string, unknown>) => {
      const res = await req(owner, 'POST', '/customers', body);
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as { id: string; name: string };
    };
    const alma = await mk({ name: 'Alma Xlsx', email: 'alma@example.com', status: 'lead', tags: ['vip'], address: { city: 'Lyon' } });
    await mk({ name: '=HYPERLINK("http://evil")', status: 'lead' });
    await mk({ name: '+cmd', email: 'plus@example.com', status: 'active' });
    await mk({ name: 'Oona Owned', ownerId: own.id, status: 'lead' });
    await req(owner, 'POST', `/customers/${alma.id}/notes`, { body: 'Line one,\n"quoted" line two' });
    for (const [number, status, premium] of [['P-1', 'active', 100], ['P-2', 'lapsed', 250.5], ['=P-3', 'active', 75]] as const) {
      const res = await req(owner, 'POST', '/policies', { customerId: alma.id, number, product: 'Home', carrier: 'Acme', premium, currency: 'EUR', startDate: '2025-01-01', status });
      expect(res.statusCode, res.body).toBe(201);
    }
  });
  afterAll(() => t.close());

  describe('XLSX and policies downloads', () => {
    it('when customers are downloaded as XLSX, then the sheet holds exactly the CSV’s rows (same query), formula triggers neutralised and no formula cell', async () => {
      const query = 'status=lead&sort=name&fields=name,email,tags,city,notes';
      const csv = await req(owner, 'GET', `/customers/export.csv?${query}`);
      const xlsx = await req(owner, 'GET', `/customers/export.xlsx?${query}`);
      expect(xlsx.statusCode, xlsx.body).toBe(200);
      expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(xlsx.headers['content-disposition']).toMatch(/^attachment; filename="customers-\d{4}-\d{2}-\d{2}\.xlsx"$/);
      expect(xlsx.headers['cache-control']).toBe('private, no-store');
      const sheet = await xlsxRows(xlsx.rawPayload);
      expect(sheet.rows).toEqual(csvRows(csv.body));
      expect(sheet.rows[0]).toEqual(['name', 'email', 'tags', 'city', 'notes']);
      expect(sheet.rows.map((r) => r[0])).toContain('\'=HYPERLINK("http://evil")');
      expect(sheet.rows.find((r) => r[0] === 'Alma Xlsx')![4]).toMatch(/Line one,\n"quoted" line two$/);
      expect(sheet.formulas).toBe(0);
      for (const row of sheet.rows) for (const cell of row) expect(/^[=+\-@\t\r]/.test(cell), cell).toBe(false);
    });

    it('when tickets and policies are downloaded as XLSX, then they match their CSV too', async () => {
      for (const path of ['/tickets/export', '/policies/export']) {
        const csv = await req(owner, 'GET', `${path}.csv`);
        const xlsx = await req(owner, 'GET', `${path}.xlsx`);
        expect(xlsx.statusCode, xlsx.body).toBe(200);
        expect((await xlsxRows(xlsx.rawPayload)).rows).toEqual(csvRows(csv.body));
      }
    });

    it('when policies are exported, then the list’s filters, sort and fields apply, formulas are neutralised, and bad input is a 400 naming it', async () => {
      const res = await req(owner, 'GET', '/policies/export.csv?status=active&sort=number&fields=number,customer,premium,currency,status,startDate');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="policies-\d{4}-\d{2}-\d{2}\.csv"$/);
      expect(csvRows(res.body)).toEqual([
        // In the allow-list's order, whatever the order asked.
        ['number', 'customer', 'premium', 'currency', 'startDate', 'status'],
        ["'=P-3", 'Alma Xlsx', '75.00', 'EUR', '2025-01-01', 'active'],
        ['P-1', 'Alma Xlsx', '100.00', 'EUR', '2025-01-01', 'active'],
      ]);
      const bad = await req(owner, 'GET', '/policies/export.csv?status=gone');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.details.fields).toEqual([{ field: 'querystring.status', message: 'gone is not a policy status' }]);
      expect((await req(owner, 'GET', '/policies/export.xlsx?fields=number,secret')).json().error.details.fields).toEqual([{ field: 'querystring.fields', message: 'cannot export secret' }]);
      // Scope own: policies of the customers one owns (none here); no policies:read at all: 403.
      expect(csvRows((await req(own, 'GET', '/policies/export.csv?fields=number')).body)).toEqual([['number']]);
      expect((await req(ticketsOnly, 'GET', '/policies/export.xlsx')).statusCode).toBe(403);
    });
  });

  describe('export jobs', () => {
    it('when an export job runs, then it counts, writes the file, reports done with size and expiry, and the download equals the direct CSV', async () => {
      const started = await req(owner, 'POST', '/exports', { entity: 'customers', format: 'csv', query: { status: 'lead', sort: '-name' }, fields: ['email', 'name'], bom: true });
      expect(started.statusCode, started.body).toBe(202);
      const job = started.json();
      expect(job).toMatchObject({ entity: 'customers', format: 'csv', status: 'queued', rowsDone: 0, rowsTotal: null, downloadable: false, createdBy: { id: owner.id } });
      // Queued for the worker (graphile job keyed by the export).
      const { rows: queued } = await t.app.db.owner.query("SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE key = $1", [`export:${job.id}`]);
      expect(queued[0].n).toBe(1);

      const finished = await run(job.id);
      expect(finished).toMatchObject({ rows: 3, fileName: expect.stringMatching(/^customers-\d{4}-\d{2}-\d{2}\.csv$/) });
      const done = (await req(owner, 'GET', `/exports/${job.id}`)).json();
      expect(done).toMatchObject({ status: 'done', rowsTotal: 3, rowsDone: 3, downloadable: true, error: null });
      expect(done.fileSize).toBeGreaterThan(0);
      expect(Date.parse(done.expiresAt) - Date.now()).toBeGreaterThan(23 * 3_600_000);

      const file = await req(owner, 'GET', `/exports/${job.id}/download`);
      expect(file.statusCode, file.body).toBe(200);
      expect(file.headers['content-disposition']).toBe(`attachment; filename="${done.fileName}"`);
      expect(file.headers['cache-control']).toBe('private, no-store');
      expect(Number(file.headers['content-length'])).toBe(done.fileSize);
      const direct = await req(owner, 'GET', '/customers/export.csv?status=lead&sort=-name&fields=name,email&bom=true');
      expect(file.rawPayload.equals(direct.rawPayload)).toBe(true);
      // Sorted by name as the list sorts it (letters only: "=HYPERLINK" sorts as "hyperlink").
      expect(csvRows(file.body).map((r) => r[0])).toEqual(['name', 'Oona Owned', 'Alma Xlsx', '\'=HYPERLINK("http://evil")']);
      // Its creator is mailed a link to it.
      const mail = await lastMailTo(t.app, owner.email);
      expect(mail?.subject).toBe('Your customers export is ready');
      const link = linkIn(mail!.text, '/api/v1/export-downloads/');
      const viaLink = await t.app.inject({ method: 'GET', url: link.pathname });
      expect(viaLink.statusCode, viaLink.body).toBe(200);
      expect(viaLink.headers['content-disposition']).toMatch(/^attachment; filename=/);
      expect(viaLink.headers['cache-control']).toBe('private, no-store');
      expect(viaLink.rawPayload.equals(file.rawPayload)).toBe(true);
    });

    it('when an XLSX job runs, then its file reads back as the CSV’s rows', async () => {
      const job = (await req(owner, 'POST', '/exports', { entity: 'policies', format: 'xlsx', query: { sort: 'number' } })).json();
      await run(job.id);
      const file = await req(owner, 'GET', `/exports/${job.id}/download`);
      expect(file.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      const sheet = await xlsxRows(file.rawPayload);
      expect(sheet.rows).toEqual(csvRows((await req(owner, 'GET', '/policies/export.csv?sort=number')).body));
      expect(sheet.rows.slice(1).map((r) => r[1])).toEqual(["'=P-3", 'P-1', 'P-2']);
      expect(sheet.formulas).toBe(0);
      expect((await req(owner, 'GET', `/exports/${job.id}`)).json()).toMatchObject({ status: 'done', rowsTotal: 3, rowsDone: 3 });
    });

    it('when the request is wrong, then 400 names the field and no job is made', async () => {
      const before = (await req(owner, 'GET', '/exports?limit=200')).json().items.length;
      const cases: Array<[unknown, string]> = [
        [{ entity: 'orders' }, 'body.entity'],
        [{ entity: 'customers', format: 'pdf' }, 'body.format'],
        [{ entity: 'customers', query: { status: 'lead', shoeSize: '42' } }, 'body.query.shoeSize'],
        [{ entity: 'customers', query: { sort: 'shoeSize' } }, 'body.query.sort'],
        [{ entity: 'tickets', query: { priority: 'meh' } }, 'body.query.priority'],
        [{ entity: 'policies', query: { status: 'gone' } }, 'body.query.status'],
        [{ entity: 'customers', fields: ['name', 'password'] }, 'body.fields'],
        [{ entity: 'customers', fields: [] }, 'body.fields'],
      ];
      for (const [body, field] of cases) {
        const res = await req(owner, 'POST', '/exports', body);
        expect(res.statusCode, JSON.stringify(body)).toBe(400);
        expect(res.json().error.details.fields.map((f: { field: string }) => f.field), JSON.stringify(body)).toContain(field);
      }
      expect((await req(owner, 'GET', '/exports?limit=200')).json().items).toHaveLength(before);
    });

    it('when the caller may not read the records, then 403; jobs of such records are invisible to them; another workspace’s jobs are 404', async () => {
      const denied = await req(ticketsOnly, 'POST', '/exports', { entity: 'customers' });
      expect(denied.statusCode).toBe(403);
      expect(denied.json().error.details).toEqual({ permission: 'customers:read' });
      const customersJob = (await req(owner, 'POST', '/exports', { entity: 'customers' })).json();
      expect((await req(ticketsOnly, 'GET', `/exports/${customersJob.id}`)).statusCode).toBe(404);
      expect((await req(ticketsOnly, 'GET', '/exports')).json().items.map((j: { entity: string }) => j.entity)).not.toContain('customers');
      const ticketsJob = await req(ticketsOnly, 'POST', '/exports', { entity: 'tickets', format: 'xlsx' });
      expect(ticketsJob.statusCode, ticketsJob.body).toBe(202);

      const other = await createWorkspace(t.app, owner.cookie, 'Other Jobs');
      const elsewhere = await t.app.inject({ method: 'GET', url: `/api/v1/w/${other.slug}/exports/${customersJob.id}`, headers: owner.headers });
      expect(elsewhere.statusCode).toBe(404);
      expect((await t.app.inject({ method: 'GET', url: `/api/v1/w/${other.slug}/exports/${customersJob.id}/download`, headers: owner.headers })).statusCode).toBe(404);
      const stranger = await signedInUser(t.app);
      expect((await req(stranger, 'GET', `/exports/${customersJob.id}`)).statusCode).toBe(404);
    });

    it('when someone with scope own exports, then the file has only their records and only they (and those who see all) see the job', async () => {
      const job = (await req(own, 'POST', '/exports', { entity: 'customers', fields: ['name'] })).json();
      await run(job.id);
      const file = await req(own, 'GET', `/exports/${job.id}/download`);
      expect(csvRows(file.body)).toEqual([['name'], ['Oona Owned']]);
      const ownerJob = (await req(owner, 'POST', '/exports', { entity: 'customers', fields: ['name'] })).json();
      expect((await req(own, 'GET', `/exports/${ownerJob.id}`)).statusCode).toBe(404);
      const theirs = (await req(own, 'GET', '/exports')).json().items.map((j: { id: string }) => j.id);
      expect(theirs).toEqual([job.id]);
      expect((await req(owner, 'GET', `/exports/${job.id}`)).statusCode).toBe(200);
    });

    it('when jobs are listed, then newest come first in keyset pages without gaps or repeats', async () => {
      const all: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: Array<{ id: string; createdAt: string }>; nextCursor: string | null } = (await req(owner, 'GET', `/exports?limit=2${cursor ? `&cursor=${cursor}` : ''}`)).json();
        expect(page.items.length).toBeLessThanOrEqual(2);
        all.push(...page.items.map((j) => j.id));
        cursor = page.nextCursor;
      } while (cursor);
      const { rows } = await t.app.db.owner.query('SELECT id FROM export_jobs WHERE workspace_id = $1 ORDER BY created_at DESC, id DESC', [ws.id]);
      expect(all).toEqual(rows.map((r) => r.id));
      expect(all.length).toBeGreaterThan(4);
      expect((await req(owner, 'GET', '/exports?cursor=nonsense')).statusCode).toBe(400);
    });

    it('when a job is cancelled, then it does not run and cannot be cancelled twice; a finished one cannot be cancelled', async () => {
      const job = (await req(owner, 'POST', '/exports', { entity: 'tickets' })).json();
      const cancelled = await req(owner, 'POST', `/exports/${job.id}/cancel`);
      expect(cancelled.statusCode, cancelled.body).toBe(200);
      expect(cancelled.json()).toMatchObject({ status: 'cancelled', downloadable: false });
      expect(await run(job.id)).toBeNull();
      expect((await req(owner, 'POST', `/exports/${job.id}/cancel`)).statusCode).toBe(409);
      expect((await req(owner, 'GET', `/exports/${job.id}/download`)).statusCode).toBe(409);
      const done = (await req(owner, 'POST', '/exports', { entity: 'tickets' })).json();
      await run(done.id);
      expect((await req(owner, 'POST', `/exports/${done.id}/cancel`)).statusCode).toBe(409);
    });

    it('when a running job is cancelled, then it stops and leaves no file', async () => {
      // Enough rows that the export is still streaming when the cancel lands.
      await t.app.withTenant({ workspaceId: ws.id }, ({ client }) =>
        client.query(`INSERT INTO customers (workspace_id, name, status) SELECT $1, 'Bulk ' || g, 'active' FROM generate_series(1, 30000) g`, [ws.id]),
      );
      const job = (await req(owner, 'POST', '/exports', { entity: 'customers', format: 'xlsx', query: { status: 'active' } })).json();
      const running = run(job.id);
      await expect.poll(async () => (await req(owner, 'GET', `/exports/${job.id}`)).json().rowsDone, { timeout: 20_000, interval: 20 }).toBeGreaterThan(0);
      expect((await req(owner, 'POST', `/exports/${job.id}/cancel`)).statusCode).toBe(200);
      expect(await running).toBeNull();
      const after = (await req(owner, 'GET', `/exports/${job.id}`)).json();
      expect(after).toMatchObject({ status: 'cancelled', fileName: null, downloadable: false });
      expect(after.rowsTotal).toBe(30001);
      await t.app.withTenant({ workspaceId: ws.id }, ({ client }) => client.query("DELETE FROM customers WHERE workspace_id = $1 AND name LIKE 'Bulk %'", [ws.id]));
    }, 60_000);

    it('when a link is unknown, 404; once it has expired, 410 on the link and the download; the hourly purge removes the file', async () => {
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/export-downloads/not-a-token' })).statusCode).toBe(404);
      expect((await t.app.inject({ method: 'GET', url: `/api/v1/export-downloads/${ws.id}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA` })).statusCode).toBe(404);
      const job = (await req(owner, 'POST', '/exports', { entity: 'policies' })).json();
      const finished = (await run(job.id))!;
      const link = `/api/v1/export-downloads/${finished.token}`;
      expect((await t.app.inject({ method: 'GET', url: link })).statusCode).toBe(200);
      const { rows: stored } = await t.app.db.owner.query('SELECT token_hash FROM export_jobs WHERE id = $1', [job.id]);
      expect(stored[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(stored[0].token_hash).not.toContain(finished.token.split('.')[1]);

      await t.app.db.owner.query("UPDATE export_jobs SET expires_at = now() - interval '1 minute' WHERE id = $1", [job.id]);
      const gone = await t.app.inject({ method: 'GET', url: link });
      expect(gone.statusCode).toBe(410);
      expect(gone.json().error.code).toBe('export_expired');
      expect((await req(owner, 'GET', `/exports/${job.id}/download`)).statusCode).toBe(410);
      expect((await req(owner, 'GET', `/exports/${job.id}`)).json().downloadable).toBe(false);

      expect(await deps.storage.size(finished.fileKey)).toBeGreaterThan(0);
      const purged = await purgeExpiredExports(t.app.db.owner, deps.storage);
      expect(purged.files).toBeGreaterThanOrEqual(1);
      await expect(deps.storage.size(finished.fileKey)).rejects.toThrow();
      expect((await t.app.inject({ method: 'GET', url: link })).statusCode).toBe(410);
    });
  });
});
