import type { FastifyInstance } from 'fastify';

/** What a bench server process tells its parent once it accepts connections. */
export interface ListeningMessage {
  type: 'listening';
  port: number;
}

/**
 * Used inside a bench server process (see servers/): listens on a free port of 127.0.0.1, reports it to the
 * parent, and closes when told to or when the parent goes away.
 */
export async function serveForBench(app: FastifyInstance, onClose: () => Promise<void> = async () => {}): Promise<void> {
  if (!process.send) throw new Error('a bench server must be started by the bench (child_process.fork)');
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('the server has no TCP address');
  let closing = false;
  const close = async () => {
    if (closing) return;
    closing = true;
    await app.close();
    await onClose();
    process.exit(0);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void close());
  process.once('disconnect', () => void close());
  process.send({ type: 'listening', port: address.port } satisfies ListeningMessage);
}
