// The realtime scenario's WebSocket clients, in their own process (forked by realtime-clients.ts) so that the
// load generator's work does not delay the moment an event is seen. Every event is judged as it arrives: was this
// client allowed to see it? At the end, every committed change is checked off against every client that should
// have received it.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import WebSocket from 'ws';
import type { TicketAccess } from './realtime-setup.ts';
import type { ClientSpec, ClientsResult, FromClients, Percentiles, ProbeOutcome, ProbeSpec, TicketInfo, ToClients } from './realtime-protocol.ts';
import { percentiles } from './stats.ts';

const CONNECT_TIMEOUT_MS = 15_000;
const MAX_EXAMPLES = 5;
/** The title the scenario writes: `Realtime bench #<change id> t=<ms since the epoch, sent>`. */
const TAG = /#(\d+) t=(\d+(?:\.\d+)?)/;

const now = () => performance.timeOrigin + performance.now();

/** A growable Float64Array: hundreds of thousands of samples without boxed numbers. */
class Samples {
  private data = new Float64Array(1 << 16);
  length = 0;
  push(v: number) {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }
  get(i: number) {
    return this.data[i]!;
  }
}

interface Client {
  spec: ClientSpec;
  /** Set once the connection is opened. */
  socket?: WebSocket;
  /** Change ids received. */
  received: Set<number>;
  closedWith?: string;
}

const tickets = new Map<string, TicketInfo>();
const customers = new Map<string, number>();
const clients: Client[] = [];
let lastMessageAt = 0;
const sentAt = new Samples();
const latency = new Samples();
const fromEventAt = new Samples();
let misdelivered = 0;
const misdeliveredExamples: string[] = [];
let duplicates = 0;
let otherEvents = 0;
const loopDelay = monitorEventLoopDelay({ resolution: 10 });

const send = (message: FromClients) => process.send!(message);

function misdelivery(client: ClientSpec, why: string) {
  misdelivered++;
  if (misdeliveredExamples.length < MAX_EXAMPLES) misdeliveredExamples.push(`client of ${client.slug} (${client.access}, user ${client.userId}): ${why}`);
}

interface EventMessage {
  type: 'event';
  id: number;
  entity: string;
  op: string;
  entityId: string | null;
  customerId: string | null;
  data: Record<string, unknown>;
  at: string;
}

/** Whether `client` may see the event at all; a no is a misdelivery. */
function judge(client: ClientSpec, event: EventMessage): boolean {
  const what = `${event.entity} ${event.op} ${event.entityId ?? ''} (event ${event.id})`;
  if (event.customerId) {
    const home = customers.get(event.customerId);
    if (home === undefined || home !== client.workspace) {
      misdelivery(client, `${what} of customer ${event.customerId} from ${home === undefined ? 'no bench workspace' : `workspace ${home}`}`);
      return false;
    }
  }
  if (event.entity === 'ticket') {
    const ticket = event.entityId ? tickets.get(event.entityId) : undefined;
    if (!ticket || ticket.workspace !== client.workspace) {
      misdelivery(client, `${what} from ${ticket ? `workspace ${ticket.workspace}` : 'no bench workspace'}`);
      return false;
    }
    if (client.access === 'none' || (client.access === 'own' && ticket.assigneeId !== client.userId)) {
      misdelivery(client, `${what} assigned to ${ticket.assigneeId ?? 'nobody'}`);
      return false;
    }
    return true;
  }
  // The bench changes only tickets; a member without ticket access, or with scope own, sees no other entity's
  // events here unless they are their own notifications.
  otherEvents++;
  const allowed = client.access === 'all' || event.entity === 'notification' || (client.access === 'own' && event.entity === 'pipeline');
  if (!allowed) {
    misdelivery(client, `${what} for a member with ticket access "${client.access}" only`);
    return false;
  }
  return true;
}

function onMessage(client: Client, raw: WebSocket.RawData) {
  const receivedAt = now();
  lastMessageAt = receivedAt;
  const message = JSON.parse(raw.toString()) as { type: string };
  if (message.type !== 'event') return;
  const event = message as EventMessage;
  if (!judge(client.spec, event) || event.entity !== 'ticket') return;
  const tag = typeof event.data.title === 'string' ? TAG.exec(event.data.title) : null;
  if (!tag) {
    otherEvents++;
    return;
  }
  const change = Number(tag[1]);
  if (client.received.has(change)) {
    duplicates++;
    return;
  }
  client.received.add(change);
  const sent = Number(tag[2]);
  sentAt.push(sent);
  latency.push(receivedAt - sent);
  fromEventAt.push(receivedAt - Date.parse(event.at));
}

/**
 * Opens `client`'s connection and resolves once the server's `hello` arrives (the connection is then live). The
 * one message listener is in place from the start: ws may emit several messages of one TCP read in a row.
 */
function open(wsOrigin: string, client: Client): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${wsOrigin}/api/v1/w/${client.spec.slug}/realtime`, { headers: client.spec.headers });
    client.socket = socket;
    let live = false;
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error('no hello within 15 s'));
    }, CONNECT_TIMEOUT_MS);
    const fail = (why: string) => {
      clearTimeout(timer);
      if (live) client.closedWith ??= why;
      else reject(new Error(why));
    };
    socket.once('unexpected-response', (_req, res) => {
      fail(`http ${res.statusCode}`);
      socket.terminate();
    });
    socket.on('error', (err) => fail(err.message));
    socket.on('close', (code) => fail(String(code)));
    socket.on('message', (raw) => {
      if (live) return onMessage(client, raw);
      const first = JSON.parse(raw.toString()) as { type: string };
      clearTimeout(timer);
      if (first.type !== 'hello') return reject(new Error(`first message was ${first.type}, not hello`));
      live = true;
      resolve();
    });
  });
}

async function connectAll(message: Extract<ToClients, { type: 'connect' }>) {
  for (const [id, info] of message.tickets) tickets.set(id, info);
  for (const [id, ws] of message.customers) customers.set(id, ws);
  const failed: string[] = [];
  const connectMs: number[] = [];
  let next = 0;
  async function worker() {
    while (next < message.clients.length) {
      const spec = message.clients[next++]!;
      const t0 = performance.now();
      const client: Client = { spec, received: new Set() };
      try {
        await open(message.wsOrigin, client);
        connectMs.push(performance.now() - t0);
        clients.push(client);
      } catch (err) {
        client.socket?.terminate();
        failed.push(`${spec.slug} (${spec.access}): ${(err as Error).message}`);
      }
    }
  }
  await Promise.all(Array.from({ length: message.concurrency }, worker));
  const probes = await Promise.all(message.probes.map((p) => probe(message.wsOrigin, p)));
  const [p50, p95] = connectMs.length ? percentiles(connectMs, [50, 95]) : [0, 0];
  loopDelay.enable();
  send({ type: 'connected', clients: clients.length, failed, connectP50Ms: p50!, connectP95Ms: p95!, probes });
}

/** A connection that should be refused: it is given two seconds to show anything at all. */
function probe(wsOrigin: string, spec: ProbeSpec): Promise<ProbeOutcome> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`${wsOrigin}/api/v1/w/${spec.slug}/realtime`, { headers: spec.headers });
    let admitted = false;
    const done = (outcome: string) => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.terminate();
      resolve({ label: spec.label, admitted, outcome });
    };
    const timer = setTimeout(() => done(admitted ? 'stayed open' : 'open, silent'), 2_000);
    socket.on('message', () => (admitted = true));
    socket.once('unexpected-response', (_req, res) => done(`http ${res.statusCode}`));
    socket.once('close', (code) => done(`closed ${code}`));
    socket.once('error', (err) => done(`error ${err.message}`));
  });
}

function summary(values: Samples, include: (i: number) => boolean): Percentiles | null {
  const picked: number[] = [];
  for (let i = 0; i < values.length; i++) if (include(i)) picked.push(values.get(i));
  if (picked.length === 0) return null;
  const [p50, p95, p99, max] = percentiles(picked, [50, 95, 99, 100]);
  return { p50: p50!, p95: p95!, p99: p99!, max: max!, samples: picked.length };
}

async function finish(message: Extract<ToClients, { type: 'finish' }>) {
  const byTicket = new Map<string, number[]>();
  for (const c of message.changes) byTicket.set(c.ticketId, [...(byTicket.get(c.ticketId) ?? []), c.id]);
  const expectedOf = (client: Client) => {
    const ids: number[] = [];
    for (const [ticketId, changes] of byTicket) {
      const t = tickets.get(ticketId)!;
      if (t.workspace !== client.spec.workspace) continue;
      if (client.spec.access === 'all' || (client.spec.access === 'own' && t.assigneeId === client.spec.userId)) ids.push(...changes);
    }
    return ids;
  };
  const expectations = clients.map((c) => ({ client: c, ids: expectedOf(c) }));
  const missing = () => expectations.reduce((n, e) => n + e.ids.filter((id) => !e.client.received.has(id)).length, 0);

  // Stragglers: wait until everything expected arrived, the clients went quiet, or the time is up.
  const started = now();
  while (missing() > 0 && now() - lastMessageAt < message.quietMs && now() - started < message.maxWaitMs) {
    await new Promise((r) => setTimeout(r, 250));
  }
  loopDelay.disable();

  const lostByAccess: Record<TicketAccess, number> = { all: 0, own: 0, none: 0 };
  let expected = 0;
  let delivered = 0;
  for (const { client, ids } of expectations) {
    expected += ids.length;
    for (const id of ids) {
      if (client.received.has(id)) delivered++;
      else lostByAccess[client.spec.access]++;
    }
  }
  const disconnects: Record<string, number> = {};
  for (const c of clients) if (c.closedWith) disconnects[c.closedWith] = (disconnects[c.closedWith] ?? 0) + 1;
  const measured = (i: number) => sentAt.get(i) >= message.measureFrom;
  const bySecond: number[][] = [];
  for (let i = 0; i < latency.length; i++) {
    const second = Math.floor((sentAt.get(i) - message.measureFrom) / 1000);
    if (second >= 0) (bySecond[second] ??= []).push(latency.get(i));
  }
  const result: ClientsResult = {
    type: 'result',
    latency: summary(latency, measured),
    latencyP95BySecond: Array.from(bySecond, (xs) => (xs?.length ? percentiles(xs, [95])[0]! : 0)),
    fromEventAt: summary(fromEventAt, measured),
    expected,
    delivered,
    lost: expected - delivered,
    lostByAccess,
    misdelivered,
    misdeliveredExamples,
    duplicates,
    otherEvents,
    disconnects,
    loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
  };
  for (const c of clients) c.socket?.terminate();
  send(result);
}

process.on('message', (message: ToClients) => {
  const work = message.type === 'connect' ? connectAll(message) : finish(message);
  work.catch((err: unknown) => send({ type: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) }));
});
process.once('disconnect', () => process.exit(0));
