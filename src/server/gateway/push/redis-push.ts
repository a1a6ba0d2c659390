/**
 * The event streams of several replicas on one Redis, with one poller
 * between them (where each replica polling would ask Jodo once per replica).
 *
 * - **A lease.** The replica holding `poller-lease` polls; it renews it every
 *   half interval for one and a half. When it dies the lease runs out and
 *   another takes it on its next try: within two intervals. A replica that
 *   cannot renew stops polling once its lease may have run out, and one
 *   shutting down gives the lease back for the next to take at once.
 * - **What is watched.** Each replica adds the logins its streams watch to
 *   the sorted set `watching`, scored by the time, again every few seconds
 *   while a stream watches them. The poller asks for those said within the
 *   linger, and drops the others: a login whose last stream closed (or whose
 *   replica died) is forgotten after the linger, as on one process.
 * - **What it found.** The poller adds its events to the Redis stream
 *   `events` (capped); every replica, the poller's too, reads it and
 *   publishes each event to its own feed under the id Redis gave it, so a
 *   browser's `Last-Event-ID` resumes on whichever replica it reaches. A
 *   stream that needs a state the replica's board lacks adds an `ask` entry,
 *   which the poller answers before its next round.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import type { RedisKeys } from '../state/redis-keys.js';
import { AgentPoller } from './agent-poller.js';
import { LINGER_MS, type PushHub, type PushOptions } from './push-hub.js';
import { StatusBoard } from './status-board.js';
import { StatusFeed, type NewFeedEvent } from './status-feed.js';
import { WatchList, type LoginsByProcess } from './watch-list.js';

/** Events kept in the Redis stream (about 15 s of 20,000 agents changing twice a minute: as each feed keeps). */
const STREAM_LENGTH = 10_000;
/** Entries read at once, and how long a read waits for one, ms. */
const READ_COUNT = 1000;
const READ_BLOCK_MS = 1000;
/** Logins per ZADD. */
const CHUNK = 1000;
/** The longest gap between two sayings that a stream still watches a login, ms. */
const REFRESH_MAX_MS = 10_000;

const RENEW_SCRIPT = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
const RELEASE_SCRIPT = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/** A stream's request to the poller: these logins' states, now. */
interface AskEntry {
  kind: 'ask';
  servicekey: string;
  logins: string[];
}

export interface RedisPushOptions extends PushOptions {
  redis: { client: Redis; keys: RedisKeys };
  log: (line: string) => void;
  /** A Redis command failed (counted and logged as the store's other failures). */
  onError: (error: unknown) => void;
  /** This replica took the poller's lease (true) or no longer holds it (false). */
  onLease?: (held: boolean) => void;
}

export function redisPush(options: RedisPushOptions): PushHub {
  const { ask, intervalMs, lingerMs = LINGER_MS, now, log, onError } = options;
  const { client: redis, keys } = options.redis;
  const replica = randomBytes(12).toString('base64url');
  const leaseMs = Math.ceil(intervalMs * 1.5);
  const refreshMs = Math.max(intervalMs, Math.min(REFRESH_MAX_MS, Math.floor(lingerMs / 3)));
  const feed = new StatusFeed();
  const board = new StatusBoard(feed);
  // This replica's streams: what it says it watches. The linger is Redis's (the score's age), not this list's.
  const mine = new WatchList(0, now);
  let closed = false;
  let closing: Promise<void> | undefined;

  const append = (entry: NewFeedEvent | AskEntry) =>
    void redis.xadd(keys.events, 'MAXLEN', '~', String(STREAM_LENGTH), '*', 'e', JSON.stringify(entry)).catch(onError);

  const member = (servicekey: string, login: string) => JSON.stringify([servicekey, login]);
  const sayWatched = (watched: LoginsByProcess) => {
    const members = [...watched].flatMap(([servicekey, logins]) => logins.map((login) => member(servicekey, login)));
    const at = String(now());
    for (let i = 0; i < members.length; i += CHUNK) {
      void redis.zadd(keys.watching, ...members.slice(i, i + CHUNK).flatMap((m) => [at, m])).catch(onError);
    }
  };

  /** Every login some replica said it watches within the linger, per process; the older ones removed. */
  async function watchedEverywhere(): Promise<LoginsByProcess> {
    const replies = await redis.multi().zremrangebyscore(keys.watching, '-inf', String(now() - lingerMs - refreshMs)).zrange(keys.watching, 0, -1).exec();
    const [error, members] = replies?.[1] ?? [new Error('the transaction was discarded'), []];
    if (error) throw error;
    const watched: LoginsByProcess = new Map();
    for (const text of members as string[]) {
      try {
        const [servicekey, login] = JSON.parse(text) as [string, string];
        const logins = watched.get(servicekey);
        if (logins) logins.push(login);
        else watched.set(servicekey, [login]);
      } catch {
        // Not ours: skipped.
      }
    }
    return watched;
  }

  const poller = new AgentPoller({ ask, publish: append, watched: watchedEverywhere, intervalMs, now, onError });

  // The lease: taken, renewed, lost, given back.
  let renewedAt = -Infinity;
  const take = (held: boolean) => {
    if (held === poller.started) return;
    if (held) poller.start();
    else poller.pause();
    log(held ? 'gateway: this replica now polls Jodo for the event streams' : 'gateway: this replica no longer polls Jodo for the event streams');
    options.onLease?.(held);
  };
  async function tryLease(): Promise<void> {
    try {
      const at = now();
      const held = poller.started
        ? Number(await redis.eval(RENEW_SCRIPT, 1, keys.pollerLease, replica, String(leaseMs))) === 1
        : (await redis.set(keys.pollerLease, replica, 'PX', leaseMs, 'NX')) === 'OK';
      if (held) renewedAt = at;
      if (!closed) take(held);
    } catch (error) {
      onError(error);
      // Unrenewed, the lease may be another's by now: two pollers would publish out of turn.
      if (now() - renewedAt >= leaseMs) take(false);
    }
  }
  const leaseTimer = setInterval(() => void tryLease(), Math.max(1, Math.floor(intervalMs / 2)));
  leaseTimer.unref();
  void tryLease();

  const refreshTimer = setInterval(() => sayWatched(mine.current()), refreshMs);
  refreshTimer.unref();

  // Every replica relays the Redis stream to its feed.
  const reader = redis.duplicate({ connectionName: 'jodo-gateway-events', commandTimeout: READ_BLOCK_MS + 2000 });
  reader.on('error', () => undefined);
  const hear = (id: string, fields: string[]) => {
    let entry: NewFeedEvent | AskEntry;
    try {
      entry = JSON.parse(fields[1] ?? '') as NewFeedEvent | AskEntry;
    } catch {
      return;
    }
    if (entry.kind === 'ask') poller.askSoon(entry.servicekey, entry.logins);
    else feed.publish(entry, id);
  };
  /** Asks the poller for the states this replica's streams watch and its board lacks. */
  const askMissing = (servicekey: string, logins: readonly string[]) => {
    const missing = logins.filter((login) => !board.current(servicekey, login));
    if (missing.length) append({ kind: 'ask', servicekey, logins: missing });
  };
  const relayed = (async () => {
    let last: string | undefined;
    while (!closed) {
      try {
        if (last === undefined) {
          // From the stream's end as it stands once Redis answers: what streams opened before then missed is asked for again.
          last = (await reader.xrevrange(keys.events, '+', '-', 'COUNT', 1))[0]?.[0] ?? '0-0';
          for (const [servicekey, logins] of mine.current()) askMissing(servicekey, logins);
        }
        const reply = await reader.xread('COUNT', READ_COUNT, 'BLOCK', READ_BLOCK_MS, 'STREAMS', keys.events, last);
        for (const [, entries] of reply ?? []) {
          for (const [id, fields] of entries) {
            last = id;
            hear(id, fields);
          }
        }
      } catch (error) {
        if (closed) break;
        onError(error);
        await sleep(500);
      }
    }
  })();

  return {
    feed,
    board,
    poller,
    watch(servicekey, logins) {
      const { unwatch } = mine.watch(servicekey, logins);
      sayWatched(new Map([[servicekey, [...logins]]]));
      // A state this replica's board has is the stream's at once; the poller is asked for the others.
      askMissing(servicekey, logins);
      return unwatch;
    },
    close() {
      closing ??= (async () => {
        closed = true;
        clearInterval(leaseTimer);
        clearInterval(refreshTimer);
        if (poller.started) {
          poller.pause();
          // Given back, the next replica polls at its next try instead of once the lease runs out.
          await redis.eval(RELEASE_SCRIPT, 1, keys.pollerLease, replica).catch(() => undefined);
        }
        reader.disconnect();
        await relayed;
      })();
      return closing;
    },
  };
}
