/**
 * Retry delays with "full jitter": a random wait up to a ceiling that doubles
 * with each failure. Many agents' toolbars that lost the same gateway at the
 * same moment then come back spread out instead of all at once.
 */
export interface BackoffOptions {
  /** The ceiling after the first failure. */
  baseMs: number;
  /** The ceiling never grows past this. */
  maxMs: number;
  /** A number in [0, 1); tests pass their own. */
  random?: () => number;
}

/** The wait before attempt `failures + 1`, after `failures` (>= 1) failures in a row: between half the ceiling and the ceiling. */
export function backoffDelay(failures: number, { baseMs, maxMs, random = Math.random }: BackoffOptions): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, Math.min(30, failures - 1)));
  // Half fixed, half random: never a near-zero wait that would hammer a gateway that is down.
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
