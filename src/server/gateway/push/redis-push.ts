/**
 * The event streams of several replicas on one Redis, with one poller
 * between them (where each replica polling would ask Jodo once per replica).
 *
 * - **A lease.** The replica holding `poller-lease` polls; it renews it every
 *   half interval for one and a half. When it dies the lease runs out and
 *   another takes it on its next try: within two intervals. A replica stops
 *   polling once its lease may have run out unrenewed, and one shutting down
 *   gives the lease back for the next to take at once. What a poller
 *   publishes goes through a script that checks it still holds the lease: a
 *   replica that stalled (a long pause, a lost connection) and lost it
 *   publishes nothing stale over its successor's news.
 * - **What is watched.** Each replica adds the logins its streams watch to
 *   the sorted set `watching`, scored by the time, again every few seconds
 *   while a stream watches them. The poller asks for those said within the
 *   linger, and drops the others: a login whose last stream closed (or whose
 *   replica died) is forgotten after the linger, as on one process.
 * - **What it found.** The poller adds its events to the Redis stream
 *   `events` (capped), each numbered; every replica, the poller's too, reads
 *   it and publishes each event to its own feed under the id Redis gave it,
 *   so a browser's `Last-Event-ID` resumes on whichever replica it reaches.
 *   A replica that finds a number missing (it fell behind the cap, Redis
 *   restarted) starts its feed and board afresh and asks for every state its
 *   streams watch. A stream that needs a state the replica's board lacks adds
 *   to the stream `asks`, which the poller answers before its next round. A
 *   new poller starts from the states the streams were told (its board), so
 *   only what changed is news.
 * - **Clocks.** Each event carries when it was published by the poller's
 *   clock; a replica turns its times into its own clock by that difference,
 *   so replicas' clocks need not agree for ages and staleness.
 */
import { once } from 'node:events';
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
/** Asks kept: a poller reads them within a second. */
const ASKS_LENGTH = 1000;
/** Entries read at once, and how long a read waits for one, ms. */
const READ_COUNT = 1000;
const READ_BLOCK_MS = 1000;
/** Logins per ZADD. */
const CHUNK = 1000;
/** The longest gap between two sayings that a stream still watches a login, ms. */
const REFRESH_MAX_MS = 10_000;

/** Takes the lease if free, renews it if ours: 1 when this replica holds it now. */
const LEASE_SCRIPT = `local holder = redis.call('get', KEYS[1])
if holder == ARGV[1] then redis.call('pexpire', KEYS[1], ARGV[2]) return 1 end
if not holder then redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
return 0`;
const RELEASE_SCRIPT = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
/** Adds an event, numbered, while this replica holds the lease; nil when it does not. */
const PUBLISH_SCRIPT = `if redis.call('get', KEYS[1]) ~= ARGV[1] then return false end
local n = redis.call('incr', KEYS[3])
return redis.call('xadd', KEYS[2], 'MAXLEN', '~', ARGV[2], '*', 'n', n, 'e', ARGV[3])`;

/** An event as it travels through Redis: with when the poller published it (its clock). */
type Relayed = NewFeedEvent & { sentAt: number };

/** A stream's request to the poller: these logins' states, now. */
interface Ask {
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

/** A reply's field `name` (Redis answers a stream entry's fields as a flat list). */
const fieldOf = (fields: string[], name: string) => {
  const at = fields.indexOf(name);
  return at >= 0 && at % 2 === 0 ? fields[at + 1] : undefined;
};

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
  const ready = () => redis.status === 'ready';

  /** Publishes an event if this replica still holds the lease: whether it did. */
  const publish = async (event: NewFeedEvent): Promise<boolean> => {
    try {
      const id = await redis.eval(PUBLISH_SCRIPT, 3, keys.pollerLease, keys.events, keys.eventCount, replica, String(STREAM_LENGTH), JSON.stringify({ ...event, sentAt: now() }));
      return id !== null;
    } catch (error) {
      onError(error);
      return false;
    }
  };

  const member = (servicekey: string, login: string) => JSON.stringify([servicekey, login]);
  const sayWatched = (watched: LoginsByProcess) => {
    if (!ready()) return;
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

  const poller = new AgentPoller({ ask, publish, watched: watchedEverywhere, intervalMs, now, onError });

  // The lease: taken, renewed, lost, given back; one try at a time.
  let renewedAt = -Infinity;
  let trying: Promise<void> | undefined;
  const take = (held: boolean) => {
    if (held === poller.started) return;
    if (held) poller.start(board.entries());
    else poller.pause();
    log(held ? `gateway: this replica (${replica}) now polls Jodo for the event streams` : `gateway: this replica (${replica}) no longer polls Jodo for the event streams`);
    options.onLease?.(held);
  };
  async function tryLease(): Promise<void> {
    if (ready()) {
      try {
        const at = now();
        const held = Number(await redis.eval(LEASE_SCRIPT, 1, keys.pollerLease, replica, String(leaseMs))) === 1;
        if (held) renewedAt = at;
        if (!closed) take(held);
      } catch (error) {
        onError(error);
      }
    }
    // Unrenewed for as long as it lasts, the lease may be another's by now.
    if (poller.started && now() - renewedAt >= leaseMs) take(false);
  }
  const tick = () => {
    trying ??= tryLease().finally(() => (trying = undefined));
  };
  const leaseTimer = setInterval(tick, Math.max(1, Math.floor(intervalMs / 2)));
  leaseTimer.unref();
  // The first try as soon as Redis answers, not half an interval later.
  if (ready()) tick();
  else redis.once('ready', tick);

  const refreshTimer = setInterval(() => sayWatched(mine.current()), refreshMs);
  refreshTimer.unref();

  /** Asks the poller for the states this replica's streams watch and its board lacks. */
  const askMissing = (servicekey: string, logins: readonly string[]) => {
    const missing = logins.filter((login) => !board.current(servicekey, login));
    if (missing.length && ready()) void redis.xadd(keys.asks, 'MAXLEN', '~', String(ASKS_LENGTH), '*', 'e', JSON.stringify({ servicekey, logins: missing } satisfies Ask)).catch(onError);
  };
  const askAllMissing = () => {
    for (const [servicekey, logins] of mine.current()) askMissing(servicekey, logins);
  };
  // Whenever Redis comes (back): what this replica's streams watch is said at once, not at the next refresh, and
  // the states they lack asked for (while it was away, nothing could be).
  redis.on('ready', () => {
    sayWatched(mine.current());
    askAllMissing();
  });

  // Every replica relays the Redis stream to its feed.
  const reader = redis.duplicate({ connectionName: 'jodo-gateway-events', commandTimeout: READ_BLOCK_MS + 2000 });
  reader.on('error', () => undefined);
  let lastNumber: number | undefined;
  const hear = (id: string, fields: string[]) => {
    let event: Relayed;
    try {
      event = JSON.parse(fieldOf(fields, 'e') ?? '') as Relayed;
    } catch {
      return;
    }
    const number = Number(fieldOf(fields, 'n'));
    if (lastNumber !== undefined && number !== lastNumber + 1) {
      // Events missed (fallen behind the cap, or Redis restarted): nothing known here can be vouched for.
      log('gateway: event stream relay missed events; its states are asked for again');
      feed.restart();
      board.clear();
      askAllMissing();
    }
    lastNumber = number;
    const { sentAt, ...published } = event;
    const shift = now() - sentAt;
    feed.publish('polledAt' in published ? { ...published, polledAt: published.polledAt + shift } : published, id);
  };
  const relayed = (async () => {
    let lastEvent: string | undefined;
    let lastAsk: string | undefined;
    while (!closed) {
      try {
        if (reader.status !== 'ready') await Promise.race([once(reader, 'ready'), sleep(READ_BLOCK_MS)]);
        if (closed) break;
        if (lastEvent === undefined || lastAsk === undefined) {
          // From the streams' ends as they stand once Redis answers: what streams opened before then missed is asked for again.
          const [events, asks] = await Promise.all([reader.xrevrange(keys.events, '+', '-', 'COUNT', 1), reader.xrevrange(keys.asks, '+', '-', 'COUNT', 1)]);
          lastEvent = events[0]?.[0] ?? '0-0';
          lastAsk = asks[0]?.[0] ?? '0-0';
          lastNumber = events[0] ? Number(fieldOf(events[0][1], 'n')) : undefined;
          askAllMissing();
        }
        const reply = await reader.xread('COUNT', READ_COUNT, 'BLOCK', READ_BLOCK_MS, 'STREAMS', keys.events, keys.asks, lastEvent, lastAsk);
        for (const [stream, entries] of reply ?? []) {
          for (const [id, fields] of entries) {
            if (stream === keys.events) {
              lastEvent = id;
              hear(id, fields);
            } else {
              lastAsk = id;
              try {
                const { servicekey, logins } = JSON.parse(fieldOf(fields, 'e') ?? '') as Ask;
                poller.askSoon(servicekey, logins);
              } catch {
                // Not ours: skipped.
              }
            }
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
        await trying;
        if (poller.started) take(false);
        // Given back (if it is ours), the next replica polls at its next try instead of once the lease runs out.
        await redis.eval(RELEASE_SCRIPT, 1, keys.pollerLease, replica).catch(() => undefined);
        reader.disconnect();
        await relayed;
      })();
      return closing;
    },
  };
}
