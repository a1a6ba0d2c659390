/**
 * The Redis engine's key names, in one place. Every key starts with the
 * prefix (default `jodo:gw:`), so one Redis can serve several gateways apart.
 * Logins and scopes are base64url-encoded (of their UTF-16, so any string,
 * a lone surrogate too, has its own name): a `:` in a login cannot run into
 * the key that follows it.
 */

const encoded = (text: string) => Buffer.from(text, 'utf16le').toString('base64url');
export interface RedisKeys {
  session(hash: string): string;
  /** The set of a login's session hashes (for ending all of them). */
  sessionsOf(loginKey: string): string;
  /** Sessions alive, scored by when each goes idle. */
  activeSessions: string;
  answer(scope: string, key: string): string;
  /** Rate-limit counters (rate-limiter-flexible adds the limiter's name and the key). */
  rateLimits: string;
  /** The prefix of session keys (the Lua scripts build them from hashes). */
  sessionPrefix: string;
  /** The replica that polls Jodo for every event stream (its id, with an expiry). */
  pollerLease: string;
  /** Logins some replica's event streams watch, scored by when a replica last said so. */
  watching: string;
  /** The poller's events, relayed to every replica (a Redis stream). */
  events: string;
  /** How many events were ever added (each is numbered: a reader tells a gap). */
  eventCount: string;
  /** Streams' requests to the poller for states their replica lacks (a Redis stream). */
  asks: string;
}

export function redisKeys(prefix = 'jodo:gw:'): RedisKeys {
  return {
    session: (hash) => `${prefix}session:${hash}`,
    sessionsOf: (loginKey) => `${prefix}login:${encoded(loginKey)}`,
    activeSessions: `${prefix}sessions-active`,
    answer: (scope, key) => `${prefix}answer:${encoded(scope)}:${key}`,
    rateLimits: `${prefix}rate`,
    sessionPrefix: `${prefix}session:`,
    pollerLease: `${prefix}poller-lease`,
    watching: `${prefix}watching`,
    events: `${prefix}events`,
    eventCount: `${prefix}event-count`,
    asks: `${prefix}asks`,
  };
}
