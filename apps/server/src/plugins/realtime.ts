import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import pg from 'pg';
import { eventMessage, loadRange, mayReceive, type Listener, type StoredEvent } from '../modules/realtime/realtime.service.ts';

/** A live connection: who listens, and how to send them a message. */
export interface Subscriber extends Listener {
  send: (message: string) => void;
  /** Events are held back while the connection replays what it missed; `deliver` releases them. */
  held: StoredEvent[] | null;
}

export interface RealtimeHub {
  add(subscriber: Subscriber): void;
  remove(subscriber: Subscriber): void;
  /** Sends an event to a subscriber if they may see it (the route uses it for catch-up). */
  deliver(subscriber: Subscriber, event: StoredEvent): void;
  /** Releases events held during catch-up, skipping those already replayed. */
  release(subscriber: Subscriber, replayedThrough: number): void;
  connections(): number;
}

declare module 'fastify' {
  interface FastifyInstance {
    realtime: RealtimeHub;
  }
}

const CHANNEL = 'grip_events';
/** Ids recently dispatched per workspace: NOTIFY ranges can overlap when transactions interleave. */
const RECENT = 5000;

/**
 * The fan-out of one app instance: one connection LISTENs on `grip_events` (NOTIFY carries `workspace:first:last`),
 * the events are loaded under that workspace's tenant context, and each is sent to the connections of that
 * workspace whose user may see it. Every instance does the same, so a change made through any instance reaches
 * clients on all of them. After the LISTEN connection drops, it reconnects and replays what it may have missed.
 */
export default fp(
  async function realtimePlugin(app: FastifyInstance, opts: { listenUrl: string }) {
    const byWorkspace = new Map<string, Set<Subscriber>>();
    const recent = new Map<string, { ids: Set<number>; order: number[]; last: number }>();
    const queues = new Map<string, Promise<void>>();
    let client: pg.Client | null = null;
    let closing = false;
    let retry = 0;

    const seen = (workspaceId: string) => {
      let r = recent.get(workspaceId);
      if (!r) recent.set(workspaceId, (r = { ids: new Set(), order: [], last: 0 }));
      return r;
    };

    function deliver(s: Subscriber, event: StoredEvent, message = eventMessage(event)) {
      if (s.held) s.held.push(event);
      else if (mayReceive(s, event)) s.send(message);
    }

    function dispatch(workspaceId: string, events: StoredEvent[]) {
      const subscribers = byWorkspace.get(workspaceId);
      const r = seen(workspaceId);
      for (const event of events) {
        if (r.ids.has(event.id)) continue;
        r.ids.add(event.id);
        r.order.push(event.id);
        r.last = Math.max(r.last, event.id);
        if (r.order.length > RECENT) r.ids.delete(r.order.shift()!);
        if (!subscribers) continue;
        const message = eventMessage(event);
        for (const s of subscribers) deliver(s, event, message);
      }
    }

    /** Loads and dispatches a range, one workspace at a time in arrival order. */
    function enqueue(workspaceId: string, from: number, to: number) {
      if (!byWorkspace.has(workspaceId)) return;
      const previous = queues.get(workspaceId) ?? Promise.resolve();
      const next = previous
        .then(async () => dispatch(workspaceId, await loadRange(app.db.app, workspaceId, from, to)))
        .catch((err: unknown) => app.log.error({ err, workspaceId }, 'realtime: could not load events'));
      queues.set(workspaceId, next);
      void next.then(() => {
        if (queues.get(workspaceId) === next) queues.delete(workspaceId);
      });
    }

    async function listen() {
      if (closing) return;
      const c = new pg.Client({ connectionString: opts.listenUrl, application_name: 'grip-realtime' });
      c.on('notification', (msg) => {
        const [workspaceId, from, to] = (msg.payload ?? '').split(':');
        if (workspaceId && from && to) enqueue(workspaceId, Number(from), Number(to));
      });
      c.on('error', (err) => app.log.warn({ err }, 'realtime: LISTEN connection failed'));
      c.on('end', () => {
        client = null;
        if (!closing) setTimeout(() => void listen(), Math.min(30_000, 250 * 2 ** retry++));
      });
      try {
        await c.connect();
        await c.query(`LISTEN ${CHANNEL}`);
        client = c;
        if (retry > 0) {
          // Whatever was notified while the connection was down: replay after the last id dispatched.
          for (const workspaceId of byWorkspace.keys()) enqueue(workspaceId, seen(workspaceId).last + 1, Number.MAX_SAFE_INTEGER);
        }
        retry = 0;
      } catch (err) {
        app.log.warn({ err }, 'realtime: could not LISTEN; retrying');
        await c.end().catch(() => undefined);
      }
    }

    const hub: RealtimeHub = {
      add(s) {
        let set = byWorkspace.get(s.workspaceId);
        if (!set) byWorkspace.set(s.workspaceId, (set = new Set()));
        set.add(s);
      },
      remove(s) {
        const set = byWorkspace.get(s.workspaceId);
        set?.delete(s);
        if (set && set.size === 0) byWorkspace.delete(s.workspaceId);
      },
      deliver: (s, event) => {
        if (mayReceive(s, event)) s.send(eventMessage(event));
      },
      release(s, replayedThrough) {
        const held = s.held ?? [];
        s.held = null;
        for (const event of held) if (event.id > replayedThrough) deliver(s, event);
      },
      connections: () => [...byWorkspace.values()].reduce((n, set) => n + set.size, 0),
    };
    app.decorate('realtime', hub);
    await listen();
    app.addHook('preClose', async () => {
      closing = true;
      await client?.end().catch(() => undefined);
    });
  },
  { name: 'realtime', dependencies: ['db'] },
);
