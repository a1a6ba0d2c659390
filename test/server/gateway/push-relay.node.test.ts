// The Redis relay of the event streams (redis-push.ts) in this process, on a real redis-server, against a Jodo
// that answers as the document's userStatus does: one poller between two hubs, what a hub does when it finds
// events missing, and what a poller does when Redis refuses what it publishes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { redisPush } from '../../../src/server/gateway/push/redis-push.js';
import { redisKeys } from '../../../src/server/gateway/state/redis-keys.js';
import { startRedis, type RunningRedis } from '../../helpers/redis-server.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(done: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await pause(10);
  }
}

/** A Jodo whose agents are in the states given, counting what it is asked. */
function fakeJodo(states: Map<string, number>) {
  const asked: string[][] = [];
  return {
    asked,
    ask: async (_servicekey: string, loginids: string[]) => {
      asked.push(loginids);
      const statusdata = loginids.map((login) => ({ login, status: 3, currentstatus: states.get(login) ?? 1, duration: 1, statuschangetime: `t${states.get(login) ?? 1}` }));
      return { status: 200, text: JSON.stringify({ statuscode: '001', timestamp: '2026-12-05 10:00:00', statusdata }) };
    },
  };
}

describe('the event streams relayed through Redis', () => {
  let redis: RunningRedis;
  const clients: Redis[] = [];
  const client = () => {
    const made = new Redis(redis.url, { enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    clients.push(made);
    return made;
  };
  before(async () => {
    redis = await startRedis();
  });
  after(async () => {
    for (const made of clients) made.disconnect();
    await redis.stop();
  });

  it('a hub that finds events missing starts its feed and board afresh and asks for its states again', async () => {
    const keys = redisKeys('jodo:relay-gap:');
    const jodo = fakeJodo(new Map([['user1', 1]]));
    const lines: string[] = [];
    const hub = redisPush({ ask: jodo.ask, intervalMs: 100, now: Date.now, redis: { client: client(), keys }, log: (line) => lines.push(line), onError: () => undefined });
    const stop = hub.watch('P', ['user1']);
    try {
      await until(() => hub.board.current('P', 'user1') !== undefined, 'the first state');
      await until(() => hub.feed.lastId.includes('-') && hub.feed.since(hub.feed.lastId) !== undefined, 'an id to resume from');
      const resumable = hub.feed.lastId;
      // An event numbered past the next (as when a reader falls behind the stream's cap).
      const raw = client();
      await until(() => raw.status === 'ready', 'a connection');
      const count = Number(await raw.get(keys.eventCount));
      await raw.xadd(keys.events, '*', 'n', String(count + 5), 'e', JSON.stringify({ kind: 'polled', servicekey: 'Q', polledAt: Date.now(), sentAt: Date.now() }));
      await until(() => lines.some((line) => /missed events/.test(line)), 'the gap noticed');
      assert.equal(hub.feed.since(resumable), undefined, 'no id from before the gap resumes: a browser gets the current states');
      await until(() => hub.board.current('P', 'user1') !== undefined, 'the state asked for again and told');
    } finally {
      stop();
      await hub.close();
    }
  });

  it('two hubs: one polls for both; what the other watches is asked for at once and reaches it', async () => {
    const keys = redisKeys('jodo:relay-two:');
    const jodo = fakeJodo(new Map([['user1', 1], ['user2', 5]]));
    const leases: boolean[] = [];
    const hubs = [0, 1].map(() => redisPush({ ask: jodo.ask, intervalMs: 5000, now: Date.now, redis: { client: client(), keys }, log: () => undefined, onError: () => undefined, onLease: (held) => leases.push(held) }));
    const stops = [hubs[0]!.watch('P', ['user1']), hubs[1]!.watch('P', ['user2'])];
    try {
      // The interval is long: the states come by the streams' asks, not by a round.
      await until(() => hubs.every((hub) => hub.board.current('P', 'user1') && hub.board.current('P', 'user2')), 'both states on both hubs', 4000);
      assert.equal(hubs[1]!.board.current('P', 'user2')?.agent.state, 5);
      assert.deepEqual(leases, [true], 'one hub took the lease');
    } finally {
      for (const stop of stops) stop();
      await Promise.all(hubs.map((hub) => hub.close()));
    }
  });
});
