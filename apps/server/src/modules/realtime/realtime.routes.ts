import type {} from '@fastify/websocket';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { clientMessageSchema } from '@grip/contracts/realtime';
import { accessOf, principalOf } from '../../plugins/auth.ts';
import type { Subscriber } from '../../plugins/realtime.ts';
import { resolveAccess } from '../access/access.service.ts';
import * as realtime from './realtime.service.ts';

const HEARTBEAT_MS = 25_000;

/**
 * The live-update socket. The upgrade request passes the same authentication and permission check as any route
 * (a failed one never upgrades: 401/403/404); a cookie-authenticated socket must come from the app's own origin
 * (WebSocket requests are not bound by CORS). After `hello`, missed events are replayed (`?after=`), then live
 * ones follow; the role's grants are re-read every REALTIME_ACCESS_CHECK_MS (30 s), so a removed member stops
 * receiving within that time.
 */
export const realtimeRoutes: FastifyPluginAsyncZod<{ appUrl: string; accessCheckMs: number }> = async (app, opts) => {
  const ownOrigin = new URL(opts.appUrl).origin;
  const ACCESS_REFRESH_MS = opts.accessCheckMs;
  // One lookup per user and workspace per refresh round, however many sockets (tabs) they have open.
  const lookups = new Map<string, { at: number; result: ReturnType<typeof resolveAccess> }>();
  const currentAccess = (userId: string, slug: string) => {
    const key = `${userId}:${slug}`;
    const now = Date.now();
    let hit = lookups.get(key);
    if (!hit || now - hit.at > ACCESS_REFRESH_MS / 2) {
      hit = { at: now, result: resolveAccess(app.db.app, userId, slug) };
      lookups.set(key, hit);
      if (lookups.size > 10_000) for (const [k, v] of lookups) if (now - v.at > ACCESS_REFRESH_MS) lookups.delete(k);
    }
    return hit.result;
  };
  app.get('/api/v1/w/:workspace/realtime', {
    websocket: true,
    config: { permission: 'workspace:read' },
    schema: {
      tags: ['realtime'],
      summary: 'Live updates (WebSocket): hello, missed events after `after`, then every change you may see',
      params: z.object({ workspace: z.string().min(1).max(60) }),
      querystring: z.object({ after: z.coerce.number().int().min(0).optional() }),
    },
  }, (socket, request) => {
    const principal = principalOf(request);
    const access = accessOf(request);
    const origin = request.headers.origin;
    if (principal.via === 'cookie' && origin !== undefined && origin !== ownOrigin && origin !== `${request.protocol}://${request.headers.host}`) {
      socket.close(4403, 'cross-site socket refused');
      return;
    }
    const subscriber: Subscriber = {
      workspaceId: access.workspace.id,
      userId: principal.user.id,
      roleKey: access.role.key,
      grants: access.grants,
      held: [],
      send: (message) => {
        if (socket.readyState === socket.OPEN) socket.send(message);
      },
    };
    app.realtime.add(subscriber);

    let alive = true;
    socket.on('pong', () => (alive = true));
    const heartbeat = setInterval(() => {
      if (!alive) return socket.terminate();
      alive = false;
      socket.ping();
    }, HEARTBEAT_MS);
    // Spread over ±1/6 so that sockets opened together do not re-check together.
    const refresh = setInterval(() => {
      currentAccess(principal.user.id, access.workspace.slug).then(
        (now) => {
          if (!now || now.workspace.disabledAt || !now.grants['workspace:read']) socket.close(4403, 'access revoked');
          else Object.assign(subscriber, { grants: now.grants, roleKey: now.role.key });
        },
        (err: unknown) => request.log.warn({ err }, 'realtime: could not refresh access'),
      );
    }, ACCESS_REFRESH_MS + Math.round((Math.random() - 0.5) * (ACCESS_REFRESH_MS / 3)));
    socket.on('message', (raw) => {
      alive = true;
      let parsed: unknown;
      try {
        parsed = JSON.parse(String(raw));
      } catch {
        return;
      }
      if (clientMessageSchema.safeParse(parsed).success) subscriber.send(JSON.stringify({ type: 'pong' }));
    });
    socket.on('close', () => {
      clearInterval(heartbeat);
      clearInterval(refresh);
      app.realtime.remove(subscriber);
    });

    const after = request.query.after;
    void (async () => {
      const lastId = await realtime.lastEventId(app.db.app, subscriber.workspaceId);
      subscriber.send(JSON.stringify({ type: 'hello', lastId }));
      let replayedThrough = 0;
      if (after !== undefined) {
        const missed = await realtime.catchUp(app.db.app, subscriber.workspaceId, after);
        if (missed.reset) {
          subscriber.send(JSON.stringify({ type: 'reset', lastId }));
          replayedThrough = lastId;
        } else {
          for (const event of missed.events) app.realtime.deliver(subscriber, event);
          replayedThrough = missed.events.at(-1)?.id ?? after;
        }
      }
      app.realtime.release(subscriber, replayedThrough);
    })().catch((err: unknown) => {
      request.log.error({ err }, 'realtime: could not start the stream');
      socket.close(1011, 'could not start');
    });
  });
};
