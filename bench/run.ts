// npm run bench -- <scenario>: runs one scenario against a throwaway database and writes bench/results/<scenario>.json.
import os from 'node:os';
import path from 'node:path';
import { openBenchDatabase, type BenchDatabase } from './lib/database.ts';
import { describeMachine, formatResult, writeResult } from './lib/results.ts';
import type { Scenario, ScenarioContext } from './lib/scenario.ts';
import { BenchConfigError, readSettings } from './lib/settings.ts';

/** A scenario module; it may size its own data when BENCH_ROWS is not given (`defaultRows`). */
type ScenarioModule = Scenario & { defaultRows?: number };

/** Every scenario, by the name given on the command line; each is bench/scenarios/<name>.ts. */
const scenarios: Record<string, () => Promise<ScenarioModule>> = {
  baseline: () => import('./scenarios/baseline.ts'),
  customers: () => import('./scenarios/customers.ts'),
  tickets: () => import('./scenarios/tickets.ts'),
  realtime: () => import('./scenarios/realtime.ts'),
  export: () => import('./scenarios/export.ts'),
  import: () => import('./scenarios/import.ts'),
};

const log = (line: string) => console.log(line);

async function step<T>(label: string, work: () => Promise<T>): Promise<T> {
  process.stdout.write(`${label}… `);
  const started = performance.now();
  try {
    const result = await work();
    process.stdout.write(`${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    return result;
  } catch (err) {
    process.stdout.write('failed\n');
    throw err;
  }
}

async function printScenarios(): Promise<void> {
  console.error('Scenarios:');
  for (const [name, load] of Object.entries(scenarios)) console.error(`  ${name.padEnd(12)} ${(await load()).description}`);
}

async function main(): Promise<number> {
  const name = process.argv[2];
  const load = name ? scenarios[name] : undefined;
  if (!load) {
    console.error(name ? `Unknown scenario "${name}".` : 'Usage: npm run bench -- <scenario>');
    await printScenarios();
    return 1;
  }
  const settings = readSettings();
  const scenario = await load();
  if (!process.env.BENCH_ROWS?.trim() && scenario.defaultRows) settings.rows = scenario.defaultRows;

  let database: BenchDatabase | undefined;
  const release = async () => database?.release();
  // Ctrl-C or kill: drop the throwaway database and stop the embedded server before leaving.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: cleaning up…`);
      void release().finally(() => process.exit(130));
    });
  }
  try {
    database = await openBenchDatabase(log);
    log(`Benchmark "${name}" on ${database.source}, database ${new URL(database.url).pathname.slice(1)}`);
    const ctx: ScenarioContext = { databaseUrl: database.url, settings, log, step };
    const when = new Date().toISOString();
    // Other work on the machine skews every figure; the load average says how quiet it was.
    const loadAtStart = os.loadavg()[0] ?? 0;
    const metrics = await scenario.run(ctx);
    const machine = await describeMachine(database.url);
    const result = {
      scenario: name!,
      when,
      machine,
      run: {
        database: database.kind,
        rows: settings.rows,
        duration_s: settings.durationS,
        connections: settings.connections,
        warmup_s: settings.warmupS,
        load_avg_1m_at_start: Math.round(loadAtStart * 100) / 100,
      },
      metrics,
    };
    const file = await writeResult(result);
    console.log(`\n${formatResult(result)}\n\nWrote ${path.relative(process.cwd(), file)}`);
    return 0;
  } finally {
    await release();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof BenchConfigError ? err.message : err);
    process.exit(1);
  },
);
