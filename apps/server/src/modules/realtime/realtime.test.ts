import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import WebSocket from 'ws';
import type { FastifyInstance } from 'fastify';
import type { ServerMessage } from '@grip/contracts/realtime';
import { buildApp } from '../../app.ts';
import { createTestApp, type TestApp } from '../../../test/helpers.ts';
import { addMember, createWorkspace, signedInUser } from '../../../test/identity-helpers.ts';
import { purgeEvents } from './realtime.service.ts';

type User = Awaited<ReturnType<typeof signedInUser>>;
type Event = Extract<ServerMessage, { type: 'event' }>;

/** A live socket that keeps every message; `next` waits for one matching. */
class Client {
  readonly messages: ServerMessage[] = [];
  private waiters: Array<{ match: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void }> = [];
  closed: { code: number; reason: string } | null = null;
  constructor(readonly socket: WebSocket) {
    socket.on('message', (raw) => {
      const m = JSON.parse(String(raw)) as ServerMessage;
      this.messages.push(m);
      this.waiters = this.waiters.filter((w) => (w.match(m) ? (w.resolve(m), false) : true));
    });
    socket.on('close', (code, reason) => (this.closed = { code, reason: String(reason) }));
  }
  get events(): Event[] {
    return this.messages.filter((m): m is Event => m.type === 'event');
  }
  next(match: (m: ServerMessage) => boolean, timeoutMs = 3000): Promise<ServerMessage> {
    const found = this.messages.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no such message in time')), timeoutMs);
      this.waiters.push({ match, resolve: (m) => (clearTimeout(timer), resolve(m)) });
    });
  }
  close() {
    this.socket.close();
  }
}

async function connect(base: string, slug: string, headers: Record<string, string>, after?: number): Promise<Client> {
  const socket = new WebSocket(`${base.replace('http', 'ws')}/api/v1/w/${slug}/realtime${after === undefined ? '' : `?after=${after}`}`, { headers });
  const client = new Client(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('unexpected-response', (_req, res) => reject(new Error(`handshake ${res.statusCode}`)));
    socket.once('error', reject);
  });
  await client.next((m) => m.type === 'hello');
  return client;
}

/** Waits until every event the database holds for this workspace up to now has been seen or judged not for us. */
const settle = () => new Promise((r) => setTimeout(r, 250));

describe('real-time', () => {
  let t: TestApp;
  let base: string;
  let owner: User;
  let own: User;
  let viewer: User;
  let outsider: User;
  let ws: { id: string; slug: string };
  let other: { id: string; slug: string };
  const req = (u: User, method: 'GET' | 'POST' | 'PATCH' | 'PUT', path: string, payload?: unknown, slug = ws.slug) =>
    t.app.inject({ method, url: `/api/v1/w/${slug}${path}`, headers: u.headers, ...(payload === undefined ? {} : { payload: payload as object }) });
  const clients: Client[] = [];
  const open = async (u: User, slug = ws.slug, after?: number) => {
    const c = await connect(base, slug, u.headers, after);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    t = await createTestApp();
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    owner = await signedInUser(t.app, { name: 'Olivia Owner' });
    own = await signedInUser(t.app, { name: 'Oscar Own' });
    viewer = await signedInUser(t.app, { name: 'Vera Viewer' });
    outsider = await signedInUser(t.app, { name: 'Otto Outsider' });
    ws = await createWorkspace(t.app, owner.cookie, 'Live Co');
    other = await createWorkspace(t.app, outsider.cookie, 'Other Co');
    await addMember(t.app, ws.id, viewer.id, 'viewer');
    // A role that sees only its own customers and tickets.
    const role = await req(owner, 'POST', '/roles', {
      key: 'own-only',
      name: 'Own only',
      permissions: { 'workspace:read': 'all', 'customers:read': 'own', 'tickets:read': 'own', 'notes:read': 'own' },
    });
    expect(role.statusCode, role.body).toBe(201);
    await addMember(t.app, ws.id, own.id, 'own-only');
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await t.close();
  });

  it('when a ticket changes, then a connected member receives the event with its snapshot, within the same second', async () => {
    const c = await open(owner);
    const customer = (await req(owner, 'POST', '/customers', { name: 'Ada Live' })).json();
    const started = Date.now();
    const ticket = (await req(owner, 'POST', '/tickets', { customerId: customer.id, title: 'Live one', priority: 'high' })).json();
    const created = (await c.next((m) => m.type === 'event' && m.entity === 'ticket' && m.entityId === ticket.id)) as Event;
    expect(Date.now() - started).toBeLessThan(1000);
    expect(created).toMatchObject({ op: 'created', customerId: customer.id, data: { title: 'Live one', priority: 'high', stageId: ticket.stage.id, version: 1 } });
    expect(created.data).not.toHaveProperty('previousOwnerId');
    const stages = (await req(owner, 'GET', '/pipelines')).json().items[0].stages;
    await req(owner, 'POST', `/tickets/${ticket.id}/transition`, { stageId: stages[1].id });
    const moved = (await c.next((m) => m.type === 'event' && m.entityId === ticket.id && m.op === 'updated')) as Event;
    expect(moved.data).toMatchObject({ stageId: stages[1].id, version: 2 });
    expect(moved.id).toBeGreaterThan(created.id);
    const ping = c.next((m) => m.type === 'pong');
    c.socket.send(JSON.stringify({ type: 'ping' }));
    await ping;
  });

  it('when records change, then scope own, other workspaces and other users see only what they may', async () => {
    const ownerC = await open(owner);
    const ownC = await open(own);
    const viewerC = await open(viewer);
    const outsiderC = await open(outsider, other.slug);
    const mineCustomer = (await req(owner, 'POST', '/customers', { name: 'Owned by Oscar', ownerId: own.id })).json();
    const theirs = (await req(owner, 'POST', '/customers', { name: 'Not Oscar’s' })).json();
    const mineTicket = (await req(owner, 'POST', '/tickets', { customerId: theirs.id, title: 'For Oscar', priority: 'low', assigneeId: own.id })).json();
    const otherTicket = (await req(owner, 'POST', '/tickets', { customerId: theirs.id, title: 'Not for Oscar', priority: 'low' })).json();
    await req(owner, 'POST', `/customers/${theirs.id}/notes`, { body: 'internal' });
    await ownerC.next((m) => m.type === 'event' && m.entityId === otherTicket.id);
    await settle();
    const seen = (c: Client) => new Set(c.events.map((e) => e.entityId));
    expect(seen(ownC).has(mineCustomer.id)).toBe(true);
    expect(seen(ownC).has(mineTicket.id)).toBe(true);
    expect(seen(ownC).has(theirs.id)).toBe(false);
    expect(seen(ownC).has(otherTicket.id)).toBe(false);
    expect(ownC.events.filter((e) => e.entity === 'note')).toEqual([]);
    // The viewer reads everything, but gets nobody else's notification.
    expect(seen(viewerC).has(otherTicket.id) && seen(viewerC).has(theirs.id)).toBe(true);
    expect(viewerC.events.some((e) => e.entity === 'notification')).toBe(false);
    expect(outsiderC.events.map((e) => `${e.entity}:${e.op}:${e.entityId}`)).toEqual([]);
    // The assignment notification reached its recipient (and nobody else: see the viewer above).
    expect(ownC.events.filter((e) => e.entity === 'notification').map((e) => e.data.title)).toEqual([`Ticket #${mineTicket.number} assigned to you: For Oscar`]);
    // Reassigning away from Oscar tells him (previous owner), without leaking the previous-owner field.
    await req(owner, 'POST', `/tickets/${mineTicket.id}/assign`, { assigneeId: owner.id });
    const away = (await ownC.next((m) => m.type === 'event' && m.entityId === mineTicket.id && m.op === 'updated')) as Event;
    expect(away.data.assigneeId).toBe(owner.id);
    expect(away.data).not.toHaveProperty('previousOwnerId');
  });

  it('when the assignee is someone else, then only they receive the notification event', async () => {
    await addMember(t.app, ws.id, outsider.id, 'agent');
    const agentC = await open(outsider);
    const ownerC = await open(owner);
    const customer = (await req(owner, 'POST', '/customers', { name: 'Notify Co' })).json();
    const ticket = (await req(owner, 'POST', '/tickets', { customerId: customer.id, title: 'Yours now', priority: 'urgent', assigneeId: outsider.id })).json();
    const note = (await agentC.next((m) => m.type === 'event' && m.entity === 'notification')) as Event;
    expect(note.data).toMatchObject({ kind: 'ticket_assigned', link: `/tickets/${ticket.id}` });
    await ownerC.next((m) => m.type === 'event' && m.entityId === ticket.id);
    await settle();
    expect(ownerC.events.some((e) => e.entity === 'notification')).toBe(false);
  });

  it('when a client reconnects after its last event id, then it gets what it missed in order; too old a point gets reset', async () => {
    const first = await open(owner);
    const hello = first.messages[0] as { type: 'hello'; lastId: number };
    first.close();
    const customer = (await req(owner, 'POST', '/customers', { name: 'Missed Co' })).json();
    const ticket = (await req(owner, 'POST', '/tickets', { customerId: customer.id, title: 'Made while away', priority: 'normal' })).json();
    const again = await open(owner, ws.slug, hello.lastId);
    const replayed = (await again.next((m) => m.type === 'event' && m.entityId === ticket.id)) as Event;
    expect(replayed.op).toBe('created');
    const ids = again.events.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(again.events.some((e) => e.entityId === customer.id)).toBe(true);
    expect(again.messages[0]).toMatchObject({ type: 'hello' });
    // After a purge past the client's point, resuming from it asks for a refetch.
    await purgeEvents(t.app.db.owner, new Date(Date.now() + 2 * 86_400_000));
    const stale = await open(owner, ws.slug, hello.lastId);
    await stale.next((m) => m.type === 'reset');
  });

  it('when the handshake has no session, a foreign origin, or another workspace, then no socket opens', async () => {
    await expect(connect(base, ws.slug, {})).rejects.toThrow('handshake 401');
    await expect(connect(base, 'no-such-workspace', owner.headers)).rejects.toThrow('handshake 404');
    const nonMember = await signedInUser(t.app, { name: 'Nina Nobody' });
    await expect(connect(base, ws.slug, nonMember.headers)).rejects.toThrow('handshake 404');
    const socket = new WebSocket(`${base.replace('http', 'ws')}/api/v1/w/${ws.slug}/realtime`, { headers: { ...owner.headers, origin: 'https://evil.example' } });
    const code = await new Promise<number>((resolve) => socket.on('close', (c) => resolve(c)));
    expect(code).toBe(4403);
  });

  it('when a member is removed while connected, then the socket closes at the next access check', async () => {
    const quick: FastifyInstance = await buildApp({ config: { ...t.config, realtimeAccessCheckMs: 150 }, database: t.db, logger: false });
    await quick.ready();
    const quickBase = await quick.listen({ port: 0, host: '127.0.0.1' });
    try {
      const leaving = await signedInUser(t.app, { name: 'Lea Leaving' });
      await addMember(t.app, ws.id, leaving.id, 'agent');
      const c = await connect(quickBase, ws.slug, leaving.headers);
      await quick.db.owner.query('DELETE FROM memberships WHERE workspace_id = $1 AND user_id = $2', [ws.id, leaving.id]);
      await expect.poll(() => c.closed?.code, { timeout: 3000 }).toBe(4403);
    } finally {
      await quick.close();
    }
  });

  it('when a second instance serves the client, then changes made through the first still reach it', async () => {
    const second: FastifyInstance = await buildApp({ config: t.config, database: t.db, logger: false });
    await second.ready();
    const secondBase = await second.listen({ port: 0, host: '127.0.0.1' });
    try {
      const c = await connect(secondBase, ws.slug, owner.headers);
      clients.push(c);
      const customer = (await req(owner, 'POST', '/customers', { name: 'Across instances' })).json();
      const ev = (await c.next((m) => m.type === 'event' && m.entityId === customer.id)) as Event;
      expect(ev.data.name).toBe('Across instances');
      c.close();
    } finally {
      await second.close();
    }
  });

  it('property: after any sequence of changes, a connected client’s view of the tickets equals a fresh fetch', async () => {
    const c = await open(owner);
    const stages = (await req(owner, 'GET', '/pipelines')).json().items[0].stages as Array<{ id: string }>;
    const members = [owner.id, viewer.id, null];
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.record({ op: fc.constant('create' as const), priority: fc.constantFrom('low', 'normal', 'high', 'urgent') }),
            fc.record({ op: fc.constant('move' as const), pick: fc.nat(), stage: fc.nat(stages.length - 1) }),
            fc.record({ op: fc.constant('assign' as const), pick: fc.nat(), who: fc.nat(members.length - 1) }),
            fc.record({ op: fc.constant('priority' as const), pick: fc.nat(), priority: fc.constantFrom('low', 'normal', 'high', 'urgent') }),
          ),
          { minLength: 1, maxLength: 6 },
        ),
        async (ops) => {
          const customer = (await req(owner, 'POST', '/customers', { name: 'Prop' })).json();
          const made: Array<{ id: string; version: number }> = [];
          for (const o of ops) {
            if (o.op === 'create' || made.length === 0) {
              made.push((await req(owner, 'POST', '/tickets', { customerId: customer.id, title: 'P', priority: o.op === 'create' ? o.priority : 'low' })).json());
              continue;
            }
            const target = made[o.pick % made.length]!;
            if (o.op === 'move') await req(owner, 'POST', `/tickets/${target.id}/transition`, { stageId: stages[o.stage]!.id });
            if (o.op === 'assign') await req(owner, 'POST', `/tickets/${target.id}/assign`, { assigneeId: members[o.who] });
            if (o.op === 'priority') {
              const now = (await req(owner, 'GET', `/tickets/${target.id}`)).json();
              await req(owner, 'PATCH', `/tickets/${target.id}`, { version: now.version, priority: o.priority });
            }
          }
          const fresh = (await req(owner, 'GET', `/tickets?customerId=${customer.id}&limit=200`)).json().items as Array<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
          // The client's view: the latest snapshot of each ticket of this customer, from events only.
          // Each ticket's events arrive in order, so once its current version is in, nothing of it is pending.
          for (const f of fresh) await c.next((m) => m.type === 'event' && m.entityId === f.id && m.data.version === f.version);
          const view = new Map<string, Record<string, unknown>>();
          for (const e of c.events) if (e.entity === 'ticket' && e.customerId === customer.id && e.entityId) view.set(e.entityId, e.data);
          expect(view.size).toBe(fresh.length);
          for (const f of fresh) {
            expect(view.get(f.id)).toMatchObject({ stageId: f.stage.id, priority: f.priority, assigneeId: f.assignee?.id ?? null, version: f.version, title: f.title });
          }
        },
      ),
      { numRuns: 100 },
    );
  }, 120_000);

  it('property: the Command Center panels hold exactly the tickets their definitions select', async () => {
    const stages = (await req(owner, 'GET', '/pipelines')).json().items[0].stages as Array<{ id: string; category: string }>;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({ who: fc.constantFrom<'me' | 'other' | null>('me', 'other', null), stage: fc.nat(stages.length - 1), late: fc.boolean() }),
          { minLength: 0, maxLength: 6 },
        ),
        async (specs) => {
          const w = await createWorkspace(t.app, owner.cookie);
          await addMember(t.app, w.id, viewer.id, 'agent');
          const wStages = (await req(owner, 'GET', '/pipelines', undefined, w.slug)).json().items[0].stages as Array<{ id: string; category: string }>;
          const customer = (await req(owner, 'POST', '/customers', { name: 'Panel' }, w.slug)).json();
          const made: Array<{ id: string; who: string | null; category: string; overdue: boolean }> = [];
          for (const s of specs) {
            const assigneeId = s.who === 'me' ? owner.id : s.who === 'other' ? viewer.id : null;
            const due = s.late ? '2001-01-01T00:00:00Z' : '2099-01-01T00:00:00Z';
            const tk = (await req(owner, 'POST', '/tickets', { customerId: customer.id, title: 'x', priority: 'normal', assigneeId, dueAt: due }, w.slug)).json();
            const stage = wStages[s.stage]!;
            if (s.stage > 0) await req(owner, 'POST', `/tickets/${tk.id}/transition`, { stageId: stage.id }, w.slug);
            made.push({ id: tk.id, who: assigneeId, category: stage.category, overdue: s.late && stage.category !== 'done' });
          }
          const cc = (await req(owner, 'GET', '/command-center', undefined, w.slug)).json();
          const ids = (p: { items: Array<{ id: string }>; count: number }) => ({ ids: p.items.map((x) => x.id).sort(), count: p.count });
          const expected = (pred: (m: (typeof made)[number]) => boolean) => {
            const list = made.filter(pred).map((m) => m.id).sort();
            return { ids: list, count: list.length };
          };
          const notDone = (m: (typeof made)[number]) => m.category !== 'done';
          expect(ids(cc.tickets.overdue)).toEqual(expected((m) => m.overdue));
          expect(ids(cc.tickets.unassigned)).toEqual(expected((m) => m.who === null && notDone(m)));
          expect(ids(cc.tickets.mine)).toEqual(expected((m) => m.who === owner.id && notDone(m)));
          expect(ids(cc.tickets.waiting)).toEqual(expected((m) => m.category === 'waiting'));
          expect(cc.recentCustomers.map((x: { id: string }) => x.id)).toEqual([customer.id]);
          const open = cc.kpis.openByStage.reduce((n: number, s: { count: number }) => n + s.count, 0);
          expect(open).toBe(made.length);
        },
      ),
      { numRuns: 100 },
    );
    expect(stages.length).toBe(4);
  }, 180_000);

  it('when a role lacks a section’s permission, then that Command Center section is null', async () => {
    const cc = (await req(own, 'GET', '/command-center')).json();
    expect(cc.activity).toBeNull();
    expect(cc.tickets).not.toBeNull();
    const ownTickets = [...cc.tickets.mine.items, ...cc.tickets.unassigned.items, ...cc.tickets.overdue.items];
    expect(ownTickets.every((x: { assignee: { id: string } | null }) => x.assignee?.id === own.id)).toBe(true);
  });
});
