import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import client from 'prom-client';

declare module 'fastify' {
  interface FastifyInstance {
    metrics: client.Registry;
  }
}

/** Prometheus metrics: HTTP latency by route, pool usage, job queue counts, process defaults. */
export default fp(
  async function metricsPlugin(app: FastifyInstance) {
    const registry = new client.Registry();
    client.collectDefaultMetrics({ register: registry });

    const latency = new client.Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency by route',
      labelNames: ['method', 'route', 'status_code'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
    // One labelled child per (method, route, status), looked up by a plain string: observing through a child
    // skips hashing the label object on every request.
    const children = new Map<string, client.Histogram.Internal<'method' | 'route' | 'status_code'>>();
    app.addHook('onResponse', (request, reply, done) => {
      const route = request.routeOptions.url ?? 'unmatched';
      const key = `${request.method} ${reply.statusCode} ${route}`;
      let child = children.get(key);
      if (!child) {
        child = latency.labels({ method: request.method, route, status_code: String(reply.statusCode) });
        children.set(key, child);
      }
      child.observe(reply.elapsedTime / 1000);
      done();
    });

    new client.Gauge({
      name: 'db_pool_connections',
      help: 'PostgreSQL pool connections by pool and state',
      labelNames: ['pool', 'state'] as const,
      registers: [registry],
      collect() {
        for (const [pool, p] of Object.entries(app.db)) {
          this.set({ pool, state: 'total' }, p.totalCount);
          this.set({ pool, state: 'idle' }, p.idleCount);
          this.set({ pool, state: 'waiting' }, p.waitingCount);
        }
      },
    });

    new client.Gauge({
      name: 'jobs',
      help: 'Background jobs by state',
      labelNames: ['state'] as const,
      registers: [registry],
      async collect() {
        const { rows } = await app.db.owner.query<{ queued: number; running: number; failed: number }>(
          `SELECT count(*) FILTER (WHERE locked_at IS NULL AND attempts < max_attempts)::int AS queued,
                  count(*) FILTER (WHERE locked_at IS NOT NULL)::int AS running,
                  count(*) FILTER (WHERE attempts >= max_attempts)::int AS failed
             FROM graphile_worker.jobs`,
        );
        const r = rows[0];
        if (!r) return;
        this.set({ state: 'queued' }, r.queued);
        this.set({ state: 'running' }, r.running);
        this.set({ state: 'failed' }, r.failed);
      },
    });

    app.decorate('metrics', registry);
  },
  { name: 'metrics', dependencies: ['db'] },
);
