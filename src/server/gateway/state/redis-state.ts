/**
 * The Redis engine: the state of every replica of the gateway in one Redis,
 * through ioredis. Rate limits through rate-limiter-flexible's Redis limiter,
 * with a limiter in memory standing in while Redis is away (per replica: the
 * limit then holds per process, not in total).
 *
 * A command never waits for Redis to come back: with the offline queue off
 * it fails at once while the connection is down, and within
 * COMMAND_TIMEOUT_MS when Redis hangs, so a request is refused (503) instead
 * of hanging. ioredis reconnects by itself, at most a second apart, so the
 * gateway serves again within seconds of Redis's return.
 */
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import { RedisAnswerStore } from './redis-answers.js';
import { redisKeys } from './redis-keys.js';
import { RedisSessionStore } from './redis-sessions.js';
import { StoreUnavailable, failingAsUnavailable, type AnswerStore, type GatewayState, type SessionStore, type SessionTimes, type StoreEvents } from './state.js';

const COMMAND_TIMEOUT_MS = 2000;
const CONNECT_TIMEOUT_MS = 2000;
const RECONNECT_MAX_MS = 1000;

export interface RedisStateOptions {
  /** `redis://[:password@]host:port[/db]` or `rediss://…` for TLS. */
  url: string;
  times: SessionTimes;
  /** The fingerprint key: JODO_GATEWAY_SECRET, the same on every replica. */
  secret: Buffer;
  /** Key prefix. Default `jodo:gw:`. */
  prefix?: string;
  now?: () => number;
  events?: StoreEvents;
}

export function openRedisState({ url, times, secret, prefix, now = Date.now, events = {} }: RedisStateOptions): GatewayState {
  const onError = events.onError ?? (() => undefined);
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: COMMAND_TIMEOUT_MS,
    connectTimeout: CONNECT_TIMEOUT_MS,
    retryStrategy: (attempt) => Math.min(100 * attempt, RECONNECT_MAX_MS),
    // A client name shows which connections are the gateway's (CLIENT LIST).
    connectionName: 'jodo-gateway',
  });
  // ioredis reports a lost connection here as well as to the failing command: the command's report is enough.
  redis.on('error', () => undefined);
  // The connection's ups and downs, once each (ioredis says `close` again at every failed reconnection).
  let up = false;
  redis.on('ready', () => {
    if (!up) events.onConnection?.('ready');
    up = true;
  });
  redis.on('close', () => {
    if (up) events.onConnection?.('lost');
    up = false;
  });
  const keys = redisKeys(prefix);
  return {
    engine: 'redis',
    sessions: failingAsUnavailable<SessionStore>(new RedisSessionStore(redis, keys, times, now), onError),
    answers: failingAsUnavailable<AnswerStore>(new RedisAnswerStore(redis, keys), onError),
    secret,
    redis: { client: redis, keys },
    rateLimiter: ({ name, points, durationSeconds }) =>
      new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: `${keys.rateLimits}:${name}`,
        points,
        duration: durationSeconds,
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory({ keyPrefix: name, points, duration: durationSeconds }),
      }),
    async ping() {
      try {
        await redis.ping();
      } catch (error) {
        onError(error);
        throw new StoreUnavailable({ cause: error });
      }
    },
    async ready(timeoutMs) {
      if (redis.status === 'ready') return true;
      return new Promise<boolean>((resolve) => {
        const done = (ok: boolean) => {
          clearTimeout(timer);
          redis.off('ready', onReady);
          resolve(ok);
        };
        const onReady = () => done(true);
        const timer = setTimeout(() => done(false), timeoutMs);
        redis.once('ready', onReady);
      });
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
