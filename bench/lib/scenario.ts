import type { BenchSettings } from './settings.ts';

export interface Metric {
  value: number;
  unit: string;
}

/** Metric names are snake_case with the unit as suffix where it helps (`keyset_p95_ms`, `ping_rps`). */
export type Metrics = Record<string, Metric>;

export interface ScenarioContext {
  /** A throwaway database (dropped after the run), reached as its owner. */
  databaseUrl: string;
  settings: BenchSettings;
  /** One progress line. */
  log: (line: string) => void;
  /** Runs `work`, printing `label… 4.1 s` when it ends. */
  step: <T>(label: string, work: () => Promise<T>) => Promise<T>;
}

export interface Scenario {
  /** One line for the list printed by `npm run bench` without a (known) name. */
  description: string;
  run: (ctx: ScenarioContext) => Promise<Metrics>;
}

/** `numerator / denominator` as a metric, for comparing Grip's path with a baseline measured in the same run. */
export function ratio(numerator: Metric, denominator: Metric): Metric {
  if (numerator.unit !== denominator.unit) {
    throw new Error(`ratio of ${numerator.unit} to ${denominator.unit}: units differ`);
  }
  return { value: numerator.value / denominator.value, unit: 'ratio' };
}
