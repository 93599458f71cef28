// A bench server process's V8, through the inspector protocol: force a full garbage collection before reading its
// memory, so that "memory per connection" compares live data, not whenever the collector last ran. Start the
// server with NODE_OPTIONS=--inspect=127.0.0.1:<inspectorPort()> to use it.
import { createServer } from 'node:net';
import WebSocket from 'ws';

/** A free port on 127.0.0.1 for the server's inspector. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface Inspector {
  /** A full, blocking garbage collection in the inspected process. */
  collectGarbage(): Promise<void>;
  /** Bytes of V8 heap in use. */
  heapUsed(): Promise<number>;
  close(): void;
}

export async function attachInspector(port: number): Promise<Inspector> {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Array<{ webSocketDebuggerUrl: string }>;
  const url = targets[0]?.webSocketDebuggerUrl;
  if (!url) throw new Error(`no inspector target on port ${port}`);
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  socket.on('message', (raw) => {
    const reply = JSON.parse(raw.toString()) as { id?: number; result?: unknown; error?: { message: string } };
    const waiter = reply.id === undefined ? undefined : pending.get(reply.id);
    if (!waiter) return;
    pending.delete(reply.id!);
    if (reply.error) waiter.reject(new Error(reply.error.message));
    else waiter.resolve(reply.result);
  });
  const call = <T>(method: string) =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      socket.send(JSON.stringify({ id, method }));
    });
  return {
    collectGarbage: () => call('HeapProfiler.collectGarbage'),
    heapUsed: async () => (await call<{ usedSize: number }>('Runtime.getHeapUsage')).usedSize,
    close: () => socket.close(),
  };
}
