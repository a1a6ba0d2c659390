/**
 * The control API answers pages of its own origin only, over real HTTP: another local page (another port, a
 * cross-site or same-site page) can neither change the store, queue faults, nor read calls, recordings or
 * counts; the sandbox's own pages and clients that are not browsers still can. The Jodo endpoint keeps its CORS.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { postJodo, startSandbox, type RunningSandbox } from '../../helpers/sandbox-server.js';

const RECORDING = '/sandbox/recordings/180717171728015031.wav';
const KEYS = { apikey: 'test_org', servicekey: 'VoiceProcess' };

/** Where a browser says a request comes from: each is another origin than the sandbox's. */
const ELSEWHERE: [string, Record<string, string>][] = [
  ['a page on another localhost port', { origin: 'http://localhost:9999' }],
  ['a cross-site page', { 'sec-fetch-site': 'cross-site' }],
  ['a same-site page (another port or subdomain)', { 'sec-fetch-site': 'same-site' }],
];

describe('the control API is same-origin only', () => {
  let running: RunningSandbox;
  before(async () => {
    running = await startSandbox();
  });
  after(() => running.close());
  beforeEach(() => running.control('/sandbox/reset'));

  /** Everything the store holds, read straight from the sandbox's SQLite. */
  const stored = () =>
    Object.fromEntries(
      ['organisations', 'processes', 'agents', 'records', 'calls', 'dispositions'].map((table) => [
        table,
        running.sandbox.db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all(),
      ]),
    );
  const send = (path: string, headers: Record<string, string>, init: RequestInit = {}) =>
    fetch(running.origin + path, { ...init, headers: { ...headers, ...(init.headers as Record<string, string>) } });
  const post = (path: string, headers: Record<string, string>, body: unknown) =>
    send(path, headers, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  async function assertRefused(response: Response, what: string): Promise<void> {
    assert.equal(response.status, 403, what);
    assert.equal(response.headers.get('access-control-allow-origin'), null, what);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/, what);
    const body = (await response.json()) as Record<string, unknown>;
    assert.equal(body['ok'], false, what);
    assert.match(String(body['error']), /another origin/, what);
  }

  for (const [who, headers] of ELSEWHERE) {
    test(`${who}: reset, faults, a recording, stats and an agent's call are refused, and nothing changes`, async () => {
      // A store that a reset would visibly change: an agent on Hold and a call with its customer.
      await running.control('/sandbox/agents/state', { login: 'user1', currentstatus: 6 });
      assert.equal((await running.control('/sandbox/calls', { login: 'user10', mobilenumber: '7507959484', servicekey: 'VoiceProcess' })).status, 200);
      const before = stored();

      await assertRefused(await post('/sandbox/reset', headers, {}), 'reset');
      await assertRefused(await post('/sandbox/faults', headers, { status: 1107, times: 5 }), 'a fault');
      await assertRefused(await post('/sandbox/agents/state', headers, { login: 'user1', currentstatus: 1 }), 'an agent state');
      await assertRefused(await send(RECORDING, headers), 'a recording');
      await assertRefused(await send(RECORDING, { ...headers, range: 'bytes=0-99' }), 'part of a recording');
      await assertRefused(await send('/sandbox/stats', headers), 'stats');
      await assertRefused(await send('/sandbox/agents/user10/call', headers), "an agent's call and its customer");

      assert.deepEqual(stored(), before, 'the store is as it was');
      assert.equal(running.sandbox.faults.pending, 0, 'no fault was queued');
      const { body } = await postJodo(running.endpoint, { method: 'userStatus', ...KEYS, loginids: ['user1'] });
      assert.equal((body['statusdata'] as Record<string, unknown>[])[0]!['currentstatus'], 6, 'the Jodo endpoint answers as before, no fault played');
    });
  }

  test("another origin's preflight is refused, so its page never sends the request", async () => {
    const preflight = await send('/sandbox/reset', { origin: 'http://localhost:9999', 'access-control-request-method': 'POST' }, { method: 'OPTIONS' });
    await assertRefused(preflight, 'preflight');
  });

  test('an Origin that is no origin (a sandboxed frame sends "null") is refused', async () => {
    await assertRefused(await send('/sandbox/stats', { origin: 'null' }), 'null origin');
  });

  test("the sandbox's own pages and clients without an Origin still work", async () => {
    await running.control('/sandbox/agents/state', { login: 'user1', currentstatus: 6 });
    const own = { origin: running.origin, 'sec-fetch-site': 'same-origin' };
    const reset = await post('/sandbox/reset', own, {});
    assert.equal(reset.status, 200);
    const agent = running.sandbox.db.prepare('SELECT state FROM agents WHERE login = ?').get('user1') as { state: number };
    assert.equal(agent.state, 1, 'the reset from its own page happened');

    const recording = await send(RECORDING, own);
    assert.equal(recording.status, 200);
    assert.equal(recording.headers.get('content-type'), 'audio/wav');
    assert.equal(recording.headers.get('access-control-allow-origin'), null, 'no other origin may read a recording');
    assert.equal((await recording.arrayBuffer()).byteLength, 44 + 8 * 8000 * 2);

    // A typed-in URL or a bookmark: the browser says `none`.
    assert.equal((await send('/sandbox/stats', { 'sec-fetch-site': 'none' })).status, 200);
    const stats = await fetch(`${running.origin}/sandbox/stats`); // Node's fetch sends no Origin
    assert.equal(stats.status, 200);
    assert.deepEqual(((await stats.json()) as Record<string, unknown>)['ok'], true);
  });

  test('the own origin is the one the request was addressed to (scheme, host and port)', async () => {
    const viaLocalhost = running.origin.replace('127.0.0.1', 'localhost');
    const same = await fetch(`${viaLocalhost}/sandbox/stats`, { headers: { origin: viaLocalhost } });
    assert.equal(same.status, 200, 'a page of http://localhost:PORT calling its own sandbox');
    const otherHost = await fetch(`${viaLocalhost}/sandbox/stats`, { headers: { origin: running.origin } });
    await assertRefused(otherHost, '127.0.0.1 is another origin than localhost');
    const otherScheme = await send('/sandbox/stats', { origin: running.origin.replace('http:', 'https:') });
    await assertRefused(otherScheme, 'https is another origin than http');
  });

  test('the Jodo endpoint keeps its CORS: it stands in for Jodo for a page pointed straight at the sandbox', async () => {
    const response = await fetch(running.endpoint, {
      method: 'POST',
      headers: { origin: 'http://localhost:9999', 'sec-fetch-site': 'same-site', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ data: JSON.stringify({ method: 'userStatus', ...KEYS, loginids: ['user1'] }) }),
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    assert.equal(((await response.json()) as Record<string, unknown>)['statuscode'], '001');
  });

  test('nothing above made the sandbox log an unexpected failure', () => {
    assert.deepEqual(running.logs, []);
  });
});
