import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { ImportDetail, ImportJob, ImportPreview } from '@grip/contracts/imports';
import { createTestApp, type TestApp } from '../../../test/helpers.ts';
import { addMember, createWorkspace, signedInUser } from '../../../test/identity-helpers.ts';
import { multipart } from '../../../test/upload.ts';
import { createStorage } from '../../lib/storage.ts';
import { runImport } from './imports.service.ts';
import { parseCsv } from '../../../test/csv.ts';

type User = Awaited<ReturnType<typeof signedInUser>>;


describe('imports', () => {
  let t: TestApp;
  let owner: User;
  let slug: string;
  let workspaceId: string;
  let storage: ReturnType<typeof createStorage>;

  beforeAll(async () => {
    t = await createTestApp({ IMPORT_MAX_MB: '1' });
    storage = createStorage(t.config.storageUrl);
    owner = await signedInUser(t.app);
    const w = await createWorkspace(t.app, owner.cookie);
    slug = w.slug;
    workspaceId = w.id;
  });
  afterAll(async () => t?.close());

  const api = (user: User, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, payload?: object, ws = slug) =>
    t.app.inject({ method, url: `/api/v1/w/${ws}${path}`, headers: { cookie: user.cookie }, ...(payload ? { payload } : {}) });
  const upload = async (user: User, content: Buffer | string, entity = 'customers', filename = 'people.csv', ws = slug) => {
    const m = multipart(content, filename);
    return t.app.inject({ method: 'POST', url: `/api/v1/w/${ws}/imports?entity=${entity}`, headers: { cookie: user.cookie, ...m.headers }, payload: m.payload });
  };
  /** Starts an import and runs its job here (tests run without the job runner). */
  const run = async (user: User, id: string, dryRun = false, ws = { slug, id: workspaceId }): Promise<ImportJob> => {
    const started = await api(user, 'POST', `/imports/${id}/start`, { dryRun }, ws.slug);
    expect(started.statusCode, started.body).toBe(202);
    await runImport(t.app.db.owner, storage, ws.id, id);
    return (await api(user, 'GET', `/imports/${id}`, undefined, ws.slug)).json();
  };
  const customerCount = async (ws = workspaceId) =>
    (await t.app.db.owner.query('SELECT count(*)::int AS n FROM customers WHERE workspace_id = $1 AND deleted_at IS NULL', [ws])).rows[0].n as number;

  it('when a messy Latin-1 file with semicolons is uploaded, then encoding, delimiter and columns are recognised', async () => {
    const csv = 'Full Name;E-mail Address;Tel;Firma;Remarks\r\nJosé Müller;jose@example.com;+41 44 668 18 00;Zürich AG;vip\r\nAnna Öberg;anna@example.com;+46 8 123 456 78;;\r\n';
    const res = await upload(owner, Buffer.from(csv, 'latin1'));
    expect(res.statusCode, res.body).toBe(201);
    const d: ImportDetail = res.json();
    expect(d).toMatchObject({ encoding: 'latin1', delimiter: ';', format: 'csv', status: 'uploaded', headers: ['Full Name', 'E-mail Address', 'Tel', 'Firma', 'Remarks'] });
    expect(d.sample[0]).toEqual(['José Müller', 'jose@example.com', '+41 44 668 18 00', 'Zürich AG', 'vip']);
    expect(d.mapping).toEqual({ '0': 'name', '1': 'email', '2': 'phone', '3': 'company' });
    expect(d.fields.map((f) => f.key)).toContain('address.city');
    expect(d).toMatchObject({ duplicateMode: 'skip', matchKey: 'email' });
  });

  it('when files come as UTF-16 with a BOM, UTF-8 with a BOM, tab-separated or XLSX, then their headers and rows read right', async () => {
    const text = 'Name,Email\nÉlodie,elodie@example.com\n';
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const a: ImportDetail = (await upload(owner, utf16)).json();
    expect(a).toMatchObject({ encoding: 'utf-16le', headers: ['Name', 'Email'], sample: [['Élodie', 'elodie@example.com']] });
    const b: ImportDetail = (await upload(owner, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).json();
    expect(b).toMatchObject({ encoding: 'utf-8', headers: ['Name', 'Email'], sample: [['Élodie', 'elodie@example.com']] });
    const c: ImportDetail = (await upload(owner, 'Name\tEmail\tPhone\nA\ta@example.com\t+14155550123\n')).json();
    expect(c).toMatchObject({ delimiter: '\t', headers: ['Name', 'Email', 'Phone'] });

    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('People');
    sheet.addRow(['Customer Name', 'Mail', 'Since']);
    sheet.addRow(['Xavier', 'x@example.com', new Date(Date.UTC(2024, 2, 1))]);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const d: ImportDetail = (await upload(owner, xlsx, 'customers', 'people.xlsx')).json();
    expect(d).toMatchObject({ format: 'xlsx', headers: ['Customer Name', 'Mail', 'Since'], sample: [['Xavier', 'x@example.com', '2024-03-01']] });
    expect(d.mapping).toMatchObject({ '0': 'name', '1': 'email' });
  });

  it('when the file is not a spreadsheet, is empty, has no header or is too large, then it is refused and nothing is kept', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c6300010000050001', 'hex');
    expect((await upload(owner, png, 'customers', 'photo.csv')).statusCode).toBe(415);
    const empty = await upload(owner, '');
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.details.fields[0].field).toBe('body.file');
    expect((await upload(owner, '\n\n\n')).json().error.message).toMatch(/header/);
    const big = await upload(owner, `Name,Email\n${'x,y@example.com\n'.repeat(80_000)}`);
    expect(big.statusCode).toBe(413);
    const bad = await upload(owner, 'Name\nA\n', 'widgets');
    expect(bad.statusCode).toBe(400);
    const list = (await api(owner, 'GET', '/imports?limit=100')).json();
    expect(list.items.every((i: ImportJob) => i.fileName !== 'photo.csv')).toBe(true);
  });

  it('when the mapping maps two columns to one field or an unknown field, then the change is refused naming the column', async () => {
    const d: ImportDetail = (await upload(owner, 'Name,Email,Work email\nA,a@example.com,b@example.com\n')).json();
    const twice = await api(owner, 'PATCH', `/imports/${d.id}`, { mapping: { '0': 'name', '1': 'email', '2': 'email' } });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().error.details.fields[0].field).toBe('body.mapping.2');
    const unknown = await api(owner, 'PATCH', `/imports/${d.id}`, { mapping: { '0': 'shoeSize' } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details.fields[0].field).toBe('body.mapping.0');
    const noColumn = await api(owner, 'PATCH', `/imports/${d.id}`, { mapping: { '7': 'name' } });
    expect(noColumn.statusCode).toBe(400);
    const badKey = await api(owner, 'PATCH', `/imports/${d.id}`, { matchKey: 'company' });
    expect(badKey.json().error.details.fields[0].field).toBe('body.matchKey');
    // Without the name column mapped, the preview says what blocks the import and starting is refused.
    const ok = await api(owner, 'PATCH', `/imports/${d.id}`, { mapping: { '1': 'email' } });
    expect(ok.statusCode).toBe(200);
    const preview: ImportPreview = (await api(owner, 'GET', `/imports/${d.id}/preview`)).json();
    expect(preview.mappingIssues.map((i) => i.field)).toContain('name');
    expect((await api(owner, 'POST', `/imports/${d.id}/start`, { dryRun: false })).statusCode).toBe(400);
  });

  it('when a file has invalid cells and duplicates, then the preview flags each cell, a dry run writes nothing and the import writes only good rows', async () => {
    await api(owner, 'POST', '/customer-fields', { key: 'tier', label: 'Tier', type: 'select', options: ['Gold', 'Silver'] });
    await api(owner, 'POST', '/customers', { name: 'Existing Person', email: 'existing@example.com' });
    const csv = [
      'Name,Email,Phone,Status,Tags,Tier,Country',
      'Ada Lovelace,ada@example.com,+44 20 7946 0958,lead,"math, poetry",gold,GB',
      'Bad Email,not-an-email,,,,,',
      'Bad Phone,bp@example.com,12,,,,',
      'Ada Again,ADA@example.com,,,,,',
      'Existing Person,existing@example.com,,active,,,',
      ',noname@example.com,,,,,',
      'Grace Hopper,grace@example.com,(415) 555-0123,customer,,Platinum,US',
      'Alan Turing,alan@example.com,020 7946 0000,,,,GB',
    ].join('\n');
    const d: ImportDetail = (await upload(owner, csv)).json();
    expect(d.mapping).toMatchObject({ '0': 'name', '1': 'email', '2': 'phone', '3': 'status', '4': 'tags', '5': 'custom.tier', '6': 'address.country' });
    const preview: ImportPreview = (await api(owner, 'GET', `/imports/${d.id}/preview`)).json();
    expect(preview.mappingIssues).toEqual([]);
    const byRow = new Map(preview.rows.map((r) => [r.rowNo, r]));
    expect(byRow.get(2)).toMatchObject({ action: 'create', values: { name: 'Ada Lovelace', phone: '+442079460958', status: 'lead', tags: 'math, poetry', 'custom.tier': 'Gold', 'address.country': 'GB' } });
    expect(byRow.get(3)).toMatchObject({ action: 'error', values: { email: 'not-an-email' }, issues: [{ column: 'Email', value: 'not-an-email', reason: 'is not an email address' }] });
    expect(byRow.get(4)!.issues[0]).toMatchObject({ column: 'Phone', value: '12' });
    expect(byRow.get(5)!.issues[0]).toMatchObject({ column: 'Email', reason: 'duplicate of row 2 in this file' });
    expect(byRow.get(6)).toMatchObject({ action: 'skip' });
    expect(byRow.get(7)!.issues[0]).toMatchObject({ column: 'Name', reason: 'is required' });
    expect(byRow.get(8)!.issues.map((i) => i.column)).toEqual(['Tier']);
    expect(byRow.get(9)).toMatchObject({ action: 'create', values: { phone: '+442079460000' } });

    const before = await customerCount();
    const dry = await run(owner, d.id, true);
    expect(dry).toMatchObject({ status: 'done', dryRun: true, rowsTotal: 8, created: 2, skipped: 1, failed: 5 });
    expect(await customerCount()).toBe(before);

    const done = await run(owner, d.id);
    expect(done).toMatchObject({ status: 'done', dryRun: false, rowsTotal: 8, rowsDone: 8, created: 2, updated: 0, skipped: 1, failed: 5 });
    expect(await customerCount()).toBe(before + 2);
    const ada = (await api(owner, 'GET', '/customers?q=Lovelace')).json().items[0];
    expect(ada).toMatchObject({ email: 'ada@example.com', phone: '+442079460958', status: 'lead', tags: ['math', 'poetry'], custom: { tier: 'Gold' }, owner: { id: owner.id } });

    const report = await api(owner, 'GET', `/imports/${d.id}/errors.csv`);
    expect(report.statusCode).toBe(200);
    expect(report.headers['content-disposition']).toMatch(/people-errors\.csv/);
    const lines = parseCsv(report.body);
    expect(lines[0]).toEqual(['row', 'column', 'value', 'reason']);
    expect(lines.slice(1).map((l) => [l[0], l[1]])).toEqual([['3', 'Email'], ['4', 'Phone'], ['5', 'Email'], ['7', 'Name'], ['8', 'Tier']]);
    // Started again: refused (the file is gone, the import is finished).
    expect((await api(owner, 'POST', `/imports/${d.id}/start`, { dryRun: false })).statusCode).toBe(409);
  });

  it('when rows match existing customers and the mode is update, then they are updated, and undo restores them and trashes the created ones', async () => {
    const existing = (await api(owner, 'POST', '/customers', { name: 'Old Name', email: 'update-me@example.com', company: 'Old Co', tags: ['keep'] })).json();
    const d: ImportDetail = (await upload(owner, 'Email,Name,Company\nupdate-me@example.com,New Name,\nbrand-new@example.com,Brand New,New Co\n')).json();
    await api(owner, 'PATCH', `/imports/${d.id}`, { duplicateMode: 'update', matchKey: 'email' });
    const done = await run(owner, d.id);
    expect(done).toMatchObject({ created: 1, updated: 1, failed: 0 });
    const updated = (await api(owner, 'GET', `/customers/${existing.id}`)).json();
    expect(updated).toMatchObject({ name: 'New Name', company: 'Old Co', tags: ['keep'], version: existing.version + 1 });

    const undo = await api(owner, 'POST', `/imports/${d.id}/undo`);
    expect(undo.json()).toEqual({ removed: 1, restored: 1, kept: 0 });
    expect((await api(owner, 'GET', `/customers/${existing.id}`)).json()).toMatchObject({ name: 'Old Name', company: 'Old Co' });
    const trashed = (await api(owner, 'GET', '/customers?trash=true&q=brand')).json().items;
    expect(trashed.map((c: { email: string }) => c.email)).toEqual(['brand-new@example.com']);
    expect((await api(owner, 'GET', `/imports/${d.id}`)).json().status).toBe('undone');
    expect((await api(owner, 'POST', `/imports/${d.id}/undo`)).statusCode).toBe(409);
  });

  it('when a record changed after the import, then undo keeps it and says so', async () => {
    const d: ImportDetail = (await upload(owner, 'Name,Email\nKeep Me,keep-me@example.com\nDrop Me,drop-me@example.com\n')).json();
    await run(owner, d.id);
    const keep = (await api(owner, 'GET', '/customers?q=keep-me')).json().items[0];
    await api(owner, 'PATCH', `/customers/${keep.id}`, { version: keep.version, company: 'Edited later' });
    expect((await api(owner, 'POST', `/imports/${d.id}/undo`)).json()).toEqual({ removed: 1, restored: 0, kept: 1 });
    expect((await api(owner, 'GET', `/customers/${keep.id}`)).json().deletedAt).toBeNull();
  });

  it('when duplicates are in different chunks, then the first row still wins and later ones are reported', async () => {
    const d: ImportDetail = (await upload(owner, 'Name,Email,Phone\nOne,c1@example.com,\nTwo,c2@example.com,\nThree,C1@example.com,\nFour,c4@example.com,\nFive,c2@example.com,\nSix,c6@example.com,bad\n')).json();
    await api(owner, 'POST', `/imports/${d.id}/start`, { dryRun: false });
    await runImport(t.app.db.owner, storage, workspaceId, d.id, { final: true, chunkRows: 2 });
    expect((await api(owner, 'GET', `/imports/${d.id}`)).json()).toMatchObject({ status: 'done', rowsTotal: 6, created: 3, failed: 3 });
    const lines = parseCsv((await api(owner, 'GET', `/imports/${d.id}/errors.csv`)).body).slice(1);
    expect(lines.map((l) => [l[0], l[3]])).toEqual([['4', 'duplicate of row 2 in this file'], ['6', 'duplicate of row 3 in this file'], ['7', expect.stringMatching(/valid phone/)]]);
  });

  it('when the file breaks after the rows the wizard sampled, then the job fails with the reason and writes nothing, not even earlier chunks', async () => {
    const good = Array.from({ length: 40 }, (_, i) => `Whole ${i},whole-${i}@example.com`).join('\n');
    const d: ImportDetail = (await upload(owner, `Name,Email\n${good}\n"Never closed,broken@example.com\n`)).json();
    expect(d.status).toBe('uploaded');
    const before = await customerCount();
    await api(owner, 'POST', `/imports/${d.id}/start`, { dryRun: false });
    await expect(runImport(t.app.db.owner, storage, workspaceId, d.id, { final: true, chunkRows: 10 })).rejects.toThrow(/quote/i);
    const job = (await api(owner, 'GET', `/imports/${d.id}`)).json();
    expect(job).toMatchObject({ status: 'failed', rowsDone: 0, created: 0 });
    expect(job.error).toMatch(/^The import failed: .*quote/i);
    expect(await customerCount()).toBe(before);
  });

  it('when an import is cancelled before its job runs, then the job does nothing', async () => {
    const d: ImportDetail = (await upload(owner, 'Name,Email\nNever,never@example.com\n')).json();
    expect((await api(owner, 'POST', `/imports/${d.id}/start`, { dryRun: false })).statusCode).toBe(202);
    expect((await api(owner, 'POST', `/imports/${d.id}/cancel`)).json().status).toBe('cancelled');
    await runImport(t.app.db.owner, storage, workspaceId, d.id);
    expect((await api(owner, 'GET', `/imports/${d.id}`)).json().status).toBe('cancelled');
    expect((await api(owner, 'GET', '/customers?q=never')).json().items).toEqual([]);
    expect((await api(owner, 'POST', `/imports/${d.id}/cancel`)).statusCode).toBe(409);
  });

  it('when policies and tickets are imported, then customers are found by email and references are checked', async () => {
    const customer = (await api(owner, 'POST', '/customers', { name: 'Policy Holder', email: 'holder@example.com' })).json();
    const policies: ImportDetail = (
      await upload(
        owner,
        'Policy Number,Customer Email,Product,Premium,Currency,Start Date,End Date\nP-1,holder@example.com,Home,"1,200.50",eur,01.02.2026,31.01.2027\nP-2,nobody@example.com,Car,10,EUR,2026-01-01,\nP-1,holder@example.com,Dup,1,EUR,2026-01-01,\n',
        'policies',
      )
    ).json();
    expect(policies.mapping).toMatchObject({ '0': 'number', '1': 'customer', '2': 'product', '3': 'premium', '4': 'currency', '5': 'startDate', '6': 'endDate' });
    const p = await run(owner, policies.id);
    expect(p).toMatchObject({ created: 1, failed: 2 });
    const listed = (await api(owner, 'GET', `/policies?customerId=${customer.id}`)).json().items;
    expect(listed[0]).toMatchObject({ number: 'P-1', premium: '1200.50', currency: 'EUR', startDate: '2026-02-01', endDate: '2027-01-31' });

    const tickets: ImportDetail = (
      await upload(owner, 'Subject,Requester,Priority,Status,Assignee\nPrinter on fire,holder@example.com,High,In Progress,' + owner.email + '\nNo customer,,,,\nBad stage,holder@example.com,low,Nowhere,\n', 'tickets')
    ).json();
    expect(tickets.mapping).toMatchObject({ '0': 'title', '1': 'customer', '2': 'priority', '3': 'stage', '4': 'assignee' });
    const tk = await run(owner, tickets.id);
    expect(tk).toMatchObject({ created: 1, failed: 2 });
    const ticket = (await api(owner, 'GET', '/tickets?q=printer')).json().items[0];
    expect(ticket).toMatchObject({ title: 'Printer on fire', priority: 'high', stage: { name: 'In Progress' }, assignee: { id: owner.id } });
    expect(ticket.number).toBeGreaterThanOrEqual(1001);
    const undo = (await api(owner, 'POST', `/imports/${tickets.id}/undo`)).json();
    expect(undo).toEqual({ removed: 1, restored: 0, kept: 0 });
  });

  it('when templates are saved, then a later file with such headers gets their mapping', async () => {
    const saved = await api(owner, 'POST', '/import-templates', { entity: 'customers', name: 'CRM export', mapping: { 'Kunde': 'name', 'Kontakt': 'email' }, duplicateMode: 'update', matchKey: 'email' });
    expect(saved.statusCode, saved.body).toBe(201);
    const d: ImportDetail = (await upload(owner, 'kunde,KONTAKT\nA,a-template@example.com\n')).json();
    expect(d.mapping).toEqual({ '0': 'name', '1': 'email' });
    expect(d.duplicateMode).toBe('update');
    expect(d.templates[0]).toMatchObject({ name: 'CRM export', score: 1 });
    expect((await api(owner, 'POST', '/import-templates', { entity: 'customers', name: 'x', mapping: { a: 'nope' } })).json().error.details.fields[0].field).toBe('body.mapping.a');
    expect((await api(owner, 'DELETE', `/import-templates/${saved.json().id}`)).statusCode).toBe(204);
    expect((await api(owner, 'GET', '/import-templates?entity=customers')).json().items).toEqual([]);
  });

  it('when people without the permission or from another workspace try, then they are refused', async () => {
    const d: ImportDetail = (await upload(owner, 'Name\nA\n')).json();
    for (const role of ['agent', 'viewer'] as const) {
      const u = await signedInUser(t.app);
      await addMember(t.app, workspaceId, u.id, role);
      expect((await upload(u, 'Name\nA\n')).statusCode).toBe(403);
      expect((await api(u, 'GET', `/imports/${d.id}`)).statusCode).toBe(403);
    }
    const manager = await signedInUser(t.app);
    await addMember(t.app, workspaceId, manager.id, 'manager');
    expect((await upload(manager, 'Name\nA\n')).statusCode).toBe(201);
    const stranger = await signedInUser(t.app);
    const other = await createWorkspace(t.app, stranger.cookie);
    expect((await api(stranger, 'GET', `/imports/${d.id}`, undefined, other.slug)).statusCode).toBe(404);
    expect((await api(stranger, 'GET', `/imports/${d.id}/errors.csv`, undefined, other.slug)).statusCode).toBe(404);
    expect((await api(stranger, 'POST', `/imports/${d.id}/undo`, undefined, other.slug)).statusCode).toBe(404);
  });

  it('lists the history newest first, page by page', async () => {
    const first = (await api(owner, 'GET', '/imports?limit=2')).json();
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toBeTruthy();
    const second = (await api(owner, 'GET', `/imports?limit=2&cursor=${first.nextCursor}`)).json();
    expect(second.items[0].createdAt <= first.items[1].createdAt).toBe(true);
    expect(new Set([...first.items, ...second.items].map((i: ImportJob) => i.id)).size).toBe(4);
  });
});
