/** Nearest-rank percentile (p in 0..100) of unsorted samples. */
export function percentile(samples: readonly number[], p: number): number {
  return percentiles(samples, [p])[0]!;
}

/** Several nearest-rank percentiles with one sort. */
export function percentiles(samples: readonly number[], ps: readonly number[]): number[] {
  if (samples.length === 0) throw new Error('percentile of no samples');
  const sorted = Float64Array.from(samples).sort();
  return ps.map((p) => {
    if (p < 0 || p > 100) throw new Error(`percentile ${p} is outside 0..100`);
    const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
    return sorted[rank - 1]!;
  });
}
