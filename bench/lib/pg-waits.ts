// What the database's sessions are doing while a load runs: pg_stat_activity sampled every few milliseconds,
// tallied by wait event. When a path is slow but its server process is mostly idle, this says what it waits for.
import pg from 'pg';

export interface WaitSampler {
  /**
   * Stops sampling and returns the share of busy-session samples per connection name and wait
   * (`grip-app Client:ClientRead`: a transaction waiting for the app's next statement; `Lock:object`, `IO:WalSync`, `CPU`…), largest first.
   */
  stop(): Promise<Array<[string, number]>>;
}

export async function sampleWaits(databaseUrl: string, everyMs = 50): Promise<WaitSampler> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'bench-wait-sampler' });
  await client.connect();
  client.on('error', () => undefined);
  const tally = new Map<string, number>();
  let total = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await client.query<{ wait: string; n: number }>(
        `SELECT application_name || ' ' || coalesce(wait_event_type || ':' || wait_event, 'CPU') AS wait, count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid() AND state NOT IN ('idle') AND application_name <> 'grip-realtime'
          GROUP BY 1`,
      );
      for (const r of rows) {
        tally.set(r.wait, (tally.get(r.wait) ?? 0) + r.n);
        total += r.n;
      }
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await client.end();
      return [...tally.entries()].sort((a, b) => b[1] - a[1]).map(([wait, n]) => [wait, total ? n / total : 0]);
    },
  };
}
