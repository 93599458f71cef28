import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers.ts';
import { addMember, createWorkspace, signedInUser } from '../../../test/identity-helpers.ts';
import { startSmtpSink } from '../../../test/smtp.ts';
import { createStorage } from '../../lib/storage.ts';
import type { ExportDeps } from './export-jobs.service.ts';
import { runScheduledExport, tickScheduledExports } from './scheduled-exports.service.ts';

type User = Awaited<ReturnType<typeof signedInUser>>;

describe('scheduled exports', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  let owner: User;
  let agent: User;
  let scheduler: User;
  let ws: { id: string; slug: string };
  let deps: ExportDeps;
  const req = (u: User, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, payload?: unknown) =>
    t.app.inject({ method, url: `/api/v1/w/${ws.slug}${path}`, headers: u.headers, ...(payload === undefined ? {} : { payload: payload as object }) });
  const base = { name: 'Weekly leads', entity: 'customers', frequency: 'weekly', timeOfDay: '08:30', timezone: 'Europe/Paris', dayOfWeek: 1, recipients: ['boss@example.com'] };

  beforeAll(async () => {
    smtp = await startSmtpSink();
    t = await createTestApp({ SMTP_URL: smtp.url, APP_URL: 'https://grip.example.test' });
    deps = { pool: t.app.db.owner, storage: createStorage(t.config.storageUrl), mailer: t.app.mail, appUrl: t.config.appUrl, linkHours: 24 };
    owner = await signedInUser(t.app, { name: 'Sia Owner' });
    agent = await signedInUser(t.app, { name: 'Al Agent' });
    scheduler = await signedInUser(t.app, { name: 'Tess Tickets' });
    ws = await createWorkspace(t.app, owner.cookie, 'Schedule Co');
    await addMember(t.app, ws.id, agent.id, 'agent');
    const role = await req(owner, 'POST', '/roles', { key: 'ticket-scheduler', name: 'Ticket scheduler', permissions: { 'workspace:read': 'all', 'tickets:read': 'all', 'exports:schedule': 'all' } });
    expect(role.statusCode, role.body).toBe(201);
    await addMember(t.app, ws.id, scheduler.id, 'ticket-scheduler');
    for (const [name, status, tags] of [['Lead One', 'lead', ['vip']], ['Lead Two', 'lead', []], ['Active One', 'active', ['vip']], ['=SUM(1)', 'lead', ['vip']]] as const) {
      expect((await req(owner, 'POST', '/customers', { name, status, tags })).statusCode).toBe(201);
    }
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('when a schedule is created, then it is listed with its next run computed in its time zone', async () => {
    const res = await req(owner, 'POST', '/scheduled-exports', { ...base, filter: { status: 'lead' }, fields: ['name', 'status'] });
    expect(res.statusCode, res.body).toBe(201);
    const s = res.json();
    expect(s).toMatchObject({ name: 'Weekly leads', format: 'csv', delivery: 'attachment', paused: false, version: 1, dayOfMonth: null, lastRun: null, createdBy: { id: owner.id } });
    // Monday 08:30 in Paris: 06:30 or 07:30 UTC depending on summer time, within the coming week.
    const next = new Date(s.nextRunAt);
    expect(next.getTime()).toBeGreaterThan(Date.now());
    expect(next.getTime() - Date.now()).toBeLessThanOrEqual(7 * 86_400_000);
    expect(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', weekday: 'long', hour: '2-digit', minute: '2-digit' }).format(next)).toBe('Monday 08:30');
    const list = (await req(owner, 'GET', '/scheduled-exports')).json();
    expect(list.items.map((i: { id: string }) => i.id)).toContain(s.id);
    expect((await req(owner, 'GET', `/scheduled-exports/${s.id}`)).json()).toEqual(s);
  });

  it('when the input is wrong, then 400 names the field and nothing is saved', async () => {
    const before = (await req(owner, 'GET', '/scheduled-exports?limit=200')).json().items.length;
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ timezone: 'Mars/Olympus' }, 'body.timezone'],
      [{ timeOfDay: '24:00' }, 'body.timeOfDay'],
      [{ recipients: [] }, 'body.recipients'],
      [{ recipients: ['not-an-email'] }, 'body.recipients.0'],
      [{ recipients: Array.from({ length: 21 }, (_, i) => `r${i}@example.com`) }, 'body.recipients'],
      [{ dayOfWeek: undefined }, 'body.dayOfWeek'],
      [{ frequency: 'monthly', dayOfMonth: 29 }, 'body.dayOfMonth'],
      [{ frequency: 'monthly' }, 'body.dayOfMonth'],
      [{ frequency: 'hourly' }, 'body.frequency'],
      [{ delivery: 'fax' }, 'body.delivery'],
      [{ name: ' ' }, 'body.name'],
      [{ filter: { status: 'lead', colour: 'red' } }, 'body.filter.colour'],
      [{ filter: { sort: 'shoeSize' } }, 'body.filter.sort'],
      [{ entity: 'tickets', filter: { priority: 'meh' } }, 'body.filter.priority'],
      [{ fields: ['name', 'password'] }, 'body.fields'],
    ];
    for (const [change, field] of cases) {
      const res = await req(owner, 'POST', '/scheduled-exports', { ...base, ...change });
      expect(res.statusCode, JSON.stringify(change)).toBe(400);
      expect(res.json().error.details.fields.map((f: { field: string }) => f.field), JSON.stringify(change)).toContain(field);
    }
    expect((await req(owner, 'GET', '/scheduled-exports?limit=200')).json().items).toHaveLength(before);
  });

  it('when someone lacks exports:schedule or the records’ read permission, then 403; another workspace’s schedule is 404', async () => {
    expect((await req(agent, 'POST', '/scheduled-exports', base)).statusCode).toBe(403);
    expect((await req(agent, 'GET', '/scheduled-exports')).statusCode).toBe(403);
    const noRead = await req(scheduler, 'POST', '/scheduled-exports', base);
    expect(noRead.statusCode).toBe(403);
    expect(noRead.json().error.details).toEqual({ permission: 'customers:read' });
    expect((await req(scheduler, 'POST', '/scheduled-exports', { ...base, entity: 'tickets', filter: { priority: 'high' } })).statusCode).toBe(201);

    const s = (await req(owner, 'POST', '/scheduled-exports', base)).json();
    const other = await createWorkspace(t.app, owner.cookie, 'Other Schedules');
    for (const [method, path] of [['GET', ''], ['PATCH', ''], ['DELETE', ''], ['POST', '/run'], ['POST', '/pause'], ['GET', '/runs']] as const) {
      const res = await t.app.inject({ method, url: `/api/v1/w/${other.slug}/scheduled-exports/${s.id}${path}`, headers: owner.headers, ...(method === 'PATCH' ? { payload: { version: 1, name: 'x' } } : {}) });
      expect(res.statusCode, `${method} ${path}`).toBe(404);
    }
  });

  it('when a schedule is edited with a stale version, then 409 carries the current one; pause, resume and delete work', async () => {
    const s = (await req(owner, 'POST', '/scheduled-exports', { ...base, name: 'Edit me' })).json();
    const edited = await req(owner, 'PATCH', `/scheduled-exports/${s.id}`, { version: 1, frequency: 'monthly', dayOfMonth: 15, timeOfDay: '18:00', timezone: 'America/New_York', format: 'xlsx' });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ version: 2, frequency: 'monthly', dayOfMonth: 15, dayOfWeek: null, format: 'xlsx' });
    expect(new Intl.DateTimeFormat('en-GB', { timeZone: 'America/New_York', day: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(edited.json().nextRunAt))).toBe('15, 18:00');
    const stale = await req(owner, 'PATCH', `/scheduled-exports/${s.id}`, { version: 1, name: 'Lost update' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('version_conflict');
    expect(stale.json().error.details.current).toMatchObject({ id: s.id, version: 2, name: 'Edit me' });

    const paused = await req(owner, 'POST', `/scheduled-exports/${s.id}/pause`);
    expect(paused.json()).toMatchObject({ paused: true, version: 3 });
    expect((await req(owner, 'POST', `/scheduled-exports/${s.id}/pause`)).json().version).toBe(3);
    // A paused schedule is never due, whatever its date says.
    await t.app.db.owner.query("UPDATE scheduled_exports SET next_run_at = now() - interval '1 hour' WHERE id = $1", [s.id]);
    const claimed: string[] = [];
    await tickScheduledExports(t.app.db.owner, async (_ws, runId) => void claimed.push(runId));
    const { rows: runs } = await t.app.db.owner.query('SELECT count(*)::int AS n FROM scheduled_export_runs WHERE scheduled_export_id = $1', [s.id]);
    expect(runs[0].n).toBe(0);
    const resumed = (await req(owner, 'POST', `/scheduled-exports/${s.id}/resume`)).json();
    expect(resumed).toMatchObject({ paused: false, version: 4 });
    expect(Date.parse(resumed.nextRunAt)).toBeGreaterThan(Date.now());

    expect((await req(owner, 'DELETE', `/scheduled-exports/${s.id}`)).statusCode).toBe(204);
    expect((await req(owner, 'GET', `/scheduled-exports/${s.id}`)).statusCode).toBe(404);
    expect((await req(owner, 'DELETE', `/scheduled-exports/${s.id}`)).statusCode).toBe(404);
    const { rows: audit } = await t.app.db.owner.query('SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY created_at, id', [s.id]);
    expect(audit.map((a) => a.action)).toEqual(['scheduled_export.created', 'scheduled_export.updated', 'scheduled_export.paused', 'scheduled_export.resumed', 'scheduled_export.deleted']);
  });

  it('when the cron ticks (twice at once, as two instances would), then each due schedule sends exactly one email — attached, or as a working link — and moves on', async () => {
    const attached = (await req(owner, 'POST', '/scheduled-exports', { ...base, name: 'VIP leads', filter: { status: 'lead', tags: 'vip' }, fields: ['name', 'status'], recipients: ['a@example.com', 'b@example.com'] })).json();
    const linked = (await req(owner, 'POST', '/scheduled-exports', { ...base, name: 'All as a link', format: 'xlsx', delivery: 'link', recipients: ['c@example.com'] })).json();
    const later = (await req(owner, 'POST', '/scheduled-exports', { ...base, name: 'Not yet', recipients: ['d@example.com'] })).json();
    await t.app.db.owner.query("UPDATE scheduled_exports SET next_run_at = now() - interval '2 minutes' WHERE id = ANY($1)", [[attached.id, linked.id]]);
    const mailsBefore = smtp.received.length;

    const claimed: Array<[string, string]> = [];
    const enqueue = async (workspaceId: string, runId: string) => void claimed.push([workspaceId, runId]);
    await Promise.all([tickScheduledExports(t.app.db.owner, enqueue), tickScheduledExports(t.app.db.owner, enqueue)]);
    expect(claimed).toHaveLength(2);
    for (const [workspaceId, runId] of claimed) expect(await runScheduledExport(deps, workspaceId, runId)).toBe('sent');
    // Ticking again right away finds nothing due; a run handed over twice runs once.
    expect(await tickScheduledExports(t.app.db.owner, enqueue)).toBe(0);
    expect(await runScheduledExport(deps, claimed[0]![0], claimed[0]![1])).toBeNull();

    const mails = smtp.received.slice(mailsBefore);
    expect(mails).toHaveLength(2);
    const vip = mails.find((m) => m.raw.includes('VIP leads'))!;
    expect(vip.to.sort()).toEqual(['a@example.com', 'b@example.com']);
    expect(vip.raw).toMatch(/Content-Disposition: attachment; filename=customers-\d{4}-\d{2}-\d{2}\.csv/);
    const attachment = /filename=customers-[^\r\n]*\r?\n(?:[^\r\n]+\r?\n)*\r?\n([A-Za-z0-9+/=\r\n]+)/.exec(vip.raw)!;
    const csv = Buffer.from(attachment[1]!.replace(/\s/g, ''), 'base64').toString('utf8');
    const [header, ...lines] = csv.trim().split('\n');
    expect(header).toBe('name,status');
    expect(lines.sort()).toEqual(["'=SUM(1),lead", 'Lead One,lead']);

    const link = mails.find((m) => m.raw.includes('All as a link'))!;
    expect(link.to).toEqual(['c@example.com']);
    expect(link.raw).not.toMatch(/Content-Disposition: attachment/);
    const url = /https:\/\/grip\.example\.test(\/api\/v1\/export-downloads\/[A-Za-z0-9._%-]+)/.exec(link.raw.replace(/=\r?\n/g, ''))!;
    const file = await t.app.inject({ method: 'GET', url: url[1]! });
    expect(file.statusCode, file.body).toBe(200);
    expect(file.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');

    for (const s of [attached, linked]) {
      const now = (await req(owner, 'GET', `/scheduled-exports/${s.id}`)).json();
      expect(Date.parse(now.nextRunAt)).toBeGreaterThan(Date.now());
      expect(now.lastRun).toMatchObject({ status: 'sent', error: null });
      const runs = (await req(owner, 'GET', `/scheduled-exports/${s.id}/runs`)).json();
      expect(runs.items).toHaveLength(1);
      expect(runs.items[0]).toMatchObject({ status: 'sent', exportJobId: expect.any(String) });
    }
    expect((await req(owner, 'GET', `/scheduled-exports/${attached.id}/runs`)).json().items[0].rows).toBe(2);
    expect((await req(owner, 'GET', `/scheduled-exports/${later.id}`)).json().lastRun).toBeNull();
  });

  it('when "run now" is used, then a run is queued and recorded; runs page newest first', async () => {
    const s = (await req(owner, 'POST', '/scheduled-exports', { ...base, name: 'On demand', recipients: ['e@example.com'] })).json();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await req(owner, 'POST', `/scheduled-exports/${s.id}/run`);
      expect(res.statusCode, res.body).toBe(202);
      expect(res.json()).toMatchObject({ status: 'running' });
      const { rows } = await t.app.db.owner.query('SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE key = $1', [`scheduled-run:${res.json().id}`]);
      expect(rows[0].n).toBe(1);
      expect(await runScheduledExport(deps, ws.id, res.json().id)).toBe('sent');
      ids.unshift(res.json().id);
    }
    const first = (await req(owner, 'GET', `/scheduled-exports/${s.id}/runs?limit=2`)).json();
    const second = (await req(owner, 'GET', `/scheduled-exports/${s.id}/runs?limit=2&cursor=${first.nextCursor}`)).json();
    expect([...first.items, ...second.items].map((r: { id: string }) => r.id)).toEqual(ids);
    expect(second.nextCursor).toBeNull();
    // The clock was not moved by running now.
    expect((await req(owner, 'GET', `/scheduled-exports/${s.id}`)).json().nextRunAt).toBe(s.nextRunAt);
  });

  it('when the person who set a schedule up can no longer read its records, then its run fails with the reason and nothing is sent', async () => {
    const mine = (await req(scheduler, 'POST', '/scheduled-exports', { ...base, name: 'Tickets weekly', entity: 'tickets', recipients: ['f@example.com'] })).json();
    await t.app.withTenant({ workspaceId: ws.id }, ({ client }) => client.query(`UPDATE roles SET permissions = permissions - 'tickets:read' WHERE workspace_id = $1 AND key = 'ticket-scheduler'`, [ws.id]));
    const mailsBefore = smtp.received.length;
    const run = (await req(owner, 'POST', `/scheduled-exports/${mine.id}/run`)).json();
    expect(await runScheduledExport(deps, ws.id, run.id)).toBe('failed');
    const runs = (await req(owner, 'GET', `/scheduled-exports/${mine.id}/runs`)).json();
    expect(runs.items[0]).toMatchObject({ status: 'failed', exportJobId: null, error: expect.stringContaining('can no longer read tickets') });
    expect(smtp.received.length).toBe(mailsBefore);
  });
});
