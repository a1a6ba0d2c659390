/**
 * Rate limits on rate-limiter-flexible: per signed-in user, and per address
 * for signing in (which costs nothing to try). In memory, per process, for
 * now: the next step (several replicas) swaps in its Redis limiter behind the
 * same two calls.
 */
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

export interface RateLimit {
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
}

export interface RateLimits {
  /** Undefined when the request may go; else how long until the next one may, in ms. */
  take(key: string): Promise<number | undefined>;
}

export function rateLimits({ limit, windowMs }: RateLimit): RateLimits {
  const limiter = new RateLimiterMemory({ points: limit, duration: Math.max(1, Math.ceil(windowMs / 1000)) });
  return {
    async take(key) {
      try {
        await limiter.consume(key);
        return undefined;
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) return Math.max(1, rejection.msBeforeNext);
        throw rejection;
      }
    },
  };
}
