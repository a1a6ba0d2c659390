/**
 * Rate limits on rate-limiter-flexible: per signed-in user, and per address
 * for signing in (which costs nothing to try). The limiter comes from the
 * gateway's store: in memory for the SQLite engine, in Redis (every replica
 * counting together) for the Redis engine.
 */
import { RateLimiterRes } from 'rate-limiter-flexible';
import type { GatewayState } from './state/state.js';

export interface RateLimit {
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
}

export interface RateLimits {
  /** Undefined when the request may go; else how long until the next one may, in ms. */
  take(key: string): Promise<number | undefined>;
}

/** `onLimited` hears of every request refused (for the metrics). */
export function rateLimits(state: GatewayState, name: string, { limit, windowMs }: RateLimit, onLimited: () => void = () => undefined): RateLimits {
  const limiter = state.rateLimiter({ name, points: limit, durationSeconds: Math.max(1, Math.ceil(windowMs / 1000)) });
  return {
    async take(key) {
      try {
        await limiter.consume(key);
        return undefined;
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        onLimited();
        return Math.max(1, rejection.msBeforeNext);
      }
    },
  };
}
