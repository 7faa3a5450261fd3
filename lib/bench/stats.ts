// Summary statistics of per-run times.

export interface TimeStats {
  /** Median of all timed runs, ms. */
  medianMs: number;
  /** Fastest run, ms. */
  minMs: number;
  /** How many runs were timed (warm-up excluded). */
  runs: number;
}

export function summarize(times: readonly number[]): TimeStats {
  if (times.length === 0) throw new Error('no runs were timed');
  const sorted = [...times].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const medianMs = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { medianMs, minMs: sorted[0], runs: sorted.length };
}
