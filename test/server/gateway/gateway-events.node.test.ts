// Push, not poll (issue 20): the gateway's event streams over real HTTP, in front of the real sandbox. One
// poller asks Jodo for every watched agent; each stream hears only what its caller may see.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { DEMO_USERS } from '../../../src/server/gateway/demo-users.js';
import { createGateway } from '../../../src/server/gateway/gateway.js';
import { KEY, signIn, startGateway, type RunningGateway } from '../../helpers/gateway-server.js';
import { readEvents, stateOf } from '../../helpers/event-stream.js';
import { eventMessages, linesLogger } from '../../helpers/log-lines.js';
import { startSandbox, type RunningSandbox } from '../../helpers/sandbox-server.js';

/** An event stream of `gateway` read as EventSource reads it. */
const openEvents = (gateway: RunningGateway, cookie: string | undefined, query: string, headers: Record<string, string> = {}) =>
  readEvents(`${gateway.origin}/jodo/events?${query}`, { ...(cookie ? { cookie } : {}), ...headers });

describe('gateway event streams (GET /jodo/events)', () => {
  let sandbox: RunningSandbox;
  let gateway: RunningGateway;
  const INTERVAL = 300;

  before(async () => {
    sandbox = await startSandbox();
    gateway = await startGateway({ upstream: sandbox.endpoint, events: { intervalMs: INTERVAL, limits: { heartbeatMs: 200, perUser: 3 } } });
  });
  after(async () => {
    await gateway.close();
    await sandbox.close();
  });
  beforeEach(async () => {
    await sandbox.control('/sandbox/reset');
  });
  const setState = (login: string, currentstatus: number) => sandbox.control('/sandbox/agents/state', { login, currentstatus });
  const userStatusRequests = async () => ((await (await fetch(`${sandbox.origin}/sandbox/stats`)).json()) as { requests: Record<string, number> }).requests['userStatus'] ?? 0;

  it("streams an agent's own state at once, then each change as the sandbox makes it, with every round's end", async () => {
    await setState('user1', 1);
    const cookie = await signIn(gateway, 'user1');
    // The session's answer tells the page where its stream is (pages of older gateways never hear of one, and poll).
    const me = (await (await fetch(`${gateway.origin}/jodo/session`, { headers: { cookie } })).json()) as Record<string, unknown>;
    assert.equal(me['events'], '/jodo/events');
    const stream = await openEvents(gateway, cookie, 'logins=user1');
    try {
      assert.equal(stream.response.status, 200);
      assert.match(stream.response.headers.get('content-type') ?? '', /^text\/event-stream/);
      assert.equal(stream.response.headers.get('cache-control'), 'no-store');
      const ready = await stream.next((e) => e.event === 'ready');
      assert.deepEqual(ready.data, { logins: ['user1'], intervalMs: INTERVAL });
      const first = await stream.next(stateOf('user1', 1));
      assert.ok(first.id, 'a status event carries an id to resume from');
      assert.equal(typeof first.data['age'], 'number');
      const polled = await stream.next((e) => e.event === 'polled');
      assert.ok(polled.id);
      assert.equal(polled.data['problem'], undefined);

      const mark = stream.events.length;
      await setState('user1', 5);
      const talking = await stream.next(stateOf('user1', 5), mark, 3000);
      assert.equal((talking.data['agent'] as Record<string, unknown>)['stateLabel'], 'Talking');
      // Nothing changed since: rounds end without repeating the state.
      const later = stream.events.length;
      await stream.next((e) => e.event === 'polled', later);
      await stream.next((e) => e.event === 'polled', stream.events.length);
      assert.equal(stream.events.slice(later).filter((e) => e.event === 'status').length, 0, 'an unchanged state is not sent again');
    } finally {
      stream.close();
    }
  });

  it('asks Jodo once per interval for every watched agent, however many streams watch them', async () => {
    const agent = await signIn(gateway, 'user1');
    const supervisor = await signIn(gateway, 'user10');
    const streams = [
      await openEvents(gateway, agent, 'logins=user1'),
      await openEvents(gateway, agent, 'logins=user1'),
      await openEvents(gateway, supervisor, 'logins=user1,tanmay.k'),
    ];
    try {
      for (const stream of streams) await stream.next((e) => e.event === 'polled');
      const before = await userStatusRequests();
      const from = streams[0]!.events.length;
      await new Promise((resolve) => setTimeout(resolve, INTERVAL * 6));
      const asked = (await userStatusRequests()) - before;
      const rounds = streams[0]!.events.slice(from).filter((e) => e.event === 'polled').length;
      // One request a round for all three streams (one process, three logins), give or take one at either edge
      // of the window; browsers polling for themselves would have made three a round.
      assert.ok(rounds >= 2, `${rounds} rounds`);
      assert.ok(asked >= rounds - 1 && asked <= rounds + 1, `Jodo was asked ${asked} times in ${rounds} rounds`);
      await streams[2]!.next(stateOf('tanmay.k', 1));
    } finally {
      for (const stream of streams) stream.close();
    }
  });

  it('refuses what userStatus refuses: no session, another agent, a supervisor outside the team, a process not theirs', async () => {
    const agent = await signIn(gateway, 'user1');
    const supervisor = await signIn(gateway, 'user10');
    const cases: [string | undefined, string, number, number][] = [
      [undefined, 'logins=user1', 401, 9401],
      [agent, 'logins=tanmay.k', 403, 9403],
      [agent, 'logins=user1,tanmay.k', 403, 9403],
      [supervisor, 'logins=dinesh.s@avhan.com', 403, 9403],
      [agent, 'logins=user1&servicekey=Reminders', 403, 9403],
      [agent, '', 400, 2],
      [agent, `logins=${Array.from({ length: 1001 }, (_, i) => `a${i}`).join(',')}`, 400, 2],
    ];
    for (const [cookie, query, status, code] of cases) {
      const stream = await openEvents(gateway, cookie, query);
      assert.equal(stream.response.status, status, query.slice(0, 60));
      const body = (await stream.response.json()) as Record<string, unknown>;
      assert.equal(body['status'], code, query.slice(0, 60));
      assert.match(stream.response.headers.get('content-type') ?? '', /^application\/json/);
    }
  });

  it("an agent's stream never carries another agent's state", async () => {
    const cookie = await signIn(gateway, 'user1');
    const supervisor = await signIn(gateway, 'user10');
    const mine = await openEvents(gateway, cookie, 'logins=user1');
    const team = await openEvents(gateway, supervisor, 'logins=tanmay.k');
    try {
      await mine.next((e) => e.event === 'polled');
      await team.next(stateOf('tanmay.k', 1));
      await setState('tanmay.k', 5);
      await team.next(stateOf('tanmay.k', 5), 0, 3000);
      await mine.next((e) => e.event === 'polled', mine.events.length);
      const logins = mine.events.filter((e) => e.event === 'status').map((e) => (e.data['agent'] as Record<string, unknown>)['login']);
      assert.deepEqual([...new Set(logins)], ['user1']);
    } finally {
      mine.close();
      team.close();
    }
  });

  it('a stream cut off resumes with Last-Event-ID and misses no change; an id it cannot resume from gets the current states', async () => {
    await setState('user1', 1);
    const cookie = await signIn(gateway, 'user1');
    const first = await openEvents(gateway, cookie, 'logins=user1');
    const last = (await first.next((e) => e.event === 'polled')).id!;
    first.close();
    await setState('user1', 8);
    await new Promise((resolve) => setTimeout(resolve, INTERVAL * 2));
    await setState('user1', 5);
    await new Promise((resolve) => setTimeout(resolve, INTERVAL * 2));
    const resumed = await openEvents(gateway, cookie, 'logins=user1', { 'last-event-id': last });
    try {
      // Both changes made while it was away, in order, before anything new.
      await resumed.next(stateOf('user1', 5));
      const states = resumed.events.filter((e) => e.event === 'status').map((e) => (e.data['agent'] as Record<string, unknown>)['state']);
      assert.deepEqual(states.slice(0, 2), [8, 5]);
    } finally {
      resumed.close();
    }
    const unknown = await openEvents(gateway, cookie, 'logins=user1', { 'last-event-id': 'another-gateway-7' });
    try {
      const now = await unknown.next((e) => e.event === 'status');
      assert.equal((now.data['agent'] as Record<string, unknown>)['state'], 5);
    } finally {
      unknown.close();
    }
  });

  it('ends a stream when its session ends, and caps the streams of one user', async () => {
    const cookie = await signIn(gateway, 'user1');
    const streams = [await openEvents(gateway, cookie, 'logins=user1'), await openEvents(gateway, cookie, 'logins=user1'), await openEvents(gateway, cookie, 'logins=user1')];
    const fourth = await openEvents(gateway, cookie, 'logins=user1');
    assert.equal(fourth.response.status, 429);
    assert.equal(((await fourth.response.json()) as Record<string, unknown>)['status'], 9429);
    for (const stream of streams) await stream.next((e) => e.event === 'ready');
    const signedOut = await fetch(`${gateway.origin}/jodo/session`, { method: 'DELETE', headers: { cookie } });
    assert.ok(signedOut.ok);
    for (const stream of streams) {
      const end = await stream.next((e) => e.event === 'end', 0, 2000);
      assert.deepEqual(end.data, { reason: 'signed-out' });
    }
  });

  it('a shutting-down gateway ends its streams so that browsers connect to another', async () => {
    const own = await startGateway({ upstream: sandbox.endpoint, events: { intervalMs: INTERVAL } });
    try {
      const cookie = await signIn(own, 'user1');
      const stream = await openEvents(own, cookie, 'logins=user1');
      await stream.next((e) => e.event === 'ready');
      own.gateway.drain();
      assert.deepEqual((await stream.next((e) => e.event === 'end')).data, { reason: 'restart' });
      const refused = await openEvents(own, cookie, 'logins=user1');
      assert.equal(refused.response.status, 503);
    } finally {
      await own.close();
    }
  });

  it('cuts off a stream its browser does not read, instead of keeping what waits for it in memory', async () => {
    const logs: string[] = [];
    const own = createGateway({ upstream: sandbox.endpoint, apikey: KEY, users: DEMO_USERS, logger: linesLogger(logs), events: { intervalMs: 50, limits: { maxBufferedBytes: 600 } } });
    // A browser that stopped reading: what the gateway writes to its stream stays queued on the socket (corked here,
    // as a full socket buffer would hold it), and the queue grows with every round.
    const server = createServer((req, res) => {
      if (req.url?.startsWith('/jodo/events')) res.socket?.cork();
      void own.handle(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const running = { gateway: own, origin, endpoint: `${origin}/jodo`, logs, close: async () => {} };
      const cookie = await signIn(running, 'user1');
      const response = await fetch(`${origin}/jodo/events?logins=user1`, { headers: { cookie } }).catch((error: Error) => error);
      // Cut before its headers could even leave (they are queued too), or soon after: either way it ends.
      if (!(response instanceof Error)) await response.text().catch(() => '');
      const cut = async () => (await own.metrics.registry.getSingleMetricAsString('jodo_gateway_event_streams_cut_total')).match(/_total (\d+)/)?.[1];
      assert.equal(await cut(), '1');
      assert.match((await own.metrics.registry.getSingleMetricAsString('jodo_gateway_event_streams_open')), /_open 0$/m, 'closed, and counted as closed');
      assert.ok(eventMessages(logs).some((line) => /cut off: the browser did not read it/.test(line)), 'the cut is logged');
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await own.close();
    }
  });

  it('with confirm=ms tells of good rounds only that often, and of a round Jodo did not answer at once', async () => {
    const cookie = await signIn(gateway, 'user1');
    const every = await openEvents(gateway, cookie, 'logins=user1');
    const sparse = await openEvents(gateway, cookie, `logins=user1&confirm=${INTERVAL * 4}`);
    try {
      await every.next((e) => e.event === 'polled');
      await sparse.next((e) => e.event === 'polled');
      const [fromEvery, fromSparse] = [every.events.length, sparse.events.length];
      await new Promise((resolve) => setTimeout(resolve, INTERVAL * 8));
      const rounds = (stream: typeof every, from: number) => stream.events.slice(from).filter((e) => e.event === 'polled').length;
      assert.ok(rounds(every, fromEvery) >= 6, `every round told: ${rounds(every, fromEvery)}`);
      assert.ok(rounds(sparse, fromSparse) >= 1 && rounds(sparse, fromSparse) <= 3, `one round in four told: ${rounds(sparse, fromSparse)}`);

      await sandbox.control('/sandbox/faults', { method: 'userStatus', http: 503, times: 1 });
      const failed = await sparse.next((e) => e.event === 'polled' && e.data['problem'] !== undefined, sparse.events.length, INTERVAL * 3);
      const afterIt = sparse.events.indexOf(failed) + 1;
      await sparse.next((e) => e.event === 'polled' && e.data['problem'] === undefined, afterIt, INTERVAL * 3);
    } finally {
      every.close();
      sparse.close();
    }
  });

  it('is off with events: false (browsers poll, as against Jodo itself)', async () => {
    const own = await startGateway({ upstream: sandbox.endpoint, events: false });
    try {
      const cookie = await signIn(own, 'user1');
      const response = await fetch(`${own.origin}/jodo/events?logins=user1`, { headers: { cookie } });
      assert.equal(response.status, 404);
      const me = (await (await fetch(`${own.origin}/jodo/session`, { headers: { cookie } })).json()) as Record<string, unknown>;
      assert.equal(me['login'], 'user1');
      assert.equal('events' in me, false, 'no stream offered');
    } finally {
      await own.close();
    }
  });
});
