/** What the load benchmarks say of a window's latencies, ms. */
export interface Latencies {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** The `p` quantile (0 to 1) of ascending `sorted` by the nearest rank; NaN when empty. */
export const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]! : NaN);

/** p50, p95, p99 and max of ascending `sorted`. */
export const latenciesOf = (sorted: number[]): Latencies => ({ p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), p99: percentile(sorted, 0.99), max: sorted.at(-1) ?? NaN });
