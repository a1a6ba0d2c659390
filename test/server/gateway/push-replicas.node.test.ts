/**
 * Push on replicas (issue 20): two gateway CLI processes on one real Redis,
 * in front of one sandbox CLI. One replica polls Jodo for the streams of
 * both; killed while it holds the lease, the other takes over within two
 * intervals, and no stream ever shows a state that is not the sandbox's
 * latest in its turn; a browser whose replica died resumes on the other with
 * its Last-Event-ID and misses no change.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { readEvents, stateOf, type SseEvent } from '../../helpers/event-stream.js';
import { startGatewayCli, type RunningGatewayCli } from '../../helpers/gateway-cli.js';
import { startRedis, type RunningRedis } from '../../helpers/redis-server.js';
import { startSandboxCli, type RunningSandboxCli } from '../../helpers/sandbox-cli.js';

const SECRET = 'replicas-share-this-secret-0123456789';
const INTERVAL_MS = 500;
const POLLING = /gateway: this replica \((\S+)\) now polls Jodo for the event streams/;
const LEASE_KEY = 'jodo:gw:poller-lease';

/** The demo sign-in: the session cookie to send (sessions are in Redis: good on either replica). */
async function signIn(base: string, login: string): Promise<string> {
  const response = await fetch(`${base}/session`, { method: 'POST', body: new URLSearchParams({ login }), redirect: 'manual' });
  assert.equal(response.status, 303, await response.text());
  return response.headers.get('set-cookie')!.split(';')[0]!;
}

/** When (ms since the epoch, by its log) the replica first said it took the poller's lease, if it did. */
function leaseTakenAt(replica: RunningGatewayCli): number | undefined {
  for (const line of replica.stdout().split('\n')) {
    if (POLLING.test(line)) return (JSON.parse(line) as { time: number }).time;
  }
  return undefined;
}

/** The id the replica holds the lease under (from its log line). */
const leaseHolderId = (replica: RunningGatewayCli) => POLLING.exec(replica.stdout())?.[1];

async function until(what: string, ready: () => boolean | Promise<boolean>, withinMs: number): Promise<void> {
  const deadline = performance.now() + withinMs;
  while (!(await ready())) {
    assert.ok(performance.now() < deadline, `${what}: not within ${withinMs} ms`);
    await sleep(20);
  }
}

/** `states` with each run of one state said once. */
const withoutRepeats = (states: number[]) => states.filter((state, i) => state !== states[i - 1]);

const statesOf = (events: SseEvent[], login: string) =>
  events.filter((e) => e.event === 'status' && String((e.data['agent'] as Record<string, unknown>)['login']).toLowerCase() === login).map((e) => (e.data['agent'] as Record<string, unknown>)['state'] as number);

describe('event streams on replicas sharing one Redis', () => {
  const folder = mkdtempSync(join(tmpdir(), 'jodo-push-replicas-'));
  let redis: RunningRedis;
  let sandbox: RunningSandboxCli;
  const replicas: RunningGatewayCli[] = [];

  const startReplica = async () => {
    const replica = await startGatewayCli(['--upstream', sandbox.endpoint, '--redis', redis.url, '--demo-sign-in', '--rate-limit', '10000', '--events-interval', String(INTERVAL_MS / 1000), '--log-level', 'info'], {
      JODO_APIKEY: 'test_org',
      JODO_GATEWAY_SECRET: SECRET,
    });
    replicas.push(replica);
    return replica;
  };
  const setState = (login: string, currentstatus: number) => sandbox.control('/sandbox/agents/state', { login, currentstatus });
  const userStatusRequests = async () => (await sandbox.requests())['userStatus'] ?? 0;
  /** The replica holding the lease, once its log says so (its lines are flushed within a second). */
  async function poller(among: RunningGatewayCli[]): Promise<RunningGatewayCli> {
    await until('a replica takes the lease', () => among.some((replica) => leaseTakenAt(replica) !== undefined), 5000);
    const holders = among.filter((replica) => leaseTakenAt(replica) !== undefined);
    assert.equal(holders.length, 1, 'one replica polls');
    return holders[0]!;
  }

  /** The replica polling now: the last to say it took the lease (one may take it again after losing it). */
  async function pollerNow(among: RunningGatewayCli[]): Promise<RunningGatewayCli> {
    await until('a replica takes the lease', () => among.some((replica) => leaseTakenAt(replica) !== undefined), 5000);
    const client = new Redis(redis.url);
    try {
      const id = await client.get(LEASE_KEY);
      const holder = among.find((replica) => replica.stdout().includes(`this replica (${id}) now polls`));
      assert.ok(holder, 'the lease is held by a replica running');
      return holder;
    } finally {
      client.disconnect();
    }
  }

  before(async () => {
    [redis, sandbox] = await Promise.all([startRedis(), startSandboxCli(join(folder, 'sandbox.db'))]);
    await Promise.all([startReplica(), startReplica()]);
  });

  after(async () => {
    await Promise.all(replicas.map((replica) => replica.stop()));
    await sandbox?.stop();
    await redis?.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  test('one replica asks Jodo for the streams of both: once a round for every watched agent, changes reaching each', async () => {
    const [a, b] = replicas as [RunningGatewayCli, RunningGatewayCli];
    await setState('user1', 1);
    await setState('tanmay.k', 1);
    const onA = await readEvents(`${a.base}/events?logins=user1`, { cookie: await signIn(a.base, 'user1') });
    const onB = await readEvents(`${b.base}/events?logins=tanmay.k,user1`, { cookie: await signIn(b.base, 'user10') });
    try {
      await onA.next(stateOf('user1', 1));
      await onB.next(stateOf('tanmay.k', 1));
      await onB.next(stateOf('user1', 1));
      await poller([a, b]);

      await onB.next((e) => e.event === 'polled', onB.events.length);
      const before = await userStatusRequests();
      const from = onB.events.length;
      await sleep(INTERVAL_MS * 6);
      const asked = (await userStatusRequests()) - before;
      const rounds = onB.events.slice(from).filter((e) => e.event === 'polled').length;
      assert.ok(rounds >= 3, `${rounds} rounds`);
      // One request a round for both replicas' streams (one process), give or take one at either edge of the window.
      assert.ok(asked >= rounds - 1 && asked <= rounds + 1, `Jodo was asked ${asked} times in ${rounds} rounds`);

      const markA = onA.events.length;
      const markB = onB.events.length;
      await setState('user1', 5);
      await onA.next(stateOf('user1', 5), markA);
      await onB.next(stateOf('user1', 5), markB);
      assert.deepEqual([...new Set(onA.events.filter((e) => e.event === 'status').map((e) => (e.data['agent'] as Record<string, unknown>)['login']))], ['user1'], "an agent's stream carries no other agent");
    } finally {
      onA.close();
      onB.close();
    }
  });

  test('the replica holding the lease killed: the other polls within two intervals, no stream shows a wrong state, and a stream resumes there without a gap', async () => {
    const holder = await poller(replicas);
    const other = replicas.find((replica) => replica !== holder)!;
    await setState('user1', 1);
    const cookie = await signIn(other.base, 'user1');
    // A browser on each: the one on the dying replica will come back on the other with its last id.
    const onHolder = await readEvents(`${holder.base}/events?logins=user1`, { cookie });
    const onOther = await readEvents(`${other.base}/events?logins=user1`, { cookie });
    try {
      await onHolder.next(stateOf('user1', 1));
      await onOther.next(stateOf('user1', 1));
      await onHolder.next((e) => e.event === 'polled', onHolder.events.length);
      const lastHeard = onHolder.events.filter((e) => e.id).at(-1)!.id!;

      replicas.splice(replicas.indexOf(holder), 1);
      const killedAt = Date.now();
      await holder.kill();
      onHolder.close();
      // Changes while nobody polls, and after: each shown before the next is made, so none may be missed.
      const sequence = [5, 3, 5];
      for (const state of sequence) {
        const mark = onOther.events.length;
        await setState('user1', state);
        await onOther.next(stateOf('user1', state), mark, 10_000);
      }
      await until('the survivor says it polls', () => leaseTakenAt(other) !== undefined, 3000);
      const takeover = leaseTakenAt(other)! - killedAt;
      assert.ok(takeover <= 2 * INTERVAL_MS + 250, `the lease was taken ${takeover} ms after the kill`);

      // What the survivor's stream showed: exactly the states set, in the order set (a new poller's first round
      // may say the current state again: a repeat, never an older one).
      assert.deepEqual(withoutRepeats(statesOf(onOther.events.slice(onOther.events.findIndex(stateOf('user1', 1))), 'user1')), [1, ...sequence]);

      // The browser of the dead replica resumes on the survivor from its last id: every change since, nothing before.
      const resumed = await readEvents(`${other.base}/events?logins=user1`, { cookie, 'last-event-id': lastHeard });
      try {
        await resumed.next((e) => e.event === 'ready');
        await resumed.next(stateOf('user1', 5));
        assert.ok(resumed.events.filter((e) => e.event === 'status').every((e) => e.id), 'replayed with ids, not a snapshot');
        assert.deepEqual(withoutRepeats(statesOf(resumed.events, 'user1')), sequence, 'every change since its last id, in order');
      } finally {
        resumed.close();
      }
    } finally {
      onHolder.close();
      onOther.close();
    }
  });

  test('the replica holding the lease stalls past it: the other polls, and the stalled one, going on, publishes nothing stale', async () => {
    if (replicas.length < 2) await startReplica();
    const holder = await poller(replicas);
    const other = replicas.find((replica) => replica !== holder)!;
    const takenBefore = leaseTakenAt(other);
    await setState('user1', 1);
    const cookie = await signIn(other.base, 'user1');
    const stream = await readEvents(`${other.base}/events?logins=user1`, { cookie });
    try {
      await stream.next(stateOf('user1', 1));
      await stream.next((e) => e.event === 'polled', stream.events.length);
      // The holder's next request waits a second in Jodo, which then answers the state as it stands (5); the
      // holder stalls before that answer comes, and takes it in only once it goes on.
      await sandbox.control('/sandbox/faults', { method: 'userStatus', delayMs: 1000, times: 1 });
      await setState('user1', 5);
      await sleep(INTERVAL_MS + 100);
      holder.stall();
      await sleep(1200);
      // Meanwhile the agent moved on (3), and the other replica, polling now, says so.
      await setState('user1', 3);
      await stream.next(stateOf('user1', 3), 0, 10_000);
      await until('the other replica polls', () => (leaseTakenAt(other) ?? 0) > (takenBefore ?? 0), 3000);
      const mark = stream.events.length;
      holder.resume();
      // Its answer from before (5) and its timers run now: nothing of it may reach the streams.
      await sleep(INTERVAL_MS * 6);
      const after = statesOf(stream.events.slice(mark), 'user1');
      assert.ok(after.every((state) => state === 3), `after the stalled replica went on: ${JSON.stringify(after)}`);
      const mark2 = stream.events.length;
      await setState('user1', 1);
      await stream.next(stateOf('user1', 1), mark2, 5000);
    } finally {
      holder.resume();
      stream.close();
    }
  });

  test('a replica shutting down gives the lease back: another polls at once', async () => {
    await startReplica();
    const holder = await pollerNow(replicas);
    replicas.splice(replicas.indexOf(holder), 1);
    const holderId = leaseHolderId(holder);
    assert.ok(holderId);
    const stoppedAt = Date.now();
    assert.equal(await holder.stop(), 0);
    const client = new Redis(redis.url);
    try {
      // Given back, not left to run out: right after the exit the lease is no longer the stopped replica's.
      assert.notEqual(await client.get(LEASE_KEY), holderId);
    } finally {
      client.disconnect();
    }
    /** When a replica still running last said it took the lease. */
    const takenAfterStop = () => Math.max(...replicas.flatMap((replica) => replica.stdout().split('\n').filter((line) => POLLING.test(line)).map((line) => (JSON.parse(line) as { time: number }).time)));
    await until('another replica polls', () => takenAfterStop() >= stoppedAt, 3000);
    assert.ok(takenAfterStop() - stoppedAt <= 2 * INTERVAL_MS, `taken ${takenAfterStop() - stoppedAt} ms after the stop`);
  });
});
