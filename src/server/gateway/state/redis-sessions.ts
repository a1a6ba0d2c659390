/**
 * Server-side sessions in the Redis engine, shared by every replica. A
 * session is a hash under its id's SHA-256 (identity, login, expiry, last
 * use) that Redis itself expires when it goes idle or reaches its end; a set
 * per login lists its sessions, so an administrator can end them all.
 *
 * Nothing is kept in memory: every request reads its session, so a sign-out
 * or a role change made through one replica holds on the next request to
 * any of them. The last use is written at most once a minute per session.
 * The scripts touch keys they build from a prefix: one Redis (or a primary
 * with its replicas), not Redis Cluster.
 */
import type { Redis } from 'ioredis';
import type { Identity } from '../identity.js';
import { loginKey } from '../logins.js';
import type { RedisKeys } from './redis-keys.js';
import { isSessionId, newSessionId, sessionHash, storedIdentity } from './session-ids.js';
import type { SessionStore, SessionTimes } from './state.js';

/** How often a session's last use is written: it may end up to this much before its idle timeout. */
const TOUCH_EVERY_MS = 60_000;

/** Ends every session in a login's set; how many there were. KEYS: the set, the active index. ARGV: the session key prefix. */
const END_ALL = `
local hashes = redis.call('SMEMBERS', KEYS[1])
local ended = 0
for _, hash in ipairs(hashes) do
  ended = ended + redis.call('DEL', ARGV[1] .. hash)
  redis.call('ZREM', KEYS[2], hash)
end
redis.call('DEL', KEYS[1])
return ended`;

/** Gives every live session of a login its new identity; how many. KEYS: the set. ARGV: prefix, identity JSON, login. */
const UPDATE_ALL = `
local hashes = redis.call('SMEMBERS', KEYS[1])
local changed = 0
for _, hash in ipairs(hashes) do
  local key = ARGV[1] .. hash
  if redis.call('EXISTS', key) == 1 then
    redis.call('HSET', key, 'identity', ARGV[2], 'login', ARGV[3])
    changed = changed + 1
  else
    redis.call('SREM', KEYS[1], hash)
  end
end
return changed`;

/**
 * Writes a session's last use, if it still exists (a sign-out on another replica may have just deleted it: a
 * plain HSET would make a stray key again). KEYS: the session, the active index. ARGV: now, its new end, its hash.
 */
const TOUCH = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'last_used_at', ARGV[1])
redis.call('PEXPIREAT', KEYS[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
return 1`;

interface SessionScripts {
  jodoTouchSession(key: string, active: string, at: number, end: number, hash: string): Promise<number>;
  jodoEndAllSessions(set: string, active: string, prefix: string): Promise<number>;
  jodoUpdateAllSessions(set: string, prefix: string, identity: string, login: string): Promise<number>;
}

export class RedisSessionStore implements SessionStore {
  private readonly redis: Redis & SessionScripts;

  constructor(
    redis: Redis,
    private readonly keys: RedisKeys,
    private readonly times: SessionTimes,
    private readonly now: () => number = Date.now,
  ) {
    redis.defineCommand('jodoTouchSession', { numberOfKeys: 2, lua: TOUCH });
    redis.defineCommand('jodoEndAllSessions', { numberOfKeys: 2, lua: END_ALL });
    redis.defineCommand('jodoUpdateAllSessions', { numberOfKeys: 1, lua: UPDATE_ALL });
    this.redis = redis as Redis & SessionScripts;
  }

  /** When a session used at `lastUsedAt` ends: idle, or at its expiry, whichever is first (whole ms: Redis takes no fraction). */
  private endOf(expiresAt: number, lastUsedAt: number): number {
    return Math.ceil(Math.min(expiresAt, lastUsedAt + this.times.idleMs));
  }

  async create(identity: Identity): Promise<string> {
    const id = newSessionId();
    const hash = sessionHash(id);
    const at = this.now();
    const expiresAt = Math.ceil(at + this.times.ttlMs);
    const key = this.keys.session(hash);
    const set = this.keys.sessionsOf(loginKey(identity.login));
    await this.redis
      .multi()
      // Sessions that went idle leave the index here too, not only when the metrics are read.
      .zremrangebyscore(this.keys.activeSessions, '-inf', at)
      .hset(key, { identity: JSON.stringify(identity), login: identity.login, expires_at: expiresAt, last_used_at: at })
      .pexpireat(key, this.endOf(expiresAt, at))
      .sadd(set, hash)
      .pexpireat(set, expiresAt) // the set lives as long as the newest session in it can
      .zadd(this.keys.activeSessions, this.endOf(expiresAt, at), hash)
      .exec();
    return id;
  }

  async find(id: string | undefined): Promise<Identity | undefined> {
    if (!isSessionId(id)) return undefined;
    const hash = sessionHash(id);
    const key = this.keys.session(hash);
    const row = await this.redis.hgetall(key);
    const identity = storedIdentity(row['identity']);
    const expiresAt = Number(row['expires_at']);
    const lastUsedAt = Number(row['last_used_at']);
    if (!identity || !Number.isFinite(expiresAt) || !Number.isFinite(lastUsedAt)) return undefined;
    const at = this.now();
    if (this.endOf(expiresAt, lastUsedAt) <= at) return undefined; // Redis expires it in a moment
    if (at - lastUsedAt >= TOUCH_EVERY_MS) await this.redis.jodoTouchSession(key, this.keys.activeSessions, at, this.endOf(expiresAt, at), hash);
    return identity;
  }

  async end(id: string | undefined): Promise<void> {
    if (!isSessionId(id)) return;
    const hash = sessionHash(id);
    const login = await this.redis.hget(this.keys.session(hash), 'login');
    const batch = this.redis.multi().del(this.keys.session(hash)).zrem(this.keys.activeSessions, hash);
    if (login) batch.srem(this.keys.sessionsOf(loginKey(login)), hash);
    await batch.exec();
  }

  async endAllOf(login: string): Promise<number> {
    return this.redis.jodoEndAllSessions(this.keys.sessionsOf(loginKey(login)), this.keys.activeSessions, this.keys.sessionPrefix);
  }

  async updateUser(identity: Identity): Promise<number> {
    return this.redis.jodoUpdateAllSessions(this.keys.sessionsOf(loginKey(identity.login)), this.keys.sessionPrefix, JSON.stringify(identity), identity.login);
  }

  /** Within a minute: the index's scores move with the last use written, as the sessions' own expiry does. */
  async active(): Promise<number> {
    const [, count] = (await this.redis.multi().zremrangebyscore(this.keys.activeSessions, '-inf', this.now()).zcard(this.keys.activeSessions).exec()) ?? [];
    return Number(count?.[1] ?? 0);
  }
}
