import { serverMessageSchema, type RealtimeEvent } from '@grip/contracts/realtime';
import type { RealtimeStatus } from './realtime-status.ts';

/** Ping when nothing was heard for this long; the server answers `pong`. */
export const PING_AFTER_MS = 20_000;
/** A ping unanswered this long (45 s of silence in all) means the connection is dead, even if no close came. */
export const PONG_TIMEOUT_MS = 25_000;
const HEARTBEAT_TICK_MS = 5_000;
const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 30_000;

/** Close codes after which trying again cannot help: not signed in, not allowed (or a foreign origin), no such workspace. */
const FINAL_CLOSE_CODES = new Set([4401, 4403, 4404]);

/**
 * How long to wait before reconnect attempt `attempt` (0-based): exponential up to 30 s, with "equal jitter" (half
 * fixed, half random) so that clients cut off together by a restart do not all come back in the same instant.
 */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.min(attempt, 16));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** The socket's address for a workspace, on this page's host; `after` resumes after that event. */
export function realtimeUrl(slug: string, after: number | null, location: Pick<Location, 'protocol' | 'host'> = window.location): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const query = after === null ? '' : `?after=${after}`;
  return `${scheme}//${location.host}/api/v1/w/${encodeURIComponent(slug)}/realtime${query}`;
}

export interface RealtimeHandlers {
  onEvent: (event: RealtimeEvent) => void;
  /** The events since the last one seen are no longer kept: everything must be fetched again. */
  onReset: () => void;
  onStatus: (status: RealtimeStatus) => void;
  /** The server refused for good (the code says why); no more attempts are made. */
  onRefused?: (code: number) => void;
}

/**
 * Keeps a WebSocket to the workspace's live events open: reconnects with backoff, resumes after the last event seen
 * (the server replays what was missed, or says `reset`), pings when quiet and drops a connection that stops
 * answering, and waits for the network while the browser is offline. Returns the function that closes it for good.
 */
export function openRealtimeConnection(slug: string, handlers: RealtimeHandlers): () => void {
  let socket: WebSocket | null = null;
  let lastEventId: number | null = null;
  let attempt = 0;
  let everLive = false;
  let stopped = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let heartbeatTimer: ReturnType<typeof setInterval> | undefined;
  let lastHeardAt = 0;
  let pingSentAt: number | null = null;

  const status = (value: RealtimeStatus) => handlers.onStatus(value);

  function connect() {
    clearTimeout(retryTimer);
    if (stopped) return;
    if (!navigator.onLine) {
      status('offline');
      return;
    }
    status(everLive ? 'reconnecting' : 'connecting');
    const ws = new WebSocket(realtimeUrl(slug, lastEventId));
    socket = ws;
    ws.onopen = () => {
      lastHeardAt = Date.now();
      pingSentAt = null;
      heartbeatTimer = setInterval(heartbeat, HEARTBEAT_TICK_MS);
    };
    ws.onmessage = (message) => {
      if (socket !== ws) return;
      lastHeardAt = Date.now();
      pingSentAt = null;
      receive(message.data);
    };
    ws.onclose = (close) => {
      if (socket !== ws) return;
      dropSocket();
      if (stopped) return;
      if (FINAL_CLOSE_CODES.has(close.code)) {
        stopped = true;
        status('offline');
        handlers.onRefused?.(close.code);
        return;
      }
      scheduleReconnect();
    };
    // An error is always followed by close, which decides what happens next.
    ws.onerror = () => undefined;
  }

  function receive(raw: unknown) {
    let json: unknown;
    try {
      json = JSON.parse(String(raw));
    } catch {
      return;
    }
    const parsed = serverMessageSchema.safeParse(json);
    // A message this client does not know (a newer server) is ignored rather than breaking the connection.
    if (!parsed.success) return;
    const message = parsed.data;
    switch (message.type) {
      case 'hello': {
        // Never resumed before, after a lost connection: whatever changed while disconnected is unknown.
        const missedUnknown = lastEventId === null && attempt > 0;
        lastEventId = Math.max(lastEventId ?? 0, message.lastId);
        attempt = 0;
        everLive = true;
        status('live');
        if (missedUnknown) handlers.onReset();
        break;
      }
      case 'event':
        lastEventId = Math.max(lastEventId ?? 0, message.id);
        handlers.onEvent(message);
        break;
      case 'reset':
        lastEventId = message.lastId;
        handlers.onReset();
        break;
      case 'pong':
        break;
    }
  }

  function heartbeat() {
    const ws = socket;
    if (!ws || ws.readyState !== WebSocket.OPEN) return;
    const now = Date.now();
    if (pingSentAt !== null) {
      // Only an unanswered ping counts: a throttled background tab that ticks once a minute is not "silent".
      if (now - pingSentAt > PONG_TIMEOUT_MS) {
        dropSocket();
        closeQuietly(ws);
        scheduleReconnect();
      }
      return;
    }
    if (now - lastHeardAt >= PING_AFTER_MS) {
      pingSentAt = now;
      ws.send(JSON.stringify({ type: 'ping' }));
    }
  }

  function dropSocket() {
    clearInterval(heartbeatTimer);
    const ws = socket;
    socket = null;
    if (ws) ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
  }

  function scheduleReconnect() {
    if (stopped) return;
    if (!navigator.onLine) {
      status('offline');
      return;
    }
    status(everLive ? 'reconnecting' : 'connecting');
    const delay = reconnectDelay(attempt);
    attempt += 1;
    retryTimer = setTimeout(connect, delay);
  }

  /** The network went away: say so now rather than after the heartbeat notices. */
  function goOffline() {
    clearTimeout(retryTimer);
    const ws = socket;
    dropSocket();
    if (ws) closeQuietly(ws);
    // Whatever happens next is a reconnect: on return, resume (or refetch when there is nothing to resume from).
    attempt = Math.max(attempt, 1);
    status('offline');
  }

  /** The network is back: try at once (the backoff was for a server that was down, not for this). */
  function goOnline() {
    if (socket) return;
    attempt = Math.max(attempt, 1);
    connect();
  }

  /** A tab coming back to the front checks its connection at once instead of at the next tick. */
  function onVisible() {
    if (document.visibilityState !== 'visible') return;
    if (socket) heartbeat();
    else if (!stopped && navigator.onLine) {
      attempt = Math.max(attempt, 1);
      connect();
    }
  }

  window.addEventListener('offline', goOffline);
  window.addEventListener('online', goOnline);
  document.addEventListener('visibilitychange', onVisible);
  connect();

  return () => {
    stopped = true;
    clearTimeout(retryTimer);
    window.removeEventListener('offline', goOffline);
    window.removeEventListener('online', goOnline);
    document.removeEventListener('visibilitychange', onVisible);
    const ws = socket;
    dropSocket();
    if (ws) closeQuietly(ws);
  };
}

/** Closes a socket; one still connecting is closed once open (closing it earlier logs an error in the console). */
function closeQuietly(ws: WebSocket) {
  if (ws.readyState === WebSocket.CONNECTING) ws.onopen = () => ws.close(1000);
  else if (ws.readyState === WebSocket.OPEN) ws.close(1000);
}
