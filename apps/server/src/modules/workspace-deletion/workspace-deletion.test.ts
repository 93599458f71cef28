import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers.ts';
import { addMember, createWorkspace, signedInUser } from '../../../test/identity-helpers.ts';
import { startSmtpSink } from '../../../test/smtp.ts';
import { createStorage, type Storage } from '../../lib/storage.ts';
import { PLATFORM_WORKSPACE_ID } from '../audit/audit.service.ts';
import { ARCHIVE_SKIPPED_TABLES, prepareArchive, purgeDueDeletions, type ArchiveManifest } from './workspace-deletion.service.ts';

type User = Awaited<ReturnType<typeof signedInUser>>;
type Res = Awaited<ReturnType<TestApp['app']['inject']>>;

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a1e2b3e70000000049454e44ae426082', 'hex');

function multipart(filename: string, content: Buffer, type: string) {
  const boundary = '----grip' + Math.random().toString(16).slice(2);
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, content, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** The entries of a zip file (central directory, then each local header's data; stored or deflated). */
function unzip(zip: Buffer): Map<string, Buffer> {
  let eocd = zip.length - 22;
  while (eocd >= 0 && zip.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not a zip file');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const entries = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error('bad central directory');
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(dataStart, dataStart + compressed);
    entries.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** A mail's text as sent (quoted-printable undone). */
const decodeMail = (raw: string) =>
  Buffer.from(raw.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');

describe('workspace deletion', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  let storage: Storage;
  let filesRoot: string;

  const q = async <R extends Record<string, unknown>>(sql: string, params: unknown[] = []) => (await t.app.db.owner.query<R>(sql, params)).rows;
  const call = (u: User, slug: string, method: 'GET' | 'POST' | 'DELETE', p: string, payload?: unknown): Promise<Res> =>
    t.app.inject({ method, url: `/api/v1/w/${slug}${p}`, headers: u.headers, ...(payload === undefined ? {} : { payload: payload as object }) });
  /** Every table with a workspace_id column, from the catalog. */
  const tenantTables = async () =>
    (
      await q<{ name: string }>(
        `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid
          WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND a.attname = 'workspace_id' AND NOT a.attisdropped ORDER BY 1`,
      )
    ).map((r) => r.name);
  const rowsOf = async (workspaceId: string) => {
    const counts: Record<string, number> = {};
    for (const table of await tenantTables()) counts[table] = (await q<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}" WHERE workspace_id = $1`, [workspaceId]))[0]!.n;
    return counts;
  };

  /** An owner's workspace with an admin, an agent, a viewer and a manager, two customers, a note and a ticket with a file. */
  async function workspaceWithData(label: string) {
    const owner = await signedInUser(t.app, { name: `${label} Owner` });
    const ws = await createWorkspace(t.app, owner.cookie, `${label} Co ${Math.random().toString(36).slice(2, 7)}`);
    const members: Record<string, User> = {};
    for (const role of ['admin', 'manager', 'agent', 'viewer']) {
      members[role] = await signedInUser(t.app, { name: `${label} ${role}` });
      await addMember(t.app, ws.id, members[role].id, role);
    }
    const name = (await call(owner, ws.slug, 'GET', '')).json().name as string;
    const c1 = (await call(owner, ws.slug, 'POST', '/customers', { name: 'Ada "Quoted", Lovelace', email: `ada-${ws.id.slice(0, 6)}@example.com` })).json();
    await call(owner, ws.slug, 'POST', '/customers', { name: 'Line\nBreak Ltd', kind: 'company' });
    await call(owner, ws.slug, 'POST', `/customers/${c1.id}/notes`, { body: '=SUM(A1) kept as written' });
    const ticket = (await call(owner, ws.slug, 'POST', '/tickets', { customerId: c1.id, title: 'Printer on fire', priority: 'high' })).json();
    const upload = multipart('screen shot.png', PNG, 'image/png');
    const up = await t.app.inject({ method: 'POST', url: `/api/v1/w/${ws.slug}/tickets/${ticket.id}/attachments`, headers: { ...owner.headers, ...upload.headers }, payload: upload.payload });
    expect(up.statusCode, up.body).toBe(201);
    const reply = await call(owner, ws.slug, 'POST', `/tickets/${ticket.id}/messages`, { body: 'See the picture', attachmentIds: [up.json().id] });
    expect(reply.statusCode, reply.body).toBe(201);
    return { owner, ws: { ...ws, name }, members, attachmentId: up.json().id as string };
  }

  /** The archive job queued for a workspace (the view graphile_worker.jobs does not show payloads). */
  const queuedJob = async (workspaceId: string) =>
    (
      await q<{ payload: { workspaceId: string; requestedAt: string } }>(
        `SELECT j.payload FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id
          WHERE t.identifier = 'workspace_deletion_archive' AND j.key = $1`,
        [`workspace-deletion:${workspaceId}`],
      )
    )[0];

  /** Requests the deletion and runs the archive job as the worker would, with the payload it was queued with. */
  async function requestAndPrepare(owner: User, ws: { id: string; slug: string }) {
    const res = await call(owner, ws.slug, 'POST', '/deletion');
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json().status).toBe('preparing');
    const job = await queuedJob(ws.id);
    expect(job?.payload.workspaceId).toBe(ws.id);
    expect(await prepareArchive(t.app.db.owner, storage, t.app.mail, t.config.appUrl, ws.id, job!.payload.requestedAt)).toBe('ready');
    return res.json();
  }

  const mailsTo = (email: string) => smtp.received.filter((m) => m.to.includes(email)).map((m) => decodeMail(m.raw));
  const archiveLink = (email: string) => {
    const mail = mailsTo(email).find((m) => m.includes('Download it:'));
    const m = /https?:\/\/\S+\/api\/v1\/workspace-archives\/(\S+)/.exec(mail ?? '');
    if (!m) throw new Error(`no archive link mailed to ${email}`);
    return `/api/v1/workspace-archives/${m[1]}`;
  };

  beforeAll(async () => {
    smtp = await startSmtpSink();
    t = await createTestApp({ SMTP_URL: smtp.url, APP_URL: 'http://grip.test' });
    storage = createStorage(t.config.storageUrl);
    filesRoot = fileURLToPath(t.config.storageUrl);
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('when a role other than owner asks to delete, confirm, cancel or download, then it gets 403; any member may read the state', async () => {
    const { owner, ws, members } = await workspaceWithData('Roles');
    for (const role of ['admin', 'manager', 'agent', 'viewer']) {
      const u = members[role]!;
      expect((await call(u, ws.slug, 'POST', '/deletion')).statusCode, role).toBe(403);
      expect((await call(u, ws.slug, 'POST', '/deletion/confirm', { name: ws.name })).statusCode, role).toBe(403);
      expect((await call(u, ws.slug, 'DELETE', '/deletion')).statusCode, role).toBe(403);
      expect((await call(u, ws.slug, 'GET', '/deletion/archive')).statusCode, role).toBe(403);
      expect((await call(u, ws.slug, 'GET', '/deletion')).json(), role).toBeNull();
    }
    expect(await q(`SELECT 1 FROM workspace_deletions WHERE workspace_id = $1`, [ws.id])).toHaveLength(0);
    const none = await call(owner, ws.slug, 'GET', '/deletion');
    expect([none.statusCode, none.json()]).toEqual([200, null]);
  });

  it('when the owner asks, then a final archive of every tenant table and the files is made, mailed, downloadable, and the deletion is confirmed by the name', async () => {
    const { owner, ws, members, attachmentId } = await workspaceWithData('Archive');
    const first = await call(owner, ws.slug, 'POST', '/deletion');
    expect(first.statusCode, first.body).toBe(202);
    expect(first.json()).toMatchObject({ status: 'preparing', requestedBy: owner.email, archive: null, graceHours: 72 });
    expect((await call(owner, ws.slug, 'POST', '/deletion')).statusCode).toBe(409);
    // Not ready yet: confirming (even with the right name) is refused.
    const early = await call(owner, ws.slug, 'POST', '/deletion/confirm', { name: ws.name });
    expect(early.statusCode, early.body).toBe(409);
    expect(early.json().error.code).toBe('deletion_not_ready');
    expect((await call(owner, ws.slug, 'GET', '/deletion/archive')).statusCode).toBe(404);

    const job = await queuedJob(ws.id);
    expect(await prepareArchive(t.app.db.owner, storage, t.app.mail, t.config.appUrl, ws.id, job!.payload.requestedAt)).toBe('ready');
    const ready = (await call(members.viewer!, ws.slug, 'GET', '/deletion')).json();
    expect(ready.status).toBe('ready');
    expect(ready.archive.size).toBeGreaterThan(0);

    // The archive, read back entry by entry.
    const download = await call(owner, ws.slug, 'GET', '/deletion/archive');
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/zip');
    expect(download.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="grip-${ws.slug}-final-archive-\\d{4}-\\d{2}-\\d{2}\\.zip"$`));
    const entries = unzip(download.rawPayload);
    const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8')) as ArchiveManifest;
    expect(manifest.workspace).toEqual({ id: ws.id, slug: ws.slug, name: ws.name });
    expect(entries.has('README.txt')).toBe(true);
    expect(JSON.parse(entries.get('workspace.json')!.toString('utf8')).id).toBe(ws.id);
    // Every tenant table is in it (or left out with a reason), with the counts the database holds.
    const counts = await rowsOf(ws.id);
    for (const table of Object.keys(counts)) {
      if (ARCHIVE_SKIPPED_TABLES[table]) {
        expect(manifest.skipped.map((s) => s.name)).toContain(table);
        continue;
      }
      const listed = manifest.tables.find((x) => x.name === table);
      expect(listed, table).toBeDefined();
      const jsonl = entries.get(`tables/${table}.jsonl`)!.toString('utf8');
      const lines = jsonl === '' ? [] : jsonl.trimEnd().split('\n');
      expect(lines.map((l) => JSON.parse(l).workspace_id), table).toEqual(Array(listed!.rows).fill(ws.id));
      // The audit entry saying the archive is ready is written after its snapshot.
      expect(listed!.rows, table).toBe(table === 'audit_log' ? counts[table]! - 1 : counts[table]);
      expect(entries.get(`tables/${table}.csv`)!.toString('utf8').split('\n')[0], table).toContain('workspace_id');
    }
    expect(manifest.tables.find((x) => x.name === 'customers')!.rows).toBe(2);
    expect(manifest.tables.find((x) => x.name === 'tickets')!.rows).toBe(1);
    expect(manifest.tables.find((x) => x.name === 'users')!.rows).toBe(5);
    // CSV as written (a dump for re-import): quotes doubled, line breaks inside quotes, formulas not neutralised.
    const customersCsv = entries.get('tables/customers.csv')!.toString('utf8');
    expect(customersCsv).toContain('"Ada ""Quoted"", Lovelace"');
    expect(customersCsv).toContain('"Line\nBreak Ltd"');
    expect(entries.get('tables/notes.csv')!.toString('utf8')).toContain(',=SUM(A1) kept as written,');
    expect(entries.get('tables/customers.jsonl')!.toString('utf8')).toContain('"name":"Line\\nBreak Ltd"');
    // The uploaded file, byte for byte.
    expect(entries.get(`files/ticket-attachments/${attachmentId}/screen shot.png`)).toEqual(PNG);
    expect(manifest.files).toEqual({ count: 1, bytes: PNG.length, missing: [] });

    // The link in the owner's email downloads the same archive without signing in; a made-up token does not.
    const link = archiveLink(owner.email);
    const byToken = await t.app.inject({ url: link });
    expect(byToken.statusCode).toBe(200);
    expect(byToken.rawPayload.equals(download.rawPayload)).toBe(true);
    expect((await t.app.inject({ url: `${link.slice(0, -4)}AAAA` })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/api/v1/workspace-archives/not-a-token' })).statusCode).toBe(404);

    // Confirming needs the exact name.
    const wrong = await call(owner, ws.slug, 'POST', '/deletion/confirm', { name: ws.name.toUpperCase() });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details.fields.map((f: { field: string }) => f.field)).toEqual(['body.name']);
    const confirmed = await call(owner, ws.slug, 'POST', '/deletion/confirm', { name: ws.name });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const scheduled = confirmed.json();
    expect(scheduled).toMatchObject({ status: 'scheduled', confirmedBy: owner.email });
    expect(Date.parse(scheduled.purgeAfter) - Date.parse(scheduled.confirmedAt)).toBe(72 * 3_600_000);
    expect(scheduled.archive.expiresAt).toBe(scheduled.purgeAfter);
    expect((await call(owner, ws.slug, 'POST', '/deletion/confirm', { name: ws.name })).statusCode).toBe(409);
    // Owners and those who may change the workspace are told; the others are not.
    for (const u of [owner, members.admin!]) expect(mailsTo(u.email).some((m) => m.includes(`deletion of the workspace “${ws.name}”`) && m.includes('will be deleted for good')), u.email).toBe(true);
    for (const u of [members.manager!, members.agent!, members.viewer!]) expect(mailsTo(u.email), u.email).toEqual([]);
    // The workspace keeps working meanwhile.
    expect((await call(members.agent!, ws.slug, 'POST', '/customers', { name: 'Still open for business' })).statusCode).toBe(201);
    const actions = (await q<{ action: string }>(`SELECT action FROM audit_log WHERE workspace_id = $1 AND action LIKE 'workspace.deletion%' ORDER BY created_at`, [ws.id])).map((r) => r.action);
    expect(actions).toEqual(['workspace.deletion_requested', 'workspace.deletion_archive_ready', 'workspace.deletion_confirmed']);
    // Leave nothing due for the purge tests below.
    expect((await call(owner, ws.slug, 'DELETE', '/deletion')).statusCode).toBe(200);
  });

  it('when the archive link has expired, then it answers 410', async () => {
    const { owner, ws } = await workspaceWithData('Expiry');
    await requestAndPrepare(owner, ws);
    const link = archiveLink(owner.email);
    expect((await t.app.inject({ url: link })).statusCode).toBe(200);
    await q(`UPDATE workspace_deletions SET archive_expires_at = now() - interval '1 second' WHERE workspace_id = $1`, [ws.id]);
    const expired = await t.app.inject({ url: link });
    expect(expired.statusCode).toBe(410);
    expect((await call(owner, ws.slug, 'GET', '/deletion/archive')).statusCode).toBe(410);
    // The cron lapses a request whose archive expired unconfirmed: cancelled, file removed.
    const [{ key }] = (await q<{ key: string }>(`SELECT archive_key AS key FROM workspace_deletions WHERE workspace_id = $1`, [ws.id])) as [{ key: string }];
    await purgeDueDeletions(t.app.db.owner, storage, t.app.mail);
    expect((await call(owner, ws.slug, 'GET', '/deletion')).json().status).toBe('cancelled');
    expect(existsSync(path.join(filesRoot, key))).toBe(false);
  });

  it('when the owner cancels, then the archive is removed, its link is gone, and a new request starts again', async () => {
    const { owner, ws } = await workspaceWithData('Cancel');
    await requestAndPrepare(owner, ws);
    const link = archiveLink(owner.email);
    const [{ key }] = (await q<{ key: string }>(`SELECT archive_key AS key FROM workspace_deletions WHERE workspace_id = $1`, [ws.id])) as [{ key: string }];
    expect(existsSync(path.join(filesRoot, key))).toBe(true);

    const cancelled = await call(owner, ws.slug, 'DELETE', '/deletion');
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', archive: null });
    expect(cancelled.json().cancelledAt).not.toBeNull();
    expect(existsSync(path.join(filesRoot, key))).toBe(false);
    expect((await t.app.inject({ url: link })).statusCode).toBe(410);
    expect((await call(owner, ws.slug, 'DELETE', '/deletion')).statusCode).toBe(404);
    expect((await call(owner, ws.slug, 'POST', '/deletion/confirm', { name: ws.name })).statusCode).toBe(404);
    expect((await q(`SELECT 1 FROM audit_log WHERE workspace_id = $1 AND action = 'workspace.deletion_cancelled'`, [ws.id])).length).toBe(1);

    const again = await call(owner, ws.slug, 'POST', '/deletion');
    expect(again.statusCode, again.body).toBe(202);
    expect(again.json()).toMatchObject({ status: 'preparing', archive: null, cancelledAt: null, confirmedAt: null });
    // An archive job of the cancelled request that finishes late does not mark the new one ready.
    expect(await prepareArchive(t.app.db.owner, storage, t.app.mail, t.config.appUrl, ws.id, '2000-01-01T00:00:00.000Z')).toBe('stale');
    expect((await call(owner, ws.slug, 'GET', '/deletion')).json().status).toBe('preparing');
  });

  it('when the grace period is over, then one purge removes every row and file of the workspace, leaves the others, and the platform log keeps the record', async () => {
    const doomed = await workspaceWithData('Doomed');
    const other = await workspaceWithData('Other');
    const otherBefore = await rowsOf(other.ws.id);
    const [{ otherKey }] = (await q<{ otherKey: string }>(`SELECT storage_key AS "otherKey" FROM ticket_attachments WHERE workspace_id = $1`, [other.ws.id])) as [{ otherKey: string }];
    await requestAndPrepare(doomed.owner, doomed.ws);
    const link = archiveLink(doomed.owner.email);
    const scheduled = (await call(doomed.owner, doomed.ws.slug, 'POST', '/deletion/confirm', { name: doomed.ws.name })).json();
    const doomedBefore = await rowsOf(doomed.ws.id);
    expect(existsSync(path.join(filesRoot, doomed.ws.id))).toBe(true);

    // Before the grace period: nothing happens.
    expect((await purgeDueDeletions(t.app.db.owner, storage, t.app.mail, new Date(Date.parse(scheduled.purgeAfter) - 1000))).map((p) => p.workspaceId)).not.toContain(doomed.ws.id);
    expect((await call(doomed.owner, doomed.ws.slug, 'GET', '/deletion')).json().status).toBe('scheduled');

    // After it, two instances running the cron at once: the workspace is purged once.
    const due = new Date(Date.parse(scheduled.purgeAfter) + 1000);
    const [a, b] = await Promise.all([purgeDueDeletions(t.app.db.owner, storage, t.app.mail, due), purgeDueDeletions(t.app.db.owner, storage, t.app.mail, due)]);
    const purged = [...a, ...b].filter((p) => p.workspaceId === doomed.ws.id);
    expect(purged).toHaveLength(1);

    // Every table with a workspace_id holds nothing of it any more (its own audit log included), nor its files.
    const after = await rowsOf(doomed.ws.id);
    expect(Object.entries(after).filter(([, n]) => n > 0)).toEqual([]);
    expect(Object.keys(after).length).toBeGreaterThan(25);
    expect(await q(`SELECT 1 FROM workspaces WHERE id = $1`, [doomed.ws.id])).toHaveLength(0);
    expect(existsSync(path.join(filesRoot, doomed.ws.id))).toBe(false);
    // The accounts of its members stay (they are people, not the workspace's data).
    expect(await q(`SELECT 1 FROM users WHERE id = $1`, [doomed.owner.id])).toHaveLength(1);

    // The other workspace is untouched, its file too.
    expect(await rowsOf(other.ws.id)).toEqual(otherBefore);
    expect(existsSync(path.join(filesRoot, otherKey))).toBe(true);
    expect((await call(other.owner, other.ws.slug, 'GET', '/customers')).json().items).toHaveLength(2);

    // The platform log keeps who, when and how much — once.
    const entries = await q<{ before: Record<string, unknown>; after: Record<string, unknown> }>(
      `SELECT before, after FROM audit_log WHERE workspace_id = $1 AND action = 'workspace.purged' AND entity_id = $2`,
      [PLATFORM_WORKSPACE_ID, doomed.ws.id],
    );
    expect(entries).toHaveLength(1);
    expect(entries[0]!.before).toMatchObject({
      workspace: { id: doomed.ws.id, slug: doomed.ws.slug, name: doomed.ws.name },
      requestedBy: { id: doomed.owner.id, email: doomed.owner.email },
      confirmedBy: { id: doomed.owner.id, email: doomed.owner.email },
      confirmedAt: scheduled.confirmedAt,
      rows: { ...doomedBefore, workspace_deletions: 1 },
    });
    expect(mailsTo(doomed.owner.email).some((m) => m.includes('have now been deleted'))).toBe(true);
    // The emailed link now says the archive went with the workspace; members find no workspace.
    expect((await t.app.inject({ url: link })).statusCode).toBe(410);
    // (Sessions and memberships are cached briefly per instance; once that lapses the workspace is not found.)
    t.app.clearAuthCache();
    expect((await call(doomed.owner, doomed.ws.slug, 'GET', '/deletion')).statusCode).toBe(404);
  });
});
