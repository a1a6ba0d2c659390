/**
 * The gateway's two store engines, through the one interface: SQLite (a file
 * in the process) and Redis (a real redis-server). Where replicas must agree
 * (sessions ended, keys reserved, limits counted), two stores on the same
 * Redis stand for two replicas.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { Idempotency } from '../../../src/server/gateway/idempotency.js';
import type { Identity } from '../../../src/server/gateway/identity.js';
import { openRedisState } from '../../../src/server/gateway/state/redis-state.js';
import { openSqliteState } from '../../../src/server/gateway/state/sqlite-state.js';
import { StoreUnavailable, type GatewayState } from '../../../src/server/gateway/state/state.js';
import { startRedis, type RunningRedis } from '../../helpers/redis-server.js';

const SECRET = Buffer.from('a-test-secret-of-at-least-thirty-two-characters');
const AGENT: Identity = { login: 'user1', role: 'agent', servicekeys: ['VoiceProcess'], team: [] };
const TIMES = { ttlMs: 9 * 3600_000, idleMs: 30 * 60_000 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The store once it answers (a Redis store refuses commands until its connection is up). */
async function connected(state: GatewayState): Promise<GatewayState> {
  assert.ok(await state.ready(5000), 'the store answers');
  return state;
}

/** A clock that runs with the real one and can be moved on. */
function clock() {
  let offset = 0;
  return { now: () => Date.now() + offset, advance: (ms: number) => void (offset += ms) };
}

interface Engine {
  name: string;
  /** A store as one replica opens it (two calls: two replicas on the same data), once it is connected. */
  open(now?: () => number): Promise<GatewayState>;
}

let redis: RunningRedis;
let folder: string;
let prefixes = 0;
before(async () => {
  redis = await startRedis();
  folder = mkdtempSync(join(tmpdir(), 'jodo-state-'));
});
after(async () => {
  await redis.stop();
  rmSync(folder, { recursive: true, force: true });
});

const engines: Engine[] = [
  { name: 'SQLite', open: async (now) => openSqliteState({ file: join(folder, 'gateway.db'), times: TIMES, secret: SECRET, ...(now ? { now } : {}) }) },
  { name: 'Redis', open: (now) => connected(openRedisState({ url: redis.url, times: TIMES, secret: SECRET, prefix: `test${prefixes}:`, ...(now ? { now } : {}) })) },
];

for (const engine of engines) {
  describe(`the ${engine.name} store`, () => {
    const opened: GatewayState[] = [];
    const open = async (now?: () => number) => {
      const state = await engine.open(now);
      opened.push(state);
      return state;
    };
    before(() => void prefixes++);
    after(async () => {
      for (const state of opened.splice(0)) await state.close();
    });

    test('a session is found until it is signed out, idle too long or past its end', async () => {
      const time = clock();
      const store = (await open(time.now)).sessions;
      const id = await store.create(AGENT);
      assert.deepEqual(await store.find(id), AGENT);
      assert.ok(Object.isFrozen(await store.find(id)), 'nothing downstream may widen a session');
      assert.equal(await store.find(id.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))), undefined, 'another id');
      assert.equal(await store.find('not an id'), undefined);
      await store.end(id);
      assert.equal(await store.find(id), undefined, 'signed out');

      const idle = await store.create(AGENT);
      time.advance(TIMES.idleMs - 60_000);
      assert.ok(await store.find(idle), 'used within the idle timeout');
      time.advance(TIMES.idleMs - 60_000);
      assert.ok(await store.find(idle), 'the last use moves the timeout on');
      time.advance(TIMES.idleMs + 1);
      assert.equal(await store.find(idle), undefined, 'idle too long');

      const old = await store.create(AGENT);
      for (let used = 0; used < TIMES.ttlMs; used += TIMES.idleMs / 2) {
        time.advance(TIMES.idleMs / 2);
        if (used + TIMES.idleMs / 2 < TIMES.ttlMs) assert.ok(await store.find(old));
      }
      assert.equal(await store.find(old), undefined, 'past its end, however busy');
    });

    test('ending all of a user\u2019s sessions, and a role change, hold for every replica', async () => {
      const [one, two] = [(await open()).sessions, (await open()).sessions];
      const user = { ...AGENT, login: 'replica.user' };
      const ids = [await one.create(user), await two.create({ ...user, login: 'REPLICA.user' })];
      const other = await one.create({ ...AGENT, login: 'user2' });
      for (const id of ids) assert.ok(await two.find(id));
      assert.equal(await one.updateUser({ ...user, role: 'supervisor', team: ['user2'] }), 2);
      // The SQLite engine's other connection looks for changes at most every 250 ms.
      if (engine.name === 'SQLite') await sleep(300);
      for (const id of ids) assert.equal((await two.find(id))?.role, 'supervisor');
      assert.equal(await one.endAllOf(' Replica.User'), 2, 'logins compare as Jodo compares them');
      if (engine.name === 'SQLite') await sleep(300);
      for (const id of ids) assert.equal(await two.find(id), undefined);
      assert.ok(await two.find(other), 'another user\u2019s session stays');
      assert.ok((await two.active()) >= 1);
    });

    test('an idempotency key is reserved once across replicas, given back on failure, and kept with its answer', async () => {
      const [one, two] = [(await open()).answers, (await open()).answers];
      const key = `key-${Date.now()}`;
      const first = await one.reserve('user1', key, 'fp-a', 10_000);
      assert.equal(first.state, 'reserved');
      const meanwhile = await two.reserve('user1', key, 'fp-a', 10_000);
      assert.equal(meanwhile.state, 'in-flight');
      assert.ok(meanwhile.state === 'in-flight' && meanwhile.retryAfterMs > 0 && meanwhile.retryAfterMs <= 10_000);
      assert.equal((await two.reserve('user2', key, 'fp-a', 10_000)).state, 'reserved', 'keys are per user');
      if (first.state !== 'reserved') return;
      await one.release('user1', key, 'not-the-token');
      assert.equal((await two.reserve('user1', key, 'fp-a', 10_000)).state, 'in-flight', 'only the holder gives a key back');
      await one.release('user1', key, first.token);
      const retry = await two.reserve('user1', key, 'fp-a', 10_000);
      assert.equal(retry.state, 'reserved', 'a released key can be taken again');
      if (retry.state !== 'reserved') return;
      await two.complete('user1', key, retry.token, 'fp-a', '{"status":3}', 60_000);
      assert.deepEqual(await one.reserve('user1', key, 'fp-b', 10_000), { state: 'answered', fingerprint: 'fp-a', answer: '{"status":3}' });
    });

    test('a reservation whose holder died runs out with its lease', async () => {
      const store = (await open()).answers;
      const key = `lease-${Date.now()}`;
      assert.equal((await store.reserve('user1', key, 'fp', 300)).state, 'reserved');
      assert.equal((await store.reserve('user1', key, 'fp', 300)).state, 'in-flight');
      await sleep(450);
      assert.equal((await store.reserve('user1', key, 'fp', 300)).state, 'reserved');
    });

    test('a reservation renewed by its live request outlasts its lease; renewed by another request, it does not', async () => {
      const store = (await open()).answers;
      const key = `renew-${Date.now()}`;
      const reserved = await store.reserve('user1', key, 'fp', 300);
      assert.equal(reserved.state, 'reserved');
      if (reserved.state !== 'reserved') return;
      await sleep(200);
      await store.renew('user1', key, 'another-token', 300);
      await store.renew('user1', key, reserved.token, 300);
      await sleep(200);
      assert.equal((await store.reserve('user1', key, 'fp', 300)).state, 'in-flight', 'renewed: 400 ms after a lease of 300');
      await sleep(250);
      assert.equal((await store.reserve('user1', key, 'fp', 300)).state, 'reserved', 'no renewal since: it ran out');
    });

    test('a write that takes longer than the lease is not sent twice: its reservation is renewed while it lasts', async () => {
      const replicas = [await open(), await open()].map((state) => new Idempotency({ answers: state.answers, secret: state.secret, leaseMs: 300 }));
      let sent = 0;
      const slow = async () => {
        sent++;
        await sleep(1000);
        return '{"status":1}';
      };
      const request = { method: 'ImportProcessData', data: [{ mobilenumber: '9000000001' }] };
      const key = `slow-${Date.now()}`;
      const first = replicas[0]!.once('user1', key, request, slow);
      await sleep(700);
      // 700 ms after a lease of 300 ms, the first is still sending: the key is still its own.
      const repeat = await replicas[1]!.once('user1', key, request, slow);
      assert.ok('conflict' in repeat && repeat.conflict === 'in-flight' && repeat.retryAfterMs > 0 && repeat.retryAfterMs <= 300, JSON.stringify(repeat));
      assert.deepEqual(await first, { answer: '{"status":1}', replayed: false });
      assert.equal(sent, 1);
    });

    test('writes sent at once to two replicas with the same key reach Jodo once', async () => {
      const replicas = [await open(), await open()].map((state) => new Idempotency({ answers: state.answers, secret: state.secret, leaseMs: 10_000 }));
      let sent = 0;
      const send = async () => {
        sent++;
        await sleep(100);
        return '{"status":3}';
      };
      const request = { method: 'saveDisposition', login: 'user1', dispomasterid: 1 };
      const key = `same-${Date.now()}`;
      const outcomes = await Promise.all(Array.from({ length: 10 }, (_, i) => replicas[i % 2]!.once('user1', key, request, send)));
      assert.equal(sent, 1);
      for (const outcome of outcomes) {
        assert.ok('answer' in outcome ? outcome.answer === '{"status":3}' : outcome.conflict === 'in-flight', JSON.stringify(outcome));
      }
      assert.equal(outcomes.filter((o) => 'answer' in o && !o.replayed).length, 1);
    });

    test('a rate limit counts every replica\u2019s requests together', async () => {
      const name = `limit-${Date.now()}`;
      const limiters = [await open(), await open()].map((state) => state.rateLimiter({ name, points: 5, durationSeconds: 60 }));
      let allowed = 0;
      for (let i = 0; i < 10; i++) {
        const outcome = await limiters[i % 2]!.consume('user1').catch((rejection: unknown) => rejection);
        if (outcome instanceof RateLimiterRes && outcome.remainingPoints >= 0 && outcome.consumedPoints <= 5) allowed++;
      }
      // SQLite counts per process: one gateway process is all it serves.
      assert.equal(allowed, engine.name === 'Redis' ? 5 : 10);
    });
  });
}

describe('the Redis store when Redis goes away', () => {
  test('requests fail at once with StoreUnavailable, and the store serves again soon after Redis returns', async () => {
    const state = await connected(openRedisState({ url: redis.url, times: TIMES, secret: SECRET, prefix: 'outage:' }));
    try {
      const id = await state.sessions.create(AGENT);
      await redis.kill();
      const started = Date.now();
      for (const attempt of [() => state.sessions.find(id), () => state.answers.reserve('user1', 'k-outage', 'fp', 1000), () => state.ping()]) {
        await assert.rejects(Promise.resolve(attempt()), StoreUnavailable);
      }
      assert.ok(Date.now() - started < 5000, 'no request waits for Redis to come back');
      const limiter = state.rateLimiter({ name: 'outage', points: 2, durationSeconds: 60 });
      await limiter.consume('user1'); // the limiter in memory stands in
      await redis.restart();
      const back = Date.now();
      for (;;) {
        try {
          await state.ping();
          break;
        } catch {
          assert.ok(Date.now() - back < 5000, 'serving again within 5 s');
          await sleep(100);
        }
      }
      // Redis restarted empty: the session is gone, and saying so is not an outage.
      assert.equal(await state.sessions.find(id), undefined);
    } finally {
      await state.close();
    }
  });
});
