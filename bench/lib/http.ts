import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type { Metrics, ScenarioContext } from './scenario.ts';
import type { ListeningMessage } from './serve.ts';
import { serverNodeFlags } from './grip-server.ts';

export interface ServerProcess {
  url: string;
  stop: () => Promise<void>;
}

/**
 * Starts a bench server script (one that calls serveForBench) in its own Node process, so that the server and
 * autocannon do not share an event loop, and resolves once it listens.
 */
export async function startServerProcess(script: URL, env: Record<string, string> = {}): Promise<ServerProcess> {
  const child = fork(fileURLToPath(script), [], {
    // BENCH_CPU_PROF=<dir>: write a V8 CPU profile of each server process there (open it in Chrome DevTools).
    // TypeScript servers through tsx; the bundled Grip server (gripServerScript) with the flags of `npm start`.
    execArgv: [...(script.pathname.endsWith('.ts') ? ['--import', 'tsx'] : serverNodeFlags()), ...(process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? []), ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [])],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const stop = () => stopChild(child);
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${script.pathname} did not listen within 30 s`)), 30_000);
      child.once('message', (message: ListeningMessage) => {
        clearTimeout(timer);
        resolve(message.port);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${script.pathname} exited before listening (${signal ?? `code ${code}`})`));
      });
    });
    return { url: `http://127.0.0.1:${port}`, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

export interface LoadOptions {
  /** Server origin, e.g. http://127.0.0.1:40123. */
  url: string;
  /** Path requested over and over when `requests` is not given. Default: /. */
  path?: string;
  /** Sequence of requests (autocannon's `requests`); `setupRequest` may vary each one. */
  requests?: autocannon.Request[];
  /** Every response body must equal this (autocannon allows it only without `requests`). */
  expectBody?: string;
}

/**
 * Drives a server on 127.0.0.1 for `settings.warmupS` seconds (discarded), then measures for
 * `settings.durationS` seconds with `settings.connections` connections. A run with any error, timeout,
 * non-2xx response or unexpected body is not a measurement: it throws.
 */
export async function loadTest(ctx: ScenarioContext, options: LoadOptions): Promise<autocannon.Result> {
  const url = new URL(options.path ?? '/', options.url);
  if (url.hostname !== '127.0.0.1') throw new Error(`load tests target 127.0.0.1 only, not ${url.origin}`);
  const { connections, warmupS, durationS } = ctx.settings;
  const base: autocannon.Options = {
    url: url.href,
    connections,
    ...(options.requests && { requests: options.requests }),
    ...(options.expectBody !== undefined && { expectBody: options.expectBody }),
  };
  await autocannon({ ...base, duration: warmupS });
  const result = await autocannon({ ...base, duration: durationS });
  const problems = Object.entries({
    errors: result.errors,
    timeouts: result.timeouts,
    'non-2xx responses': result.non2xx,
    'unexpected bodies': result.mismatches,
  }).filter(([, count]) => count > 0);
  if (problems.length > 0) {
    throw new Error(`load test of ${url.href}: ${problems.map(([what, n]) => `${n} ${what}`).join(', ')}`);
  }
  return result;
}

/** `<name>_rps` (mean requests per second) and `<name>_p99_ms` (99th percentile latency) of a load test. */
export function httpMetrics(name: string, result: autocannon.Result): Metrics {
  return {
    [`${name}_rps`]: { value: result.requests.average, unit: 'req/s' },
    [`${name}_p99_ms`]: { value: result.latency.p99, unit: 'ms' },
  };
}

export interface HttpBenchOptions extends Omit<LoadOptions, 'url'> {
  /** Metric prefix, e.g. `ping`. */
  name: string;
  /** The server script (see servers/), e.g. `new URL('../servers/ping.ts', import.meta.url)`. */
  script: URL;
  /** Environment of the server process, in addition to this process's. */
  env?: Record<string, string>;
}

/** Starts the server script in a second process, load-tests it, stops it, and returns its http metrics. */
export async function measureHttpServer(ctx: ScenarioContext, options: HttpBenchOptions): Promise<Metrics> {
  const { name, script, env, ...load } = options;
  const { connections, warmupS, durationS } = ctx.settings;
  const server = await startServerProcess(script, env);
  try {
    const result = await ctx.step(`${name}: ${connections} connections, ${warmupS} s warm-up + ${durationS} s`, () =>
      loadTest(ctx, { ...load, url: server.url }),
    );
    const metrics = httpMetrics(name, result);
    ctx.log(
      `${name}: ${Math.round(result.requests.average).toLocaleString('en-US')} req/s, p99 ${result.latency.p99} ms`,
    );
    return metrics;
  } finally {
    await server.stop();
  }
}
