import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createTestApp, type TestApp } from '../../../test/helpers.ts';
import { addMember, createWorkspace, signedInUser } from '../../../test/identity-helpers.ts';
import { startSmtpSink } from '../../../test/smtp.ts';
import { sendPendingEmails } from '../notifications/notifications.service.ts';
import { runOverdueCheck } from './tickets.service.ts';
import { createStorage } from '../../lib/storage.ts';
import { runTicketBulkJob } from './bulk.service.ts';
import { purgeAbandonedUploads, safeFilename } from './messages.service.ts';

type User = Awaited<ReturnType<typeof signedInUser>>;
type Res = Awaited<ReturnType<TestApp['app']['inject']>>;

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a1e2b3e70000000049454e44ae426082', 'hex');

function multipart(filename: string, content: Buffer, type = 'application/octet-stream') {
  const boundary = '----grip' + Math.random().toString(16).slice(2);
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, content, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('tickets', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  let owner: User;
  let agent: User;
  let viewer: User;
  let ws: { id: string; slug: string };
  let url: (path: string) => string;
  let customerId: string;
  let stages: Array<{ id: string; name: string; category: string }>;

  const req = (u: User, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, payload?: unknown): Promise<Res> =>
    t.app.inject({ method, url: url(path), headers: u.headers, ...(payload === undefined ? {} : { payload: payload as object }) });
  const fields = (res: Res) => (res.json().error.details?.fields as Array<{ field: string }> | undefined)?.map((f) => f.field).sort();
  const newTicket = async (u: User, body: Record<string, unknown> = {}) => {
    const res = await req(u, 'POST', '/tickets', { customerId, title: 'Printer on fire', priority: 'normal', ...body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const q = async <R extends Record<string, unknown>>(sql: string, params: unknown[] = []) => (await t.app.db.owner.query<R>(sql, params)).rows;
  const countOf = async (sql: string, params: unknown[] = []) => (await q<{ n: number }>(sql, params))[0]!.n;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    t = await createTestApp({ SMTP_URL: smtp.url });
    owner = await signedInUser(t.app, { name: 'Olivia Owner' });
    agent = await signedInUser(t.app, { name: 'Andy Agent' });
    viewer = await signedInUser(t.app, { name: 'Vera Viewer' });
    ws = await createWorkspace(t.app, owner.cookie, 'Help Co');
    await addMember(t.app, ws.id, agent.id, 'agent');
    await addMember(t.app, ws.id, viewer.id, 'viewer');
    url = (path) => `/api/v1/w/${ws.slug}${path}`;
    const c = await req(owner, 'POST', '/customers', { name: 'Ada Customer', email: 'ada@example.com' });
    customerId = c.json().id;
    stages = (await req(owner, 'GET', '/pipelines')).json().items[0].stages;
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('when a workspace is created, then it has the default pipeline New → In Progress → Waiting → Completed and SLA defaults', async () => {
    expect(stages.map((s) => [s.name, s.category])).toEqual([
      ['New', 'open'],
      ['In Progress', 'open'],
      ['Waiting', 'waiting'],
      ['Completed', 'done'],
    ]);
    const settings = await req(owner, 'GET', '/ticket-settings');
    expect(settings.json().slaMinutes).toEqual({ urgent: 240, high: 1440, normal: 4320, low: 10080 });
  });

  it('when tickets are created, then they land in the first stage, numbers run from 1001, and the due date follows the SLA', async () => {
    const before = Date.now();
    const a = await newTicket(owner, { priority: 'urgent' });
    const b = await newTicket(owner, { priority: 'low', description: 'Smoke everywhere' });
    expect(b.number).toBe(a.number + 1);
    expect(a.number).toBeGreaterThanOrEqual(1001);
    expect(a.stage).toMatchObject({ id: stages[0]!.id, name: 'New' });
    expect(a).toMatchObject({ dueSource: 'sla', overdue: false, completedAt: null, source: 'staff', version: 1, customer: { id: customerId, name: 'Ada Customer' } });
    const dueA = Date.parse(a.dueAt) - before;
    expect(dueA).toBeGreaterThan(4 * 3600_000 - 5000);
    expect(dueA).toBeLessThan(4 * 3600_000 + 5000);
    expect(Date.parse(b.dueAt) - Date.parse(b.createdAt)).toBe(7 * 86_400_000);
    const manual = await newTicket(owner, { dueAt: '2030-01-01T10:00:00Z' });
    expect(manual).toMatchObject({ dueSource: 'manual', dueAt: '2030-01-01T10:00:00.000Z' });
  });

  it('when required fields are missing or the customer is not of this workspace, then 400 names each field and nothing is written', async () => {
    const before = await countOf('SELECT count(*)::int AS n FROM tickets WHERE workspace_id = $1', [ws.id]);
    const missing = await req(owner, 'POST', '/tickets', {});
    expect(missing.statusCode).toBe(400);
    expect(fields(missing)).toEqual(['body.customerId', 'body.priority', 'body.title']);
    const other = await createWorkspace(t.app, owner.cookie, 'Other Co');
    const foreign = await t.app.inject({ method: 'POST', url: `/api/v1/w/${other.slug}/customers`, headers: owner.headers, payload: { name: 'Not yours' } });
    const res = await req(owner, 'POST', '/tickets', { customerId: foreign.json().id, title: 'x', priority: 'high' });
    expect(res.statusCode).toBe(400);
    expect(fields(res)).toEqual(['body.customerId']);
    const badAssignee = await req(owner, 'POST', '/tickets', { customerId, title: 'x', priority: 'high', assigneeId: '00000000-0000-4000-8000-000000000001' });
    expect(fields(badAssignee)).toEqual(['body.assigneeId']);
    const after = await countOf('SELECT count(*)::int AS n FROM tickets WHERE workspace_id = $1', [ws.id]);
    expect(after).toBe(before);
  });

  it('when a ticket moves through stages, then each move is recorded and completed_at follows the done stage', async () => {
    const tk = await newTicket(owner);
    const moved = await req(owner, 'POST', `/tickets/${tk.id}/transition`, { stageId: stages[3]!.id, version: tk.version });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().completedAt).not.toBeNull();
    const reopened = await req(owner, 'POST', `/tickets/${tk.id}/transition`, { stageId: stages[1]!.id });
    expect(reopened.json()).toMatchObject({ completedAt: null, stage: { name: 'In Progress' } });
    const history = (await req(owner, 'GET', `/tickets/${tk.id}/history`)).json().items;
    const transitions = history.filter((h: { kind: string }) => h.kind === 'transition');
    expect(transitions.map((h: { fromStage: { name: string }; toStage: { name: string } }) => `${h.fromStage.name}→${h.toStage.name}`)).toEqual(['Completed→In Progress', 'New→Completed']);
    expect(transitions[0].actor.email).toBe(owner.email);
    expect(history.some((h: { kind: string }) => h.kind === 'ticket.created')).toBe(true);
    const stale = await req(owner, 'POST', `/tickets/${tk.id}/transition`, { stageId: stages[2]!.id, version: tk.version });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.details.current.stage.name).toBe('In Progress');
    const foreignStage = await req(owner, 'POST', `/tickets/${tk.id}/transition`, { stageId: '00000000-0000-4000-8000-000000000001' });
    expect(fields(foreignStage)).toEqual(['body.stageId']);
  });

  it('when a ticket is edited with a stale version, then 409 carries the current ticket; a new priority moves an SLA due date', async () => {
    const tk = await newTicket(owner, { priority: 'low' });
    const ok = await req(owner, 'PATCH', `/tickets/${tk.id}`, { version: tk.version, priority: 'urgent', title: 'Now urgent' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(Date.parse(ok.json().dueAt) - Date.parse(tk.createdAt)).toBe(4 * 3600_000);
    const stale = await req(owner, 'PATCH', `/tickets/${tk.id}`, { version: tk.version, title: 'Lost update' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.details.current.title).toBe('Now urgent');
    const manual = await req(owner, 'PATCH', `/tickets/${tk.id}`, { version: ok.json().version, dueAt: '2031-05-05T05:05:00Z' });
    expect(manual.json()).toMatchObject({ dueSource: 'manual', dueAt: '2031-05-05T05:05:00.000Z' });
    const back = await req(owner, 'PATCH', `/tickets/${tk.id}`, { version: manual.json().version, dueAt: null });
    expect(back.json().dueSource).toBe('sla');
  });

  it('when a ticket is assigned, then the assignee gets one in-app notification and one email; assigning yourself notifies nobody', async () => {
    const tk = await newTicket(owner, { title: 'Needs Andy' });
    const before = (await req(agent, 'GET', '/notifications/unread-count')).json().unread;
    const assigned = await req(owner, 'POST', `/tickets/${tk.id}/assign`, { assigneeId: agent.id });
    expect(assigned.json().assignee).toMatchObject({ id: agent.id });
    const list = (await req(agent, 'GET', '/notifications?unread=true')).json();
    expect(list.unread).toBe(before + 1);
    expect(list.items[0]).toMatchObject({ kind: 'ticket_assigned', link: `/w/${ws.slug}/tickets/${tk.id}`, readAt: null });
    await sendPendingEmails(t.app.db.owner, t.app.mail, 'http://grip.test');
    const mail = smtp.received.find((m) => m.to.includes(agent.email) && m.raw.includes('Needs Andy'));
    expect(mail?.raw.replace(/=\r\n/g, '')).toContain(`http://grip.test/w/${ws.slug}/tickets/${tk.id}`);
    expect(await sendPendingEmails(t.app.db.owner, t.app.mail, 'http://grip.test')).toBe(0);
    const self = await req(owner, 'POST', `/tickets/${tk.id}/assign`, { assigneeId: 'me' });
    expect(self.json().assignee.id).toBe(owner.id);
    expect((await req(owner, 'GET', '/notifications/unread-count')).json().unread).toBe(0);
    await req(agent, 'POST', `/notifications/${list.items[0].id}/read`);
    expect((await req(agent, 'GET', '/notifications/unread-count')).json().unread).toBe(before);
    const unassigned = await req(owner, 'POST', `/tickets/${tk.id}/assign`, { assigneeId: null });
    expect(unassigned.json().assignee).toBeNull();
  });

  it('when an agent (assign: own) assigns, then only to themselves and only unassigned tickets; a viewer cannot', async () => {
    const tk = await newTicket(owner);
    const toOwner = await req(agent, 'POST', `/tickets/${tk.id}/assign`, { assigneeId: owner.id });
    expect(toOwner.statusCode).toBe(403);
    const mine = await req(agent, 'POST', `/tickets/${tk.id}/assign`, { assigneeId: 'me' });
    expect(mine.statusCode, mine.body).toBe(200);
    const other = await newTicket(owner, { assigneeId: owner.id });
    expect((await req(agent, 'POST', `/tickets/${other.id}/assign`, { assigneeId: 'me' })).statusCode).toBe(403);
    expect((await req(viewer, 'POST', `/tickets/${tk.id}/assign`, { assigneeId: 'me' })).statusCode).toBe(403);
    expect((await req(viewer, 'POST', '/tickets', { customerId, title: 'x', priority: 'low' })).statusCode).toBe(403);
  });

  it('when preferences turn email off, then assignments notify in-app only; with both off, nothing is stored', async () => {
    const put = await req(agent, 'PUT', '/notification-preferences', { items: [{ kind: 'ticket_assigned', inApp: true, email: false }] });
    expect(put.json().items).toContainEqual({ kind: 'ticket_assigned', inApp: true, email: false });
    const tk = await newTicket(owner, { assigneeId: agent.id, title: 'Quiet one' });
    const rows = await q<{ email_state: string; in_app: boolean }>('SELECT email_state, in_app FROM notifications WHERE entity_id = $1', [tk.id]);
    expect(rows).toEqual([{ email_state: 'skipped', in_app: true }]);
    await req(agent, 'PUT', '/notification-preferences', { items: [{ kind: 'ticket_assigned', inApp: false, email: false }] });
    const silent = await newTicket(owner, { assigneeId: agent.id });
    expect(await q('SELECT 1 FROM notifications WHERE entity_id = $1', [silent.id])).toEqual([]);
    await req(agent, 'PUT', '/notification-preferences', { items: [{ kind: 'ticket_assigned', inApp: true, email: true }] });
    await req(agent, 'POST', '/notifications/read-all');
    expect((await req(agent, 'GET', '/notifications/unread-count')).json().unread).toBe(0);
  });

  it('when the overdue job runs (controlled clock), then it flags past-due open tickets, notifies once, and clears on done or a moved due date', async () => {
    const tk = await newTicket(owner, { assigneeId: agent.id, dueAt: '2030-06-01T12:00:00Z', title: 'Late one' });
    const done = await newTicket(owner, { assigneeId: agent.id, dueAt: '2030-06-01T12:00:00Z' });
    await req(owner, 'POST', `/tickets/${done.id}/transition`, { stageId: stages[3]!.id });
    await runOverdueCheck(t.app.db.owner, new Date('2030-06-01T11:59:00Z'));
    expect((await req(owner, 'GET', `/tickets/${tk.id}`)).json().overdue).toBe(false);
    await runOverdueCheck(t.app.db.owner, new Date('2030-06-01T12:01:00Z'));
    await runOverdueCheck(t.app.db.owner, new Date('2030-06-01T12:02:00Z'));
    expect((await req(owner, 'GET', `/tickets/${tk.id}`)).json().overdue).toBe(true);
    expect((await req(owner, 'GET', `/tickets/${done.id}`)).json().overdue).toBe(false);
    const notices = await q('SELECT 1 FROM notifications WHERE entity_id = $1 AND kind = $2', [tk.id, 'ticket_overdue']);
    expect(notices).toHaveLength(1);
    const filtered = (await req(owner, 'GET', '/tickets?overdue=true')).json().items.map((x: { id: string }) => x.id);
    expect(filtered).toContain(tk.id);
    expect(filtered).not.toContain(done.id);
    const current = (await req(owner, 'GET', `/tickets/${tk.id}`)).json();
    const moved = await req(owner, 'PATCH', `/tickets/${tk.id}`, { version: current.version, dueAt: '2099-01-01T00:00:00Z' });
    expect(moved.json().overdue).toBe(false);
    const other = await newTicket(owner, { dueAt: '2000-01-01T00:00:00Z' });
    expect(other.overdue).toBe(true);
    const closed = await req(owner, 'POST', `/tickets/${other.id}/transition`, { stageId: stages[3]!.id });
    expect(closed.json().overdue).toBe(false);
  });

  it('when messages are posted, then the thread holds public replies and internal notes in order with their attachments', async () => {
    const tk = await newTicket(owner);
    const upload = multipart('../../etc/passwd.png', PNG, 'image/png');
    const up = await t.app.inject({ method: 'POST', url: url(`/tickets/${tk.id}/attachments`), headers: { ...owner.headers, ...upload.headers }, payload: upload.payload });
    expect(up.statusCode, up.body).toBe(201);
    expect(up.json()).toMatchObject({ filename: 'passwd.png', contentType: 'image/png', size: PNG.length });
    const reply = await req(owner, 'POST', `/tickets/${tk.id}/messages`, { body: 'We are on it', attachmentIds: [up.json().id] });
    expect(reply.statusCode, reply.body).toBe(201);
    await req(owner, 'POST', `/tickets/${tk.id}/messages`, { body: 'Customer sounds upset', internal: true });
    const thread = (await req(owner, 'GET', `/tickets/${tk.id}/messages`)).json().items;
    expect(thread.map((m: { body: string; internal: boolean }) => [m.body, m.internal])).toEqual([
      ['We are on it', false],
      ['Customer sounds upset', true],
    ]);
    expect(thread[0].attachments[0].id).toBe(up.json().id);
    expect((await req(owner, 'GET', `/tickets/${tk.id}`)).json().messageCount).toBe(2);
    const download = await req(owner, 'GET', `/tickets/${tk.id}/attachments/${up.json().id}`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-disposition']).toMatch(/^attachment; filename="passwd.png"/);
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.from(download.rawPayload).equals(PNG)).toBe(true);
    const empty = await req(owner, 'POST', `/tickets/${tk.id}/messages`, { body: '  ' });
    expect(fields(empty)).toEqual(['body.body']);
    const reused = await req(owner, 'POST', `/tickets/${tk.id}/messages`, { body: 'again', attachmentIds: [up.json().id] });
    expect(fields(reused)).toEqual(['body.attachmentIds']);
  });

  it('when an upload lies about its type, is too large, or is asked for from another workspace, then it is refused', async () => {
    const tk = await newTicket(owner);
    const send = (name: string, content: Buffer, type?: string, slug = ws.slug, id = tk.id) => {
      const m = multipart(name, content, type);
      return t.app.inject({ method: 'POST', url: `/api/v1/w/${slug}/tickets/${id}/attachments`, headers: { ...owner.headers, ...m.headers }, payload: m.payload });
    };
    const fake = await send('photo.png', Buffer.from('#!/bin/sh\nrm -rf /\n\u0000\u0001binary'), 'image/png');
    expect(fake.statusCode).toBe(415);
    const exe = await send('report.pdf', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]));
    expect(exe.statusCode).toBe(415);
    const text = await send('notes.png', Buffer.from('plain words, honestly\n'));
    expect(text.json()).toMatchObject({ contentType: 'text/plain', filename: 'notes.png' });
    const big = await send('big.png', Buffer.concat([PNG, Buffer.alloc(10 * 1024 * 1024, 1)]));
    expect(big.statusCode).toBe(413);
    expect(await countOf('SELECT count(*)::int AS n FROM ticket_attachments WHERE ticket_id = $1', [tk.id])).toBe(1);
    const other = await createWorkspace(t.app, owner.cookie, 'Files Co');
    const otherUrl = (p: string) => `/api/v1/w/${other.slug}${p}`;
    const oc = await t.app.inject({ method: 'POST', url: otherUrl('/customers'), headers: owner.headers, payload: { name: 'Other' } });
    const ot = await t.app.inject({ method: 'POST', url: otherUrl('/tickets'), headers: owner.headers, payload: { customerId: oc.json().id, title: 'x', priority: 'low' } });
    const oa = await send('a.png', PNG, 'image/png', other.slug, ot.json().id);
    expect(oa.statusCode).toBe(201);
    // The other workspace's file id, asked for under this workspace (even through this workspace's ticket), is not found.
    expect((await req(owner, 'GET', `/tickets/${tk.id}/attachments/${oa.json().id}`)).statusCode).toBe(404);
    expect((await req(owner, 'GET', `/tickets/${ot.json().id}/attachments/${oa.json().id}`)).statusCode).toBe(404);
    expect((await req(agent, 'GET', `/tickets/${tk.id}/attachments/${text.json().id}`)).statusCode).toBe(404);
  });

  it('when an upload is never posted, then after a day the clean-up removes its row and its bytes; posted files stay', async () => {
    const tk = await newTicket(owner);
    const send = async () => {
      const m = multipart('draft.png', PNG, 'image/png');
      return (await t.app.inject({ method: 'POST', url: url(`/tickets/${tk.id}/attachments`), headers: { ...owner.headers, ...m.headers }, payload: m.payload })).json();
    };
    const abandoned = await send();
    const posted = await send();
    await req(owner, 'POST', `/tickets/${tk.id}/messages`, { body: 'with a file', attachmentIds: [posted.id] });
    const storage = createStorage(t.config.storageUrl);
    const keyOf = async (id: string) => (await q<{ k: string }>('SELECT storage_key AS k FROM ticket_attachments WHERE id = $1', [id]))[0]?.k;
    const abandonedKey = (await keyOf(abandoned.id))!;
    expect(await storage.size(abandonedKey)).toBe(PNG.length);
    expect(await purgeAbandonedUploads(t.app.db.owner, storage, new Date())).toBe(0);
    await purgeAbandonedUploads(t.app.db.owner, storage, new Date(Date.now() + 2 * 86_400_000));
    expect(await keyOf(abandoned.id)).toBeUndefined();
    await expect(storage.size(abandonedKey)).rejects.toThrow();
    expect(await storage.size((await keyOf(posted.id))!)).toBe(PNG.length);
  });

  it('when a file name carries paths, quotes or control characters, then only a safe base name is kept', () => {
    expect(safeFilename('../../etc/passwd')).toBe('passwd');
    expect(safeFilename('..\\..\\windows\\evil.pdf')).toBe('evil.pdf');
    expect(safeFilename('a"b\u0000c.txt')).toBe('abc.txt');
    expect(safeFilename('...')).toBe('file');
    expect(safeFilename('')).toBe('file');
  });

  it('when drafts are saved, then only their author reads them back, and deleting removes them', async () => {
    const tk = await newTicket(owner);
    const key = `ticket-${tk.id}-reply`;
    expect((await req(owner, 'GET', `/drafts/${key}`)).statusCode).toBe(404);
    const saved = await req(owner, 'PUT', `/drafts/${key}`, { body: 'Half a thought' });
    expect(saved.json()).toMatchObject({ key, body: 'Half a thought' });
    expect((await req(owner, 'GET', `/drafts/${key}`)).json().body).toBe('Half a thought');
    expect((await req(agent, 'GET', `/drafts/${key}`)).statusCode).toBe(404);
    expect((await req(owner, 'PUT', '/drafts/../../etc', { body: 'x' })).statusCode).toBe(404);
    expect((await req(owner, 'PUT', '/drafts/not-a-key', { body: 'x' })).statusCode).toBe(400);
    await req(owner, 'DELETE', `/drafts/${key}`);
    expect((await req(owner, 'GET', `/drafts/${key}`)).statusCode).toBe(404);
  });

  it('when stages are managed, then they can be added, renamed, reordered, re-categorised, and removed only when empty', async () => {
    const pipeline = (await req(owner, 'GET', '/pipelines')).json().items[0];
    const added = await req(owner, 'POST', `/pipelines/${pipeline.id}/stages`, { name: 'Escalated', category: 'open', position: 1 });
    expect(added.statusCode, added.body).toBe(201);
    const names = added.json().stages.map((s: { name: string }) => s.name);
    expect(names).toEqual(['New', 'Escalated', 'In Progress', 'Waiting', 'Completed']);
    const escalated = added.json().stages[1];
    const tk = await newTicket(owner);
    await req(owner, 'POST', `/tickets/${tk.id}/transition`, { stageId: escalated.id });
    const blocked = await req(owner, 'DELETE', `/pipelines/${pipeline.id}/stages/${escalated.id}`);
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().error).toMatchObject({ code: 'stage_not_empty', details: { count: 1 } });
    const doneNow = await req(owner, 'PATCH', `/pipelines/${pipeline.id}/stages/${escalated.id}`, { name: 'Resolved', category: 'done' });
    expect(doneNow.json().stages[1]).toMatchObject({ name: 'Resolved', category: 'done' });
    expect((await req(owner, 'GET', `/tickets/${tk.id}`)).json().completedAt).not.toBeNull();
    await req(owner, 'PATCH', `/pipelines/${pipeline.id}/stages/${escalated.id}`, { category: 'open' });
    expect((await req(owner, 'GET', `/tickets/${tk.id}`)).json().completedAt).toBeNull();
    await req(owner, 'POST', `/tickets/${tk.id}/transition`, { stageId: stages[0]!.id });
    const ids = doneNow.json().stages.map((s: { id: string }) => s.id);
    const reordered = await req(owner, 'PUT', `/pipelines/${pipeline.id}/stage-order`, { stageIds: [...ids].reverse() });
    expect(reordered.json().stages.map((s: { id: string }) => s.id)).toEqual([...ids].reverse());
    expect(fields(await req(owner, 'PUT', `/pipelines/${pipeline.id}/stage-order`, { stageIds: ids.slice(1) }))).toEqual(['body.stageIds']);
    await req(owner, 'PUT', `/pipelines/${pipeline.id}/stage-order`, { stageIds: ids });
    const removed = await req(owner, 'DELETE', `/pipelines/${pipeline.id}/stages/${escalated.id}`);
    expect(removed.json().stages.map((s: { name: string }) => s.name)).toEqual(['New', 'In Progress', 'Waiting', 'Completed']);
    expect((await req(agent, 'POST', `/pipelines/${pipeline.id}/stages`, { name: 'Nope', category: 'open' })).statusCode).toBe(403);
    const sla = await req(owner, 'PUT', '/ticket-settings', { slaMinutes: { urgent: 60, high: 120, normal: 240, low: 480 } });
    expect(sla.json().slaMinutes.urgent).toBe(60);
    const fresh = await newTicket(owner, { priority: 'urgent' });
    expect(Date.parse(fresh.dueAt) - Date.parse(fresh.createdAt)).toBe(3600_000);
    expect(fields(await req(owner, 'PUT', '/ticket-settings', { slaMinutes: { urgent: 0, high: 1, normal: 1, low: 1 } }))).toEqual(['body.slaMinutes.urgent']);
    await req(owner, 'PUT', '/ticket-settings', { slaMinutes: { urgent: 240, high: 1440, normal: 4320, low: 10080 } });
  });

  it('when the board and list are read, then columns carry counts and urgent tickets first, and filters combine', async () => {
    const c2 = (await req(owner, 'POST', '/customers', { name: 'Bea Board' })).json().id;
    const urgent = await newTicket(owner, { customerId: c2, priority: 'urgent', title: 'Board urgent', assigneeId: agent.id });
    const low = await newTicket(owner, { customerId: c2, priority: 'low', title: 'Board low' });
    const board = (await req(owner, 'GET', `/tickets/board?customerId=${c2}`)).json();
    expect(board.columns.map((c: { stage: { name: string } }) => c.stage.name)).toEqual(['New', 'In Progress', 'Waiting', 'Completed']);
    expect(board.columns[0]).toMatchObject({ count: 2, capped: false });
    expect(board.columns[0].items.map((x: { id: string }) => x.id)).toEqual([urgent.id, low.id]);
    const page1 = (await req(owner, 'GET', `/tickets/board?customerId=${c2}&limit=1`)).json().columns[0];
    const more = (await req(owner, 'GET', `/tickets?customerId=${c2}&stage=${page1.stage.id}&sort=-priority,dueAt&limit=1&cursor=${page1.nextCursor}`)).json();
    expect(more.items.map((x: { id: string }) => x.id)).toEqual([low.id]);
    const mine = (await req(agent, 'GET', `/tickets/board?customerId=${c2}&assignee=me`)).json();
    expect(mine.columns[0].items.map((x: { id: string }) => x.id)).toEqual([urgent.id]);
    const list = (await req(owner, 'GET', `/tickets?customerId=${c2}&priority=urgent,high&category=open`)).json();
    expect(list.items.map((x: { id: string }) => x.id)).toEqual([urgent.id]);
    const byNumber = (await req(owner, 'GET', `/tickets?q=%23${low.number}`)).json();
    expect(byNumber.items.map((x: { id: string }) => x.id)).toEqual([low.id]);
    const byTitle = (await req(owner, 'GET', `/tickets?q=board%20LOW`)).json();
    expect(byTitle.items.map((x: { id: string }) => x.id)).toEqual([low.id]);
    expect((await req(owner, 'GET', `/tickets/count?customerId=${c2}`)).json()).toEqual({ count: 2, capped: false });
    expect(fields(await req(owner, 'GET', '/tickets?priority=meh'))).toEqual(['querystring.priority']);
    expect(fields(await req(owner, 'GET', '/tickets?sort=color'))).toEqual(['querystring.sort']);
    const customerTickets = (await req(owner, 'GET', `/tickets?customerId=${c2}&sort=number`)).json().items;
    expect(customerTickets.map((x: { number: number }) => x.number)).toEqual([urgent.number, low.number]);
  });

  it('when a bulk change runs, then small ones finish at once and large ones run as a job, each ticket audited and moves recorded', async () => {
    const c3 = (await req(owner, 'POST', '/customers', { name: 'Cy Bulk' })).json().id;
    const made = [];
    for (let i = 0; i < 4; i++) made.push(await newTicket(owner, { customerId: c3, title: `Bulk ${i}` }));
    const ids = made.map((m) => m.id);
    const assign = await req(owner, 'POST', '/tickets/bulk', { selection: { ids }, action: { type: 'assign', assigneeId: agent.id } });
    expect(assign.json()).toMatchObject({ status: 'done', processed: 4, failed: 0 });
    expect(await q('SELECT 1 FROM notifications WHERE entity_id = ANY($1::uuid[]) AND kind = $2', [ids, 'ticket_assigned'])).toHaveLength(4);
    const close = await req(owner, 'POST', '/tickets/bulk', { selection: { filter: { customerId: c3 } }, action: { type: 'close' } });
    expect(close.statusCode).toBe(202);
    expect(close.json().status).toBe('queued');
    await runTicketBulkJob(t.app.db.owner, ws.id, close.json().id);
    const job = (await req(owner, 'GET', `/tickets/bulk-jobs/${close.json().id}`)).json();
    expect(job).toMatchObject({ status: 'done', processed: 4, total: 4 });
    const after = (await req(owner, 'GET', `/tickets?customerId=${c3}`)).json().items;
    expect(after.every((x: { stage: { category: string }; completedAt: string | null }) => x.stage.category === 'done' && x.completedAt)).toBe(true);
    expect(await q('SELECT 1 FROM ticket_transitions WHERE ticket_id = ANY($1::uuid[])', [ids])).toHaveLength(4);
    const prio = await req(owner, 'POST', '/tickets/bulk', { selection: { ids: [...ids, '00000000-0000-4000-8000-000000000009'] }, action: { type: 'priority', priority: 'high' } });
    expect(prio.json()).toMatchObject({ processed: 5, failed: 1 });
    const csv = await req(owner, 'GET', `/tickets/bulk-jobs/${prio.json().id}/errors.csv`);
    expect(csv.body).toContain('00000000-0000-4000-8000-000000000009');
    expect((await req(agent, 'POST', '/tickets/bulk', { selection: { ids }, action: { type: 'assign', assigneeId: owner.id } })).statusCode).toBe(403);
  });

  describe('properties', () => {
    it('every new ticket starts in the first stage, required fields are always enforced, and the customer must be of this workspace', async () => {
      const other = await createWorkspace(t.app, owner.cookie, 'Prop Co');
      const foreign = (await t.app.inject({ method: 'POST', url: `/api/v1/w/${other.slug}/customers`, headers: owner.headers, payload: { name: 'Elsewhere' } })).json().id;
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            customerId: fc.constantFrom<string | undefined>(customerId, foreign, undefined, '00000000-0000-4000-8000-00000000000a'),
            title: fc.constantFrom<string | undefined>('Ok title', '', '   ', undefined),
            priority: fc.constantFrom<string | undefined>('low', 'normal', 'high', 'urgent', 'extreme', undefined),
          }),
          async (body) => {
            const res = await req(owner, 'POST', '/tickets', body);
            const valid = body.customerId === customerId && body.title === 'Ok title' && ['low', 'normal', 'high', 'urgent'].includes(body.priority ?? '');
            if (valid) {
              expect(res.statusCode).toBe(201);
              expect(res.json().stage.id).toBe(stages[0]!.id);
            } else {
              expect(res.statusCode).toBe(400);
              // Shape errors are named all at once; only a well-formed request reaches the customer check.
              const shape = [
                ...(body.customerId === undefined ? ['body.customerId'] : []),
                ...(body.priority === undefined || !['low', 'normal', 'high', 'urgent'].includes(body.priority) ? ['body.priority'] : []),
                ...(body.title !== 'Ok title' ? ['body.title'] : []),
              ];
              expect(fields(res)).toEqual(shape.length > 0 ? shape : ['body.customerId']);
            }
          },
        ),
        { numRuns: 100 },
      );
      expect(await q('SELECT 1 FROM tickets t WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.workspace_id = t.workspace_id AND c.id = t.customer_id)')).toEqual([]);
    });

    it('every stage change leaves exactly one transition record, and completed_at is set exactly when the ticket is in a done stage', async () => {
      const tk = await newTicket(owner);
      let current = stages[0]!.id;
      let expected = Number((await q<{ n: number }>('SELECT count(*)::int AS n FROM ticket_transitions WHERE ticket_id = $1', [tk.id]))[0]!.n);
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...stages), async (to) => {
          const res = await req(owner, 'POST', `/tickets/${tk.id}/transition`, { stageId: to.id });
          expect(res.statusCode).toBe(200);
          if (to.id !== current) expected++;
          current = to.id;
          expect(await countOf('SELECT count(*)::int AS n FROM ticket_transitions WHERE ticket_id = $1', [tk.id])).toBe(expected);
          expect(res.json().completedAt !== null).toBe(to.category === 'done');
        }),
        { numRuns: 100 },
      );
      const bad = await q('SELECT t.id FROM tickets t JOIN pipeline_stages s ON s.workspace_id = t.workspace_id AND s.id = t.stage_id WHERE (s.category = $1) <> (t.completed_at IS NOT NULL)', ['done']);
      expect(bad).toEqual([]);
    });

    it('every assignment to someone else produces exactly one notification for the assignee', async () => {
      const tk = await newTicket(owner);
      const people = [owner, agent, null] as const;
      let holder: string | null = null;
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...people), async (who) => {
          const before = Number((await q<{ n: number }>('SELECT count(*)::int AS n FROM notifications WHERE entity_id = $1', [tk.id]))[0]!.n);
          const target = who?.id ?? null;
          const res = await req(owner, 'POST', `/tickets/${tk.id}/assign`, { assigneeId: target });
          expect(res.statusCode).toBe(200);
          const rows = await q<{ user_id: string }>('SELECT user_id FROM notifications WHERE entity_id = $1 ORDER BY created_at', [tk.id]);
          const fresh = rows.slice(before);
          if (target && target !== holder && target !== owner.id) expect(fresh.map((r) => r.user_id)).toEqual([target]);
          else expect(fresh).toEqual([]);
          holder = target;
        }),
        { numRuns: 100 },
      );
    });
  });
});
