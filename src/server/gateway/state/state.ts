/**
 * The gateway's state behind one interface, with two engines: SQLite in the
 * process (the default, one process: `npm start`) and Redis (several
 * replicas behind a load balancer). Everything a replica must agree on lives
 * here: sessions and their revocation, the answers kept for idempotency keys,
 * rate-limit counters and the key of request fingerprints.
 *
 * Kept per process, on purpose: the recording links a caller was shown
 * (recordings.ts: derived from Jodo's answers, scoped to the caller's
 * processes, harmless when another replica asks Jodo again), a JWT issuer's
 * keys (jose's cache) and, on SQLite only, the sessions read (sqlite-sessions.ts
 * says how another process's change reaches them). On Redis no session is
 * kept in memory: a sign-out on one replica holds on the next request to any.
 */
import type { Redis } from 'ioredis';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Identity } from '../identity.js';
import type { RedisKeys } from './redis-keys.js';

export type StoreEngine = 'sqlite' | 'redis';

/** The store did not answer (Redis down, a command timed out): nothing was decided. */
export class StoreUnavailable extends Error {
  override readonly name = 'StoreUnavailable';
  constructor(options?: { cause?: unknown }) {
    super("The gateway's store is unreachable", options);
  }
}

/** The shortest gateway secret (JODO_GATEWAY_SECRET) taken: it keys the fingerprints of idempotent writes. */
export const MIN_SECRET_LENGTH = 32;

/** What a store tells the gateway about itself (for the metrics and the log). */
export interface StoreEvents {
  /** A command failed (it is refused as StoreUnavailable). */
  onError?: (error: unknown) => void;
  /** The connection to a store server came up, or was lost. */
  onConnection?: (state: 'ready' | 'lost') => void;
}

/**
 * `target` with every failure of its methods, thrown or rejected, as StoreUnavailable (and reported): to the
 * gateway a store that cannot answer (Redis away, out of memory, SQLite's file locked or full) is one thing,
 * a 503 that says nothing was done.
 */
export function failingAsUnavailable<T extends object>(target: T, report: (error: unknown) => void): T {
  const failed = (error: unknown): never => {
    report(error);
    throw error instanceof StoreUnavailable ? error : new StoreUnavailable({ cause: error });
  };
  // One wrapper per method, made on first use: `sessions.find` runs on every poll.
  const wrappers = new WeakMap<(...args: unknown[]) => unknown, (...args: unknown[]) => unknown>();
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      let wrapper = wrappers.get(method);
      if (!wrapper) {
        wrapper = (...args: unknown[]) => {
          let result: unknown;
          try {
            result = method.apply(object, args);
          } catch (error) {
            return failed(error);
          }
          return result instanceof Promise ? result.catch(failed) : result;
        };
        wrappers.set(method, wrapper);
      }
      return wrapper;
    },
  });
}

export interface SessionTimes {
  /** How long a session lasts at most from sign-in. */
  ttlMs: number;
  /** How long a session lasts without a request. */
  idleMs: number;
}

export interface SessionStore {
  /** A new session for `identity`; the id to put in the cookie. */
  create(identity: Identity): Promise<string>;
  /**
   * Who holds the session `id`, if it exists, has not expired and was used within the idle timeout.
   * Synchronous when the engine already knows (a poll then costs no turn of the event loop).
   */
  find(id: string | undefined): Identity | undefined | Promise<Identity | undefined>;
  /** Ends one session (sign-out). */
  end(id: string | undefined): Promise<void>;
  /** Ends every session of a login (a leaver, a stolen laptop); how many there were. */
  endAllOf(login: string): Promise<number>;
  /** A user's role, team or processes changed: every live session of theirs has the new ones from the next request on. */
  updateUser(identity: Identity): Promise<number>;
  /** Sessions alive now (for the metrics). */
  active(): Promise<number>;
}

/** What a reservation of an idempotency key found. */
export type Reservation =
  /** The key is this request's now: forward it, then `complete` or `release` with the token. */
  | { state: 'reserved'; token: string }
  /** An answer is kept for the key. */
  | { state: 'answered'; fingerprint: string; answer: string }
  /** Another request holds the key and has no answer yet (on this replica or another). */
  | { state: 'in-flight'; fingerprint: string; retryAfterMs: number };

export interface AnswerStore {
  /** Reserves `key` of `scope` for a request with `fingerprint`, for `leaseMs` at most; atomically, across replicas. */
  reserve(scope: string, key: string, fingerprint: string, leaseMs: number): Promise<Reservation>;
  /** Keeps the answer of a reserved key for `ttlMs` (unless another request has taken the key since its lease ran out). */
  complete(scope: string, key: string, token: string, fingerprint: string, answer: string, ttlMs: number): Promise<void>;
  /** The request holding the key is alive: its reservation holds `leaseMs` more (unless it is no longer its own). */
  renew(scope: string, key: string, token: string, leaseMs: number): Promise<void>;
  /** Gives a key back (the request got no answer from Jodo), so that a retry can go through. */
  release(scope: string, key: string, token: string): Promise<void>;
}

export interface RateLimiterOptions {
  /** Names the counters (`user`, `sign-in`): each limiter counts apart. */
  name: string;
  points: number;
  durationSeconds: number;
}

export interface GatewayState {
  readonly engine: StoreEngine;
  readonly sessions: SessionStore;
  readonly answers: AnswerStore;
  /** The key of idempotency fingerprints: the same on every replica. */
  readonly secret: Buffer;
  /** A rate limiter whose counters every replica shares (on Redis, one in memory while Redis is away). */
  rateLimiter(options: RateLimiterOptions): RateLimiterAbstract;
  /** On Redis: its connection and key names, for the event streams' relay between replicas (push/redis-push.ts). */
  readonly redis?: { client: Redis; keys: RedisKeys };
  /** Resolves when the store answers; else throws `StoreUnavailable`. */
  ping(): Promise<void>;
  /** Whether the store answers within `timeoutMs` (at start-up: Redis refuses commands until connected). */
  ready(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}
