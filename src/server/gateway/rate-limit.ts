/** A per-user sliding window: at most `limit` requests in any `windowMs`, then "slow down". */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** True when the request may go; records it. */
  take(key: string): boolean {
    const now = this.now();
    let recent = this.hits.get(key);
    if (!recent) this.hits.set(key, (recent = []));
    // Oldest first: drop from the front what has left the window (in place, no copy per request).
    let gone = 0;
    while (gone < recent.length && !(now - recent[gone]! < this.windowMs)) gone++;
    if (gone) recent.splice(0, gone);
    if (recent.length >= this.limit) return false;
    recent.push(now);
    // Forget idle users so the map does not grow over a long shift.
    if (this.hits.size > 10_000) {
      for (const [k, times] of this.hits) if (!times.some((at) => now - at < this.windowMs)) this.hits.delete(k);
    }
    return true;
  }
}
