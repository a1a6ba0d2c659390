/**
 * Idempotency keys in the Redis engine: a key is reserved with one atomic
 * script (the `SET NX` of the IETF draft, with the fingerprint and a token
 * beside it) that expires with its lease; the answer replaces the
 * reservation; a request that got no answer deletes its own reservation, and
 * only its own (the token).
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { RedisKeys } from './redis-keys.js';
import type { AnswerStore, Reservation } from './state.js';

/** KEYS: the answer key. ARGV: fingerprint, token, lease ms. Returns {1} when reserved, else {0, fingerprint, answer|false, pttl}. */
const RESERVE = `
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[1], 'fingerprint', ARGV[1], 'token', ARGV[2])
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  return {1}
end
-- false, not nil: a nil would end the reply's list there
return {0, redis.call('HGET', KEYS[1], 'fingerprint') or false, redis.call('HGET', KEYS[1], 'answer') or false, redis.call('PTTL', KEYS[1])}`;

/** KEYS: the answer key. ARGV: token, fingerprint, answer, ttl ms. Kept unless another request reserved the key since. */
const COMPLETE = `
local holder = redis.call('HGET', KEYS[1], 'token')
if holder ~= ARGV[1] and redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'fingerprint', ARGV[2], 'answer', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1`;

/** KEYS: the answer key. ARGV: token, lease ms. */
const RENEW = `
if redis.call('HGET', KEYS[1], 'token') == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;

/** KEYS: the answer key. ARGV: token. */
const RELEASE = `
if redis.call('HGET', KEYS[1], 'token') == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

interface AnswerScripts {
  jodoReserveAnswer(key: string, fingerprint: string, token: string, leaseMs: number): Promise<[number, (string | null)?, (string | null)?, number?]>;
  jodoCompleteAnswer(key: string, token: string, fingerprint: string, answer: string, ttlMs: number): Promise<number>;
  jodoRenewAnswer(key: string, token: string, leaseMs: number): Promise<number>;
  jodoReleaseAnswer(key: string, token: string): Promise<number>;
}

export class RedisAnswerStore implements AnswerStore {
  private readonly redis: Redis & AnswerScripts;

  constructor(
    redis: Redis,
    private readonly keys: RedisKeys,
  ) {
    redis.defineCommand('jodoReserveAnswer', { numberOfKeys: 1, lua: RESERVE });
    redis.defineCommand('jodoCompleteAnswer', { numberOfKeys: 1, lua: COMPLETE });
    redis.defineCommand('jodoRenewAnswer', { numberOfKeys: 1, lua: RENEW });
    redis.defineCommand('jodoReleaseAnswer', { numberOfKeys: 1, lua: RELEASE });
    this.redis = redis as Redis & AnswerScripts;
  }

  async reserve(scope: string, key: string, fingerprint: string, leaseMs: number): Promise<Reservation> {
    const token = randomBytes(16).toString('base64url');
    // Whole milliseconds: Redis refuses a fractional expiry, after the script has already written the hash.
    const [reserved, held, answer, ttl] = await this.redis.jodoReserveAnswer(this.keys.answer(scope, key), fingerprint, token, Math.ceil(leaseMs));
    if (reserved === 1) return { state: 'reserved', token };
    if (typeof answer === 'string') return { state: 'answered', fingerprint: held ?? '', answer };
    return { state: 'in-flight', fingerprint: held ?? '', retryAfterMs: Math.max(0, Number(ttl) || 0) };
  }

  async complete(scope: string, key: string, token: string, fingerprint: string, answer: string, ttlMs: number): Promise<void> {
    await this.redis.jodoCompleteAnswer(this.keys.answer(scope, key), token, fingerprint, answer, Math.ceil(ttlMs));
  }

  async renew(scope: string, key: string, token: string, leaseMs: number): Promise<void> {
    await this.redis.jodoRenewAnswer(this.keys.answer(scope, key), token, Math.ceil(leaseMs));
  }

  async release(scope: string, key: string, token: string): Promise<void> {
    await this.redis.jodoReleaseAnswer(this.keys.answer(scope, key), token);
  }
}
