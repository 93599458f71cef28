/** Knobs read from the environment; bounded so a load test can never run away. */
export interface BenchSettings {
  /** Rows loaded by data-heavy scenarios (BENCH_ROWS). */
  rows: number;
  /** Measured seconds of each HTTP load test (BENCH_DURATION). */
  durationS: number;
  /** Concurrent HTTP connections of each load test (BENCH_CONNECTIONS). */
  connections: number;
  /** Unmeasured seconds of load before each HTTP measurement. */
  warmupS: number;
}

/** A mistake in the bench's environment (BENCH_*, DATABASE_URL): reported as one line, without a stack. */
export class BenchConfigError extends Error {}

function readNumber(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw.replace(/[_,]/g, ''));
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new BenchConfigError(`${name}: expected a number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

export function readSettings(): BenchSettings {
  return {
    rows: Math.round(readNumber('BENCH_ROWS', 1_000_000, 10_000, 20_000_000)),
    durationS: readNumber('BENCH_DURATION', 10, 1, 300),
    connections: Math.round(readNumber('BENCH_CONNECTIONS', 50, 1, 1000)),
    warmupS: 2,
  };
}
