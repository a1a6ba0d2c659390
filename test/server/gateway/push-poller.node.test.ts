// The push side's parts on their own (issue 20): the feed's history and ids, and the one poller of agent
// states, against a Jodo that answers as the document's userStatus does.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_IDS } from '../../../src/api/limits.js';
import { AgentPoller } from '../../../src/server/gateway/push/agent-poller.js';
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
  return {
    asked,
    fail: (on: boolean) => (failing = on),
    ask: async (servicekey: string, loginids: string[]) => {
      asked.push({ servicekey, loginids });
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
    // At least 3 kept: from the fourth on it can resume; from the first, some were dropped.
    assert.deepEqual(feed.since(published[2]!.id)?.map((e) => e.polledAt), [4, 5, 6]);
    assert.deepEqual(feed.since(feed.lastId), []);
    assert.equal(feed.since(first), undefined, 'events were dropped since then');
    assert.equal(feed.since('another-process-3'), undefined, 'another process (or a restart) numbered that one');
    assert.equal(feed.since(first.replace(/\d+$/, '99')), undefined, 'an id from the future');
    assert.equal(feed.since('garbage'), undefined);
  });

  it('tells its listeners of each event until they stop', () => {
    const feed = new StatusFeed();
    const heard: FeedEvent[] = [];
    const stop = feed.subscribe((e) => heard.push(e));
    feed.publish({ kind: 'polled', servicekey: 'P', polledAt: 1 });
    stop();
    feed.publish({ kind: 'polled', servicekey: 'P', polledAt: 2 });
    assert.deepEqual(heard.map((e) => e.polledAt), [1]);
  });
});

describe('the agent poller', () => {
  it('asks once per round for every login watched in a process, whoever watches them, in batches of at most MAX_IDS', async () => {
    const logins = Array.from({ length: MAX_IDS + 5 }, (_, i) => `agent${i}`);
    const jodo = fakeJodo(new Map(logins.map((login) => [login, 1])));
    const feed = new StatusFeed();
    const heard: FeedEvent[] = [];
    feed.subscribe((e) => heard.push(e));
    const poller = new AgentPoller({ ask: jodo.ask, feed, intervalMs: 40 });
    const stops = [poller.watch('P', logins), poller.watch('P', ['AGENT1', 'agent2']), poller.watch('Q', ['agent3'])];
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
      poller.stop();
    }
  });

  it('publishes a change once, the end of each round, and a round Jodo did not answer as a problem', async () => {
    const states = new Map([['user1', 1]]);
    const jodo = fakeJodo(states);
    const feed = new StatusFeed();
    const heard: FeedEvent[] = [];
    feed.subscribe((e) => heard.push(e));
    const poller = new AgentPoller({ ask: jodo.ask, feed, intervalMs: 30 });
    const stop = poller.watch('P', ['user1']);
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
      assert.equal(poller.current('P', 'USER1')?.agent.state, 5, 'the last good state stays known');
    } finally {
      stop();
      poller.stop();
    }
  });

  it('keeps asking for a login a little after its last watcher left, then stops altogether', async () => {
    const jodo = fakeJodo(new Map([['user1', 1]]));
    const poller = new AgentPoller({ ask: jodo.ask, feed: new StatusFeed(), intervalMs: 20, lingerMs: 1000 });
    const stop = poller.watch('P', ['user1']);
    await until(() => jodo.asked.length >= 2, 'two rounds');
    stop();
    stop(); // twice is once
    const left = jodo.asked.length;
    await until(() => jodo.asked.length > left, 'still asked for a while (a browser reconnecting is owed what changed)');
    await until(() => poller.size === 0, 'forgotten after a second');
    const settled = jodo.asked.length;
    await pause(100);
    assert.equal(jodo.asked.length, settled, 'nothing runs while nobody watches');
    poller.stop();
  });
});
