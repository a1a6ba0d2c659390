// The push side's parts on their own (issue 20): the feed's history and ids, the board of current states, and
// the one poller of agent states (through the one-process hub), against a Jodo that answers as the document's
// userStatus does.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_IDS } from '../../../src/api/limits.js';
import { AgentPoller } from '../../../src/server/gateway/push/agent-poller.js';
import { localPush } from '../../../src/server/gateway/push/push-hub.js';
import { StatusBoard } from '../../../src/server/gateway/push/status-board.js';
import { StatusFeed, type FeedEvent } from '../../../src/server/gateway/push/status-feed.js';
import { Refusal } from '../../../src/server/gateway/refusal.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Waits for `done` (checked every few ms), failing after `ms`: rounds run on timers, late under load. */
async function until(done: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await pause(5);
  }
}

/** A Jodo whose agents are in the states given, answering userStatus as the document shows it. */
function fakeJodo(states: Map<string, number>) {
  const asked: { servicekey: string; loginids: string[] }[] = [];
  let failing = false;
  /** Processes whose answers take this long, ms. */
  const slow = new Map<string, number>();
  return {
    asked,
    slow,
    fail: (on: boolean) => (failing = on),
    ask: async (servicekey: string, loginids: string[]) => {
      asked.push({ servicekey, loginids });
      if (slow.has(servicekey)) await pause(slow.get(servicekey)!);
      if (failing) throw new Refusal(9504, undefined, 504);
      const statusdata = loginids.map((login) =>
        states.has(login.toLowerCase())
          ? { login, status: 3, currentstatus: states.get(login.toLowerCase()), duration: 5, statuschangetime: `t${states.get(login.toLowerCase())}` }
          : { login, status: 418, statusdesc: 'loginid not exists' },
      );
      return { status: 200, text: JSON.stringify({ statuscode: '001', timestamp: '2026-12-05 10:00:00', statusdata }) };
    },
  };
}

describe('the status feed', () => {
  it('gives every event after an id it issued, and nothing it cannot vouch for', () => {
    const feed = new StatusFeed(3);
    const first = feed.lastId;
    const published = [1, 2, 3, 4, 5, 6].map((n) => feed.publish({ kind: 'polled', servicekey: 'P', polledAt: n }));
    const times = (events: FeedEvent[] | undefined) => events?.map((e) => (e.kind === 'polled' ? e.polledAt : 0));
    // At least 3 kept: from the fourth on it can resume; from the first, some were dropped.
    assert.deepEqual(times(feed.since(published[2]!.id)), [4, 5, 6]);
    assert.deepEqual(feed.since(feed.lastId), []);
    assert.equal(feed.since(first), undefined, 'events were dropped since then');
    assert.equal(feed.since('another-process-3'), undefined, 'another process (or a restart) numbered that one');
    assert.equal(feed.since(first.replace(/\d+$/, '99')), undefined, 'an id from the future');
    assert.equal(feed.since('garbage'), undefined);
  });

  it("keeps a relay's ids (Redis's, on replicas), resuming from any it still holds", () => {
    const feed = new StatusFeed(2);
    const start = feed.lastId;
    for (const n of [1, 2, 3]) feed.publish({ kind: 'polled', servicekey: 'P', polledAt: n }, `170000000000${n}-0`);
    assert.equal(feed.lastId, '1700000000003-0');
    assert.deepEqual(feed.since('1700000000001-0')?.map((e) => e.id), ['1700000000002-0', '1700000000003-0']);
    assert.deepEqual(feed.since(start)?.length, 3, 'nothing dropped yet: whole from the start');
    feed.publish({ kind: 'polled', servicekey: 'P', polledAt: 4 }, '1700000000004-0');
    assert.equal(feed.since(start), undefined, 'the oldest were dropped');
    assert.equal(feed.since('1700000000001-0'), undefined);
    assert.deepEqual(feed.since('1700000000002-0')?.map((e) => e.id), ['1700000000003-0', '1700000000004-0'], 'from just before the oldest kept: whole');
  });

  it('tells its listeners of each event until they stop', () => {
    const feed = new StatusFeed();
    const heard: FeedEvent[] = [];
    const stop = feed.subscribe((e) => heard.push(e));
    feed.publish({ kind: 'polled', servicekey: 'P', polledAt: 1 });
    stop();
    feed.publish({ kind: 'polled', servicekey: 'P', polledAt: 2 });
    assert.deepEqual(heard.map((e) => e.kind === 'polled' && e.polledAt), [1]);
  });
});

describe('the status board', () => {
  const agent = (login: string, state: number) => ({ login, code: 3, state, stateLabel: `s${state}`, description: '', durationSeconds: 1, statusChangeTime: `t${state}` }) as never;

  it('knows each state as fresh as the last round Jodo answered whole, and drops what the poller forgot', () => {
    const feed = new StatusFeed();
    const board = new StatusBoard(feed);
    feed.publish({ kind: 'status', servicekey: 'P', agent: agent('User1', 1), polledAt: 100 });
    assert.equal(board.current('P', 'USER1')?.polledAt, 100);
    assert.equal(board.current('Q', 'user1'), undefined, 'another process');
    feed.publish({ kind: 'polled', servicekey: 'P', polledAt: 200 });
    assert.equal(board.current('P', 'user1')?.polledAt, 200, 'unchanged as of the round');
    feed.publish({ kind: 'polled', servicekey: 'P', polledAt: 300, problem: { kind: 'api', code: 9504, description: 'x', transient: true } });
    assert.equal(board.current('P', 'user1')?.polledAt, 200, 'a round Jodo did not answer vouches for nothing');
    feed.publish({ kind: 'status', servicekey: 'P', agent: agent('user1', 5), polledAt: 350 });
    assert.deepEqual([board.current('P', 'user1')?.agent.state, board.current('P', 'user1')?.polledAt], [5, 350]);
    feed.publish({ kind: 'forgot', servicekey: 'P', logins: ['USER1'] });
    assert.equal(board.current('P', 'user1'), undefined);
    assert.equal(board.size, 0);
  });
});

describe('the agent poller', () => {
  it('asks once per round for every login watched in a process, whoever watches them, in batches of at most MAX_IDS', async () => {
    const logins = Array.from({ length: MAX_IDS + 5 }, (_, i) => `agent${i}`);
    const jodo = fakeJodo(new Map(logins.map((login) => [login, 1])));
    const hub = localPush({ ask: jodo.ask, intervalMs: 40, now: Date.now });
    const heard: FeedEvent[] = [];
    hub.feed.subscribe((e) => heard.push(e));
    const stops = [hub.watch('P', logins), hub.watch('P', ['AGENT1', 'agent2']), hub.watch('Q', ['agent3'])];
    try {
      // Per process: the joined logins first (two requests for P, one for Q), then rounds of two and one.
      await until(() => jodo.asked.filter((a) => a.servicekey === 'P').length >= 6, 'three rounds for P');
      const ofP = jodo.asked.filter((a) => a.servicekey === 'P');
      assert.ok(ofP.every((a) => a.loginids.length <= MAX_IDS));
      assert.equal(new Set(ofP.flatMap((a) => a.loginids)).size, logins.length, 'each login once, as first spelt');
      const statuses = heard.filter((e) => e.kind === 'status');
      assert.equal(statuses.length, logins.length + 1, 'each state once (P and Q), not every round');
    } finally {
      for (const stop of stops) stop();
      await hub.close();
    }
  });

  it('publishes a change once, the end of each round, and a round Jodo did not answer as a problem', async () => {
    const states = new Map([['user1', 1]]);
    const jodo = fakeJodo(states);
    const hub = localPush({ ask: jodo.ask, intervalMs: 30, now: Date.now });
    const heard: FeedEvent[] = [];
    hub.feed.subscribe((e) => heard.push(e));
    const stop = hub.watch('P', ['user1']);
    const seen = (state: number) => heard.some((e) => e.kind === 'status' && e.agent.state === state);
    try {
      await until(() => seen(1), 'the first state');
      states.set('user1', 5);
      await until(() => seen(5), 'the change');
      const rounds = heard.filter((e) => e.kind === 'polled').length;
      await until(() => heard.filter((e) => e.kind === 'polled').length >= rounds + 3, 'three more rounds');
      jodo.fail(true);
      await until(() => heard.some((e) => e.kind === 'polled' && e.problem), 'a round without an answer');
      const statuses = heard.filter((e) => e.kind === 'status').map((e) => (e.kind === 'status' ? e.agent.state : 0));
      assert.deepEqual(statuses, [1, 5]);
      const problems = heard.filter((e) => e.kind === 'polled' && e.problem);
      assert.ok(problems.length >= 1);
      assert.deepEqual(problems[0]!.kind === 'polled' && problems[0]!.problem, { kind: 'api', code: 9504, description: 'Jodo did not answer in time', transient: true });
      assert.equal(hub.board.current('P', 'USER1')?.agent.state, 5, 'the last good state stays known');
    } finally {
      stop();
      await hub.close();
    }
  });

  it('keeps asking for a login a little after its last watcher left, then stops altogether', async () => {
    const jodo = fakeJodo(new Map([['user1', 1]]));
    const hub = localPush({ ask: jodo.ask, intervalMs: 20, lingerMs: 1000, now: Date.now });
    const forgot: FeedEvent[] = [];
    hub.feed.subscribe((e) => e.kind === 'forgot' && forgot.push(e));
    const stop = hub.watch('P', ['user1']);
    await until(() => jodo.asked.length >= 2, 'two rounds');
    stop();
    stop(); // twice is once
    const left = jodo.asked.length;
    await until(() => jodo.asked.length > left, 'still asked for a while (a browser reconnecting is owed what changed)');
    await until(() => forgot.length > 0, 'forgotten after a second');
    assert.equal(hub.board.current('P', 'user1'), undefined, 'a state nobody keeps fresh is not current');
    const settled = jodo.asked.length;
    await pause(100);
    assert.equal(jodo.asked.length, settled, 'Jodo is not asked while nobody watches');
    await hub.close();
  });

  it("asks for each process apart: one process's slow answers hold up none of another's rounds", async () => {
    const jodo = fakeJodo(new Map([['user1', 1], ['user2', 1]]));
    jodo.slow.set('SLOW', 1500);
    const hub = localPush({ ask: jodo.ask, intervalMs: 50, now: Date.now });
    const heard: FeedEvent[] = [];
    hub.feed.subscribe((e) => heard.push(e));
    const stops = [hub.watch('SLOW', ['user1']), hub.watch('P', ['user2'])];
    try {
      await until(() => heard.filter((e) => e.kind === 'polled' && e.servicekey === 'P').length >= 4, "four of P's rounds end", 1400);
      assert.equal(heard.filter((e) => e.kind === 'polled' && e.servicekey === 'SLOW').length, 0, "SLOW's first round is still being answered");
      const askedOfSlow = jodo.asked.filter((a) => a.servicekey === 'SLOW').length;
      await until(() => heard.some((e) => e.kind === 'polled' && e.servicekey === 'SLOW'), "SLOW's round ends", 3000);
      // Once for the new stream, at once, and once by the first round: not again by every round while awaited.
      assert.equal(askedOfSlow, 2, 'SLOW was not asked again while its answers were awaited');
    } finally {
      for (const stop of stops) stop();
      await hub.close();
    }
  });
  
  it('a replica that takes the lease answers what it heard asked just before, not what was asked an interval ago', async () => {
    const jodo = fakeJodo(new Map([['user1', 1], ['user2', 2]]));
    let clock = 1_000_000;
    const published: string[] = [];
    // Nothing watched in its rounds: whatever it asks for, it asks because a replica asked for it.
    const poller = new AgentPoller({ ask: jodo.ask, publish: (e) => void (e.kind === 'status' && published.push(e.agent.login)), watched: () => new Map(), intervalMs: 60_000, now: () => clock });
    poller.askSoon('P', ['user1']);
    clock += 60_001;
    poller.askSoon('P', ['user2']); // heard while another replica held the lease
    poller.start();
    try {
      await until(() => published.includes('user2'), 'the state asked for just before the lease was taken', 2000);
      await pause(300);
      assert.deepEqual(jodo.asked.map((a) => a.loginids), [['user2']], 'the ask from an interval ago is dropped');
    } finally {
      poller.pause();
    }
  });

  it('asks at once for a login a new stream watches that nobody watched, and gives its state even when unchanged', async () => {
    const jodo = fakeJodo(new Map([['user1', 1]]));
    const hub = localPush({ ask: jodo.ask, intervalMs: 60_000, now: Date.now });
    const heard: FeedEvent[] = [];
    hub.feed.subscribe((e) => heard.push(e));
    const stop = hub.watch('P', ['user1']);
    try {
      // The first round runs at start; the login came after it: asked for within a quarter of a second, not a minute.
      await until(() => hub.board.current('P', 'user1') !== undefined, 'the state', 2000);
      assert.equal(heard.filter((e) => e.kind === 'status').length, 1);
    } finally {
      stop();
      await hub.close();
    }
  });
});
