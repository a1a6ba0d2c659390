/**
 * Two gateway CLI processes (replicas A and B) sharing one real Redis, in
 * front of one sandbox CLI whose store is a file: what a load balancer's
 * clients see when their requests land on either replica, when Redis dies
 * and comes back, and when a replica dies mid-write. Writes are counted where
 * they land, in the sandbox's SQLite file, read as an auditor would.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { startGatewayCli, type RunningGatewayCli } from '../../helpers/gateway-cli.js';
import { startRedis, type RunningRedis } from '../../helpers/redis-server.js';
import { startSandboxCli, type RunningSandboxCli } from '../../helpers/sandbox-cli.js';

const SECRET = 'replicas-share-this-secret-0123456789';
/** Short, so that a dead replica's reservation (this plus the gateway's 5 s margin) runs out within the test. */
const UPSTREAM_TIMEOUT_S = 2;
const LEASE_MS = UPSTREAM_TIMEOUT_S * 1000 + 5000;
/** ImportProcessData and userStatus answer `"statuscode":"001"`. */
const OK = 1;

interface Answer {
  status: number;
  /** Jodo's `status` or `statuscode`, or the gateway's refusal code. */
  code: number;
  retryAfter: number | undefined;
  replayed: boolean;
  text: string;
}

/** A request on Jodo's wire through a replica: `data=<JSON>`, no key, the session cookie. */
async function post(base: string, cookie: string, request: Record<string, unknown>, idempotencyKey?: string): Promise<Answer> {
  const response = await fetch(base, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) },
    body: new URLSearchParams({ data: JSON.stringify(request) }),
  });
  const text = await response.text();
  const body = JSON.parse(text) as { status?: unknown; statuscode?: unknown };
  const retryAfter = response.headers.get('retry-after');
  return {
    status: response.status,
    code: Number(body.status ?? body.statuscode),
    retryAfter: retryAfter === null ? undefined : Number(retryAfter),
    replayed: response.headers.get('idempotent-replayed') === 'true',
    text,
  };
}

/** A write sent until it has an answer, as a client sends it: after a 409 it waits the Retry-After it was given, then asks again. */
async function writeUntilAnswered(base: string, cookie: string, request: Record<string, unknown>, key: string): Promise<Answer[]> {
  const attempts: Answer[] = [];
  for (;;) {
    const answer = await post(base, cookie, request, key);
    attempts.push(answer);
    if (answer.status !== 409) return attempts;
    assert.ok(attempts.length <= (LEASE_MS + 3000) / 1000, `still in flight after ${attempts.length} tries`);
    assert.equal(answer.retryAfter, 1, 'a 409 says to come back in a second: most writes are answered by then');
    await sleep(answer.retryAfter * 1000);
  }
}

const readStatus = (base: string, cookie: string, login: string) => post(base, cookie, { method: 'userStatus', loginids: [login] });

const signInAnswer = (base: string, login: string) => fetch(`${base}/session`, { method: 'POST', body: new URLSearchParams({ login }), redirect: 'manual' });

/** The demo sign-in: the session cookie to send. */
async function signIn(base: string, login: string): Promise<string> {
  const response = await signInAnswer(base, login);
  assert.equal(response.status, 303, await response.text());
  return response.headers.get('set-cookie')!.split(';')[0]!;
}

/**
 * How long after `since` a replica serves writes again: a fresh sign-in (the sessions may be gone), then
 * `request` answered 200. Tried every 100 ms, not faster: each sign-in counts against the sign-in limit
 * (120 a minute per address); anything but "store unreachable" on the way fails.
 */
async function msUntilServingWrites(base: string, login: string, request: Record<string, unknown>, key: string, since: number): Promise<number> {
  for (;;) {
    const signedIn = await signInAnswer(base, login);
    if (signedIn.status === 303) {
      const answer = await post(base, signedIn.headers.get('set-cookie')!.split(';')[0]!, request, key);
      if (answer.status === 200) return performance.now() - since;
      assert.equal(answer.status, 503, answer.text);
    } else {
      assert.equal(signedIn.status, 503, await signedIn.text());
    }
    assert.ok(performance.now() - since < 10_000, 'serving again within 10 s');
    await sleep(100);
  }
}

let mobiles = 0;
/**
 * A write of a new record pinned to `login`, with its own number. The update field it names is one the
 * record does not carry, so the sandbox inserts a row for every ImportProcessData that reaches it: a
 * write that went to Jodo twice shows as two rows.
 */
function newRecord(login: string): { mobile: string; request: Record<string, unknown> } {
  const mobile = `98${String(++mobiles).padStart(8, '0')}`;
  return { mobile, request: { method: 'ImportProcessData', media: 12, updateparam: 'crmuniquefield', data: [{ mobilenumber: mobile, name: `Replica ${mobile}`, userlogin: login }] } };
}

/** Polls `ready` every 20 ms until it holds; fails after `withinMs`. */
async function until(what: string, ready: () => boolean | Promise<boolean>, withinMs: number): Promise<void> {
  const deadline = performance.now() + withinMs;
  while (!(await ready())) {
    assert.ok(performance.now() < deadline, `${what}: not within ${withinMs} ms`);
    await sleep(20);
  }
}

describe('gateway replicas on one Redis', () => {
  const folder = mkdtempSync(join(tmpdir(), 'jodo-replicas-'));
  const sandboxDb = join(folder, 'sandbox.db');
  let redis: RunningRedis;
  let sandbox: RunningSandboxCli;
  let a: RunningGatewayCli;
  let b: RunningGatewayCli;

  /** A replica of the pair's settings (demo sign-in in front of the sandbox, on the Redis), with `extra` flags. */
  const startReplica = (extra: string[] = []) =>
    startGatewayCli(
      ['--upstream', sandbox.endpoint, '--redis', redis.url, '--demo-sign-in', '--upstream-timeout', String(UPSTREAM_TIMEOUT_S), '--log-level', 'warn', ...extra],
      { JODO_APIKEY: 'test_org', JODO_GATEWAY_SECRET: SECRET },
    );

  /** How many rows of the sandbox's records carry each number, read from its file. */
  function rowsWith(numbers: readonly string[]): number[] {
    const db = new Database(sandboxDb, { readonly: true, fileMustExist: true });
    try {
      const count = db.prepare('SELECT COUNT(*) AS n FROM records WHERE mobilenumber = ?');
      return numbers.map((mobile) => (count.get(mobile) as { n: number }).n);
    } finally {
      db.close();
    }
  }

  /** What the sandbox's Jodo endpoint answered, per method, since `since` was read. */
  async function requestsSince(since: Record<string, number>): Promise<Record<string, number>> {
    const now = await sandbox.requests();
    return Object.fromEntries(Object.entries(now).map(([method, n]) => [method, n - (since[method] ?? 0)]).filter(([, n]) => n !== 0));
  }

  before(async () => {
    [redis, sandbox] = await Promise.all([startRedis(), startSandboxCli(sandboxDb)]);
    // Rate limits are the subject of one test, on a pair of its own: here they stay out of the way.
    [a, b] = await Promise.all([startReplica(['--rate-limit', '10000']), startReplica(['--rate-limit', '10000'])]);
  });

  after(async () => {
    const codes = await Promise.all([a?.stop(), b?.stop(), sandbox?.stop()]);
    await redis?.stop();
    rmSync(folder, { recursive: true, force: true });
    assert.deepEqual(codes, [0, 0, 0], 'the replicas and the sandbox stopped cleanly');
    assert.equal(existsSync(folder), false);
  });

  test('20 writes, each sent to both replicas at the same moment with its own key: each stored once, every sender gets the answer', async (t) => {
    const cookie = await signIn(a.base, 'user1');
    const writes = Array.from({ length: 20 }, (_, i) => ({ key: `replicas-race-${i}`, ...newRecord('user1') }));
    const since = await sandbox.requests();
    // Each write's first forward waits a second in Jodo: the copy that reached the other replica meanwhile finds its key in flight.
    await sandbox.control('/sandbox/faults', { method: 'ImportProcessData', delayMs: 1000, times: writes.length });

    const sent = await Promise.all(writes.map(({ key, request }) => Promise.all([a, b].map((replica) => writeUntilAnswered(replica.base, cookie, request, key)))));

    let toldToWait = 0;
    for (const [i, pair] of sent.entries()) {
      const answers = pair.map((attempts) => attempts.at(-1)!);
      for (const answer of answers) assert.deepEqual([answer.status, answer.code], [200, OK], `${writes[i]!.key}: ${answer.text}`);
      assert.equal(answers.filter((answer) => !answer.replayed).length, 1, `${writes[i]!.key}: one sender's request went to Jodo, the other got its answer kept`);
      assert.equal(answers[0]!.text, answers[1]!.text, `${writes[i]!.key}: both got the same answer`);
      for (const retried of pair.flatMap((attempts) => attempts.slice(0, -1))) {
        assert.deepEqual([retried.status, retried.code], [409, 9409]);
        assert.ok(retried.retryAfter! <= LEASE_MS / 1000, `Retry-After ${retried.retryAfter} s is within the reservation's lease`);
      }
      toldToWait += pair.filter((attempts) => attempts.length > 1).length;
    }
    t.diagnostic(`${toldToWait} of ${writes.length} second copies were told 409 and came back after their Retry-After`);
    assert.ok(toldToWait > 0, 'some copies arrived while their key was in flight on the other replica (409, then retried)');
    assert.deepEqual(rowsWith(writes.map((write) => write.mobile)), writes.map(() => 1), 'each record stored exactly once');
    assert.deepEqual(await requestsSince(since), { ImportProcessData: writes.length });
  });

  test("a sign-out on one replica holds on the other at its next request; an admin ending a user's sessions through one holds on both", async () => {
    const cookie = await signIn(a.base, 'dinesh.s@avhan.com');
    assert.equal((await readStatus(b.base, cookie, 'dinesh.s@avhan.com')).status, 200, 'a session made through A is known to B');
    assert.equal((await fetch(`${a.base}/session`, { method: 'DELETE', headers: { cookie } })).status, 200);
    for (const replica of [b, a]) {
      const refused = await readStatus(replica.base, cookie, 'dinesh.s@avhan.com');
      assert.deepEqual([refused.status, refused.code], [401, 9401], `signed out through A, refused by ${replica === a ? 'A' : 'B'}`);
    }

    const sessions = [await signIn(a.base, 'tanmay.k'), await signIn(b.base, 'tanmay.k')];
    for (const session of sessions) for (const replica of [a, b]) assert.equal((await readStatus(replica.base, session, 'tanmay.k')).status, 200);
    const admin = await signIn(b.base, 'test@avhan.com');
    const ended = await fetch(`${a.base}/sessions/tanmay.k`, { method: 'DELETE', headers: { cookie: admin } });
    assert.deepEqual([ended.status, await ended.json()], [200, { ok: true, ended: 2 }]);
    for (const session of sessions) {
      for (const replica of [a, b]) {
        const refused = await readStatus(replica.base, session, 'tanmay.k');
        assert.deepEqual([refused.status, refused.code], [401, 9401]);
      }
    }
    for (const replica of [a, b]) assert.equal((await readStatus(replica.base, admin, 'tanmay.k')).status, 200, "the administrator's own session goes on");
  });

  test('a rate limit of N a minute holds for both replicas together: N requests alternating between them pass, the next is refused by either', async () => {
    const limit = 5;
    const pair = await Promise.all([startReplica(['--rate-limit', String(limit)]), startReplica(['--rate-limit', String(limit)])]);
    try {
      // Signed in nowhere else in this file: the counter Redis keeps for this login is this pair's alone.
      const cookie = await signIn(pair[0].base, 'rupesh.v@avhan.com');
      for (let i = 0; i < limit; i++) {
        const answer = await readStatus(pair[i % 2]!.base, cookie, 'rupesh.v@avhan.com');
        assert.equal(answer.status, 200, `request ${i + 1} of ${limit}: ${answer.text}`);
      }
      for (const replica of pair) {
        const refused = await readStatus(replica.base, cookie, 'rupesh.v@avhan.com');
        assert.deepEqual([refused.status, refused.code], [429, 9429]);
        assert.ok(refused.retryAfter! >= 1 && refused.retryAfter! <= 60, `Retry-After ${refused.retryAfter}`);
      }
    } finally {
      await Promise.all(pair.map((replica) => replica.stop()));
    }
  });

  test('Redis killed under load: requests are refused with 503 (9503) and nothing is stored twice; after its restart both replicas serve writes again within 5 s', async (t) => {
    const login = 'user10';
    const cookie = await signIn(a.base, login);
    interface Sent {
      replica: RunningGatewayCli;
      write?: { key: string; mobile: string; request: Record<string, unknown> };
      sentAt: number;
      answeredAt: number;
      answer: Answer;
    }
    const sent: Sent[] = [];
    const since = await sandbox.requests();
    let loading = true;
    /** A client of one replica: a read, then a write with a key of its own, and so on, 20 a second. */
    const load = async (replica: RunningGatewayCli, name: string) => {
      for (let i = 0; loading; i++) {
        const write = i % 2 ? { key: `outage-${name}-${i}`, ...newRecord(login) } : undefined;
        const sentAt = performance.now();
        const answer = write ? await post(replica.base, cookie, write.request, write.key) : await readStatus(replica.base, cookie, login);
        sent.push({ replica, ...(write ? { write } : {}), sentAt, answeredAt: performance.now(), answer });
        await sleep(50);
      }
    };
    const clients = [load(a, 'a'), load(b, 'b')];
    const sentBetween = (from: number, to: number) => sent.filter((s) => s.sentAt >= from && s.answeredAt <= to);

    // Declared out here: a failed assertion below must still stop the clients.
    let killing = 0;
    let down = 0;
    let restarting = 0;
    let probes: { replica: RunningGatewayCli; key: string; mobile: string; request: Record<string, unknown> }[] = [];
    let recoveryMs: number[] = [];
    try {
      await sleep(500);
      killing = performance.now();
      await redis.kill();
      down = performance.now();
      // What an operator's probe sees (readiness is worked out at most once a second): the store, not Jodo, is the trouble.
      for (const replica of [a, b]) {
        await until('readyz says 503', async () => (await fetch(`${replica.base}/readyz`)).status === 503, 3000);
        assert.deepEqual(await (await fetch(`${replica.base}/readyz`)).json(), { ok: false, store: 'unreachable', jodo: 'ok' });
      }
      // A sign-in cannot be kept either.
      const signInWhileDown = await signInAnswer(a.base, login);
      assert.deepEqual([signInWhileDown.status, ((await signInWhileDown.json()) as { status: number }).status], [503, 9503]);
      // An outage of a second or more, with reads and writes to both replicas in it.
      await until(
        'reads and writes sent to both replicas while Redis is down',
        () =>
          performance.now() - down >= 1000 &&
          [a, b].every((replica) => [true, false].every((isWrite) => sentBetween(down, performance.now()).filter((s) => s.replica === replica && Boolean(s.write) === isWrite).length >= 2)),
        4000,
      );
      restarting = performance.now();
      await redis.restart();
      const restarted = performance.now();

      // Redis came back empty: every session is gone. Serving again means a fresh sign-in and a write that is stored.
      probes = [a, b].map((replica, i) => ({ replica, key: `outage-probe-${i}`, ...newRecord(login) }));
      recoveryMs = await Promise.all(probes.map(({ replica, key, request }) => msUntilServingWrites(replica.base, login, request, key, restarted)));
    } finally {
      loading = false;
      await Promise.allSettled(clients);
    }
    await Promise.all(clients); // a request that got no HTTP answer at all fails the test
    t.diagnostic(`writes served again ${recoveryMs.map((ms) => `${Math.round(ms)} ms`).join(' and ')} after Redis answered (A, B)`);
    for (const ms of recoveryMs) assert.ok(ms < 5000, `writes served again ${Math.round(ms)} ms after Redis answered`);
    for (const replica of [a, b]) {
      await until('readyz says 200', async () => (await fetch(`${replica.base}/readyz`)).status === 200, 3000);
      const signedOut = await readStatus(replica.base, cookie, login);
      assert.deepEqual([signedOut.status, signedOut.code], [401, 9401], 'a session from before the restart is gone: its user signs in again');
    }

    // Before the kill everything was served; while Redis was down nothing was, reads included: no session can be checked.
    assert.ok(sent.filter((s) => s.answeredAt < killing).every((s) => s.answer.status === 200), 'served before the kill');
    const whileDown = sentBetween(down, restarting);
    t.diagnostic(`refused while Redis was down: ${whileDown.filter((s) => !s.write).length} reads, ${whileDown.filter((s) => s.write).length} writes`);
    for (const { answer } of whileDown) {
      assert.deepEqual([answer.status, answer.code, answer.retryAfter], [503, 9503, 1], answer.text);
    }
    assert.deepEqual([...new Set(sent.map((s) => s.answer.status))].filter((status) => ![200, 401, 503].includes(status)), [], 'only served, signed out or store unreachable');

    // A write refused is not stored; one answered is stored once.
    const writes = sent.flatMap((s) => (s.write ? [{ ...s.write, answer: s.answer }] : []));
    assert.deepEqual(rowsWith(writes.map((w) => w.mobile)), writes.map((w) => (w.answer.status === 200 ? 1 : 0)));
    // The client sends the refused ones again with their keys, through its new session: each is stored once, nothing twice.
    const again = await signIn(b.base, login);
    for (const [i, { key, request, answer }] of writes.entries()) {
      if (answer.status === 200) continue;
      const resent = await post([a, b][i % 2]!.base, again, request, key);
      assert.deepEqual([resent.status, resent.code], [200, OK], resent.text);
    }
    assert.deepEqual(rowsWith([...writes, ...probes].map((w) => w.mobile)), [...writes, ...probes].map(() => 1));
    assert.equal((await requestsSince(since))['ImportProcessData'], writes.length + probes.length, 'each write reached Jodo once');
  });

  test('a replica killed mid-write: the retry through another replica is told 409 while the dead one holds the key, then the write is stored once', async () => {
    const doomed = await startReplica(['--rate-limit', '10000']);
    try {
      const cookie = await signIn(b.base, 'user1');
      const mobile = `97${String(++mobiles).padStart(8, '0')}`;
      // An update by number: the gateway first asks Jodo who holds that number, and only then sends the write. (Sent
      // twice it would update the same row: the sandbox's count of ImportProcessData requests says how often it went.)
      const request = { method: 'ImportProcessData', media: 12, updateparam: 'mobilenumber', data: [{ mobilenumber: mobile, name: 'Stored once', userlogin: 'user1' }] };
      const key = 'replica-killed-mid-write';
      const since = await sandbox.requests();
      await sandbox.control('/sandbox/faults', { method: 'getProcessData', delayMs: 5000, times: 1 });
      const cut = post(doomed.base, cookie, request, key).then(
        (answer) => `answered ${answer.status}`,
        () => 'connection lost',
      );
      await until('the doomed replica asks who holds the record', async () => ((await requestsSince(since))['getProcessData'] ?? 0) === 1, 5000);
      const reservedBy = performance.now();
      await doomed.kill();
      assert.equal(await cut, 'connection lost');

      const attempts = await writeUntilAnswered(b.base, cookie, request, key);
      const answeredAfter = performance.now() - reservedBy;
      assert.deepEqual([attempts[0]!.status, attempts[0]!.code], [409, 9409], 'the dead replica still holds the key');
      assert.ok(attempts.length > 2, `told to come back again and again while the dead replica's lease ran: ${attempts.length} tries`);
      const answer = attempts.at(-1)!;
      assert.deepEqual([answer.status, answer.code, answer.replayed], [200, OK, false], answer.text);
      assert.ok(answeredAfter > LEASE_MS - 1000 && answeredAfter < LEASE_MS + 3000, `answered ${Math.round(answeredAfter)} ms after the key was taken, its lease being ${LEASE_MS} ms`);
      assert.deepEqual(rowsWith([mobile]), [1]);
      assert.deepEqual(await requestsSince(since), { getProcessData: 2, ImportProcessData: 1 }, 'the dead replica never sent the write; B sent it once');

      // Answered once, the key's answer is given again by any replica without asking Jodo anything.
      const replay = await post(a.base, cookie, request, key);
      assert.deepEqual([replay.status, replay.replayed, replay.text], [200, true, answer.text]);
      assert.deepEqual(await requestsSince(since), { getProcessData: 2, ImportProcessData: 1 });
    } finally {
      await doomed.kill();
    }
  });
});
