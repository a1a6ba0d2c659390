import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { postJodo, startSandbox, type RunningSandbox } from '../../helpers/sandbox-server.js';

describe('sandbox control API and HTTP edges', () => {
  let running: RunningSandbox;
  before(async () => {
    running = await startSandbox();
  });
  after(() => running.close());
  beforeEach(() => running.control('/sandbox/reset'));

  const json = async (response: Response) => ({ status: response.status, body: (await response.json()) as Record<string, unknown> });

  test('control POSTs need a JSON content type, so no other site can drive the sandbox with a simple form post', async () => {
    await running.control('/sandbox/agents/state', { login: 'user1', currentstatus: 6 });
    const reset = await json(await fetch(`${running.origin}/sandbox/reset`, { method: 'POST', body: '{}', headers: { 'content-type': 'text/plain' } }));
    assert.equal(reset.status, 415);
    assert.equal(reset.body['ok'], false);
    const { body } = await postJodo(running.endpoint, { method: 'userStatus', apikey: 'test_org', servicekey: 'VoiceProcess', loginids: ['user1'] });
    assert.equal((body['statusdata'] as Record<string, unknown>[])[0]!['currentstatus'], 6, 'the refused reset changed nothing');
  });

  test("POST /sandbox/clock moves the sandbox's clock: every answer's time, and stored times, until it is moved back or reset", async () => {
    const jodoTime = (text: unknown) => Date.parse(`${String(text).replace(' ', 'T')}`);
    const status = () => postJodo(running.endpoint, { method: 'userStatus', apikey: 'test_org', servicekey: 'VoiceProcess', loginids: ['user1'] });
    const shifted = await json(await running.control('/sandbox/clock', { offsetMs: -90 * 60_000 }));
    assert.equal(shifted.status, 200);
    assert.equal(shifted.body['offsetMs'], -90 * 60_000);
    const { body } = await status();
    // Ninety minutes behind this machine's clock (give or take the request's own seconds).
    for (const field of ['resdatetime', 'timestamp']) {
      const behind = Date.now() - jodoTime(body[field]);
      assert.ok(Math.abs(behind - 90 * 60_000) < 5_000, `${field} ${String(body[field])} is ${behind} ms behind`);
    }
    await postJodo(running.endpoint, { method: 'ImportProcessData', apikey: 'test_org', servicekey: 'VoiceProcess', media: 'Chat', updateparam: 'mobilenumber', data: [{ name: 'Skew', mobilenumber: '9811100010' }] });
    const stored = await postJodo(running.endpoint, { method: 'getProcessData', apikey: 'test_org', servicekey: 'VoiceProcess', searchparam: 'mobilenumber', mobilenumber: '9811100010' });
    const storedAt = jodoTime((stored.body['data'] as Record<string, unknown>[])[0]!['storedatetime']);
    assert.ok(Math.abs(Date.now() - storedAt - 90 * 60_000) < 5_000, 'stored on the sandbox clock');
    assert.equal((await json(await fetch(`${running.origin}/sandbox/clock`))).body['offsetMs'], -90 * 60_000);
    for (const bad of [{}, { offsetMs: '5' }, { offsetMs: 1.5 }, { offsetMs: 400 * 24 * 3600 * 1000 }]) {
      const refused = await json(await running.control('/sandbox/clock', bad));
      assert.equal(refused.status, 400, JSON.stringify(bad));
      assert.match(String(refused.body['error']), /offsetMs/);
    }
    assert.equal((await json(await fetch(`${running.origin}/sandbox/clock`))).body['offsetMs'], -90 * 60_000, 'a refused change changes nothing');
    await running.control('/sandbox/reset');
    assert.equal((await json(await fetch(`${running.origin}/sandbox/clock`))).body['offsetMs'], 0);
    const after = (await status()).body;
    assert.ok(Math.abs(Date.now() - jodoTime(after['resdatetime'])) < 5_000, 'reset puts the clock back');
  });

  test('bad control input is a JSON error with a message, and changes nothing', async () => {
    const cases: [string, unknown, number, RegExp][] = [
      ['/sandbox/agents/state', { login: 'user1', currentstatus: 12 }, 400, /1 to 11/],
      ['/sandbox/agents/state', { login: 'nobody', currentstatus: 1 }, 404, /no such login/],
      ['/sandbox/calls', { login: 'user1', mobilenumber: '12', servicekey: 'VoiceProcess' }, 400, /mobilenumber/],
      ['/sandbox/calls', { login: 'user1', mobilenumber: '7507959484', servicekey: 'Nope' }, 404, /servicekey/],
      ['/sandbox/calls', { login: 'user1', mobilenumber: '7507959484', servicekey: 'Policy' }, 404, /organisation/],
      ['/sandbox/dialer', { running: 'yes' }, 400, /true or false/],
      ['/sandbox/nowhere', {}, 404, /no such sandbox route/],
    ];
    for (const [path, payload, status, message] of cases) {
      const { status: got, body } = await json(await running.control(path, payload));
      assert.equal(got, status, path);
      assert.match(String(body['error']), message, path);
    }
    const broken = await json(await fetch(`${running.origin}/sandbox/calls`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' }));
    assert.equal(broken.status, 400);
    const { body } = await postJodo(running.endpoint, { method: 'userStatus', apikey: 'test_org', servicekey: 'VoiceProcess', loginids: ['user1'] });
    assert.equal((body['statusdata'] as Record<string, unknown>[])[0]!['currentstatus'], 1);
    // An agent with no call yet: nothing to say (204, so a page asking at every state change logs no error); an unknown login: 404.
    const none = await fetch(`${running.origin}/sandbox/agents/user1/call`);
    assert.equal(none.status, 204);
    assert.equal(await none.text(), '');
    assert.equal((await json(await fetch(`${running.origin}/sandbox/agents/nobody/call`))).status, 404);
  });

  test('recordings: HEAD, suffix ranges, unsatisfiable ranges and unknown ids', async () => {
    const url = `${running.origin}/sandbox/recordings/180717171728015031.wav`;
    const head = await fetch(url, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('accept-ranges'), 'bytes');
    const size = Number(head.headers.get('content-length'));
    assert.equal(size, 44 + 8 * 8000 * 2, 'an 8-second 8 kHz 16-bit mono WAV');

    const tail = await fetch(url, { headers: { range: 'bytes=-10' } });
    assert.equal(tail.status, 206);
    assert.equal(tail.headers.get('content-range'), `bytes ${size - 10}-${size - 1}/${size}`);
    assert.equal((await tail.arrayBuffer()).byteLength, 10);

    const past = await fetch(url, { headers: { range: `bytes=${size}-` } });
    assert.equal(past.status, 416);
    assert.equal(past.headers.get('content-range'), `bytes */${size}`);

    const full = new Uint8Array(await (await fetch(url)).arrayBuffer());
    const again = new Uint8Array(await (await fetch(url)).arrayBuffer());
    assert.deepEqual(full, again, 'the same call always sounds the same');
    assert.ok(full.slice(44).some((b) => b !== 0), 'the recording is not silence');

    assert.equal((await json(await fetch(`${running.origin}/sandbox/recordings/180719161420031002.wav`))).status, 404);
  });

  test('recording links follow the host the request came in on', async () => {
    const { body } = await postJodo(running.endpoint.replace('127.0.0.1', 'localhost'), {
      method: 'customer_recording', apikey: 'test_org', servicekey: 'VoiceInOut', systemcallid: '140912183554281005',
    });
    assert.equal(body['recordingfilepath'], `${running.origin.replace('127.0.0.1', 'localhost')}/sandbox/recordings/140912183554281005.wav`);
  });

  test('the endpoint answers CORS preflights, refuses other verbs with JSON and leaves other paths alone', async () => {
    const preflight = await fetch(running.endpoint, { method: 'OPTIONS' });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
    const put = await json(await fetch(running.endpoint, { method: 'PUT', body: 'data={}' }));
    assert.equal(put.status, 405);
    assert.equal(put.body['status'], 2);
    const other = await json(await fetch(`${running.origin}/elsewhere`));
    assert.equal(other.status, 404);
  });

  test('nothing above made the sandbox log an unexpected failure', () => {
    assert.deepEqual(running.logs, []);
  });
});

describe('sandbox request counts', () => {
  test('count Jodo requests per method and start again at reset', async () => {
    const running = await startSandbox();
    try {
      await running.control('/sandbox/reset');
      for (let i = 0; i < 3; i++) await postJodo(running.endpoint, { method: 'userStatus', apikey: 'test_org', servicekey: 'VoiceProcess', loginids: ['user1'] });
      await postJodo(running.endpoint, 'not json');
      const stats = (await (await fetch(`${running.origin}/sandbox/stats`)).json()) as Record<string, unknown>;
      assert.deepEqual(stats['requests'], { userStatus: 3, unknown: 1 });
      await running.control('/sandbox/reset');
      assert.deepEqual(((await (await fetch(`${running.origin}/sandbox/stats`)).json()) as Record<string, unknown>)['requests'], {});
    } finally {
      await running.close();
    }
  });
});
