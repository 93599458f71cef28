// A timeline of the Grip server's own gauges (GET /metrics, Prometheus text), read once a second during a load:
// event-loop delay (prom-client resets its histogram at every scrape, so each reading covers the second before it)
// and requests waiting for a connection of the app's database pool.

export interface ServerTimeline {
  /** Event-loop delay p99 of each second, ms. */
  loopP99Ms: number[];
  /** Longest event-loop delay of each second, ms. */
  loopMaxMs: number[];
  /** Callers waiting for a connection of the app pool, at each reading. */
  appPoolWaiting: number[];
}

export interface ServerSampler {
  stop(): Promise<ServerTimeline>;
}

function gauge(text: string, name: string): number {
  const match = new RegExp(`^${name.replace(/[{}"]/g, (c) => `\\${c}`)} ([0-9.e+-]+)$`, 'm').exec(text);
  return match ? Number(match[1]) : NaN;
}

export async function sampleServer(serverUrl: string, everyMs = 1000): Promise<ServerSampler> {
  const scrape = async () => (await fetch(`${serverUrl}/metrics`)).text();
  await scrape(); // starts the first second afresh
  const timeline: ServerTimeline = { loopP99Ms: [], loopMaxMs: [], appPoolWaiting: [] };
  let running = true;
  const loop = (async () => {
    while (running) {
      await new Promise((resolve) => setTimeout(resolve, everyMs));
      const text = await scrape();
      timeline.loopP99Ms.push(gauge(text, 'nodejs_eventloop_lag_p99_seconds') * 1000);
      timeline.loopMaxMs.push(gauge(text, 'nodejs_eventloop_lag_max_seconds') * 1000);
      timeline.appPoolWaiting.push(gauge(text, 'db_pool_connections{pool="app",state="waiting"}'));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return timeline;
    },
  };
}
