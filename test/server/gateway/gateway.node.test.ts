/** The gateway's attacks: each must be refused, and nothing may change in the sandbox. */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { AgentStates } from '../../../src/api/codes.js';
import { JodoApiError } from '../../../src/api/index.js';
import { DEMO_USERS } from '../../../src/server/gateway/demo-users.js';
import { KEY, clientFor, rawPost, signIn, startGateway, withSandboxAndGateway, type RunningGateway } from '../../helpers/gateway-server.js';
import { postJodo, startSandbox, type RunningSandbox } from '../../helpers/sandbox-server.js';


describe('gateway', () => {
  let sandbox: RunningSandbox;
  let gateway: RunningGateway;
  const seen: string[] = [];
  const stateOf = async (login: string) =>
    ((await postJodo(sandbox.endpoint, { method: 'userStatus', apikey: KEY, servicekey: 'VoiceProcess', loginids: [login] })).body['statusdata'] as Record<string, unknown>[])[0]!['currentstatus'];

  before(async () => {
    sandbox = await startSandbox();
    gateway = await startGateway({ upstream: sandbox.endpoint });
  });
  after(async () => {
    await gateway.close();
    await sandbox.close();
  });
  beforeEach(() => sandbox.control('/sandbox/reset'));

  test('a signed-in agent uses the unchanged client with no key in the browser', async () => {
    const cookie = await signIn(gateway, 'user1');
    const me = await (await fetch(`${gateway.origin}/jodo/session`, { headers: { cookie } })).json();
    // The session as the store holds it, and where the gateway streams agents' states.
    assert.deepEqual(me, { ...DEMO_USERS.find((u) => u.login === 'user1'), events: '/jodo/events' });
    const { data } = await clientFor(gateway, cookie).userStatus({ loginids: ['user1'] });
    assert.equal(data.agents[0]!.state, AgentStates.Ready);
  });

  test('answers and refusals go out with their exact length in bytes, not in chunks', async () => {
    const cookie = await signIn(gateway, 'user1');
    const name = 'Zoë Ångström \u2019 日本';
    const saved = await rawPost(gateway, cookie, { method: 'ImportProcessData', media: 12, updateparam: 'mobilenumber', data: [{ mobilenumber: '9000077777', name, userlogin: 'user1' }] });
    const read = await rawPost(gateway, cookie, { method: 'getProcessData', searchparam: 'mobilenumber', mobilenumber: ['9000077777'] });
    assert.ok(read.text.includes(name), read.text);
    const refused = await rawPost(gateway, cookie, { method: 'userStatus', loginids: ['user10'] });
    assert.equal(refused.status, 403);
    for (const { status, text, headers } of [saved, read, refused]) {
      assert.equal(headers.get('transfer-encoding'), null, `${status}: ${text}`);
      assert.equal(Number(headers.get('content-length')), Buffer.byteLength(text), text);
    }
  });

  test('no session, a made-up session id and a malformed one are all refused (9401)', async () => {
    const madeUp = Buffer.alloc(32, 7).toString('base64url');
    for (const cookie of [undefined, `jodo_session=${madeUp}`, 'jodo_session=', 'jodo_session=x', `jodo_session=${'a'.repeat(5000)}`]) {
      const error = await clientFor(gateway, cookie).userStatus({ loginids: ['user1'] }).catch((e: unknown) => e);
      assert.ok(error instanceof JodoApiError && error.code === 9401, `${cookie}: ${String(error)}`);
    }
  });

  test('an agent reads only their own status, and saves dispositions only as themselves', async () => {
    const cookie = await signIn(gateway, 'user1');
    const client = clientFor(gateway, cookie);
    for (const loginids of [['user10'], ['user1', 'dinesh.s@avhan.com']]) {
      const error = await client.userStatus({ loginids }).catch((e: unknown) => e);
      assert.ok(error instanceof JodoApiError && error.code === 9403, String(error));
    }
    await sandbox.control('/sandbox/agents/state', { login: 'dinesh.s@avhan.com', currentstatus: AgentStates.Wrapup });
    const asOther = await client.saveDisposition({ login: 'dinesh.s@avhan.com', dispomasterid: 1, disporeasonid: 1, contactvalue: '7507959484' }).catch((e: unknown) => e);
    assert.ok(asOther instanceof JodoApiError && asOther.code === 9403);
    assert.equal(await stateOf('dinesh.s@avhan.com'), AgentStates.Wrapup, 'nothing was saved for dinesh');
    assert.ok(gateway.logs.some((line) => /refused saveDisposition for user1/.test(line)));
  });

  test('another process, or user management, is refused for an agent', async () => {
    const cookie = await signIn(gateway, 'user1');
    const client = clientFor(gateway, cookie);
    const policy = await client.getProcessData({ servicekey: 'Policy', searchparam: 'customercode', customercode: '1' }).catch((e: unknown) => e);
    assert.ok(policy instanceof JodoApiError && policy.code === 9403);
    const add = await client.addEditUser({ action: 'add', username: 'X', loginid: 'x@avhan.com', usertype: 'User', mediadetails: [{ media: 'Voice In' }] }).catch((e: unknown) => e);
    assert.ok(add instanceof JodoApiError && add.code === 9403);
    const remove = await client.deleteUser({ loginid: 'dinesh.s@avhan.com' }).catch((e: unknown) => e);
    assert.ok(remove instanceof JodoApiError && remove.code === 9403);
    assert.equal(await stateOf('dinesh.s@avhan.com'), AgentStates.Ready, 'dinesh still exists');
    const reallocate = await client.reallocateData({ contactnumber: '7507959484', login: 'user1' }).catch((e: unknown) => e);
    assert.ok(reallocate instanceof JodoApiError && reallocate.code === 9403);
  });

  test('a supervisor sees and reallocates within the team only; an admin manages users', async () => {
    const supervisor = clientFor(gateway, await signIn(gateway, 'user10'));
    assert.equal((await supervisor.userStatus({ loginids: ['user10', 'user1', 'tanmay.k'] })).data.agents.length, 3);
    assert.equal((await supervisor.userStatus({ loginids: ['dinesh.s@avhan.com'] }).catch((e: JodoApiError) => e)).code, 9403);
    assert.equal((await supervisor.reallocateData({ contactnumber: '7507959484', login: 'tanmay.k' })).code, 1);
    assert.equal((await supervisor.reallocateData({ contactnumber: '7507959484', login: 'dinesh.s@avhan.com' }).catch((e: JodoApiError) => e)).code, 9403);

    const admin = clientFor(gateway, await signIn(gateway, 'test@avhan.com'));
    assert.equal((await admin.deleteUser({ loginid: 'rupesh.v@avhan.com' })).code, 1);
    const gone = (await admin.userStatus({ loginids: ['rupesh.v@avhan.com'] })).data.agents[0]!;
    assert.equal(gone.code, 418);
  });

  test('the gateway\'s key wins over one sent in the body, and the key is in no answer or log', async () => {
    const cookie = await signIn(gateway, 'user1');
    const other = 'MsQgi5/gKVZusW5XziRf76nHbn9JxU4VDSWwongD5dU=';
    const answer = await rawPost(gateway, cookie, { method: 'userStatus', apikey: other, servicekey: 'VoiceProcess', loginids: ['user1'] });
    assert.equal(answer.status, 200);
    assert.equal((JSON.parse(answer.text) as Record<string, unknown>)['statuscode'], '001', 'answered for test_org, not the other organisation');
    seen.push(answer.text, JSON.stringify([...answer.headers]));
    for (const request of [{ method: 'nope' }, { method: 'getProcessData', searchparam: 'x' }, { method: 'deleteUser', loginid: 'a@b.c' }]) {
      const refused = await rawPost(gateway, cookie, request);
      seen.push(refused.text, JSON.stringify([...refused.headers]));
    }
    gateway.gateway.flushLog();
    for (const text of [...seen, ...gateway.logs]) assert.ok(!text.includes(KEY), `the key leaked: ${text.slice(0, 120)}`);
  });

  test('oversized and malformed bodies are refused with a JSON error', async () => {
    const cookie = await signIn(gateway, 'user1');
    const big = await fetch(gateway.endpoint, { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: `data=${'x'.repeat(1024 * 1024 + 10)}` });
    assert.equal(big.status, 413);
    assert.equal(((await big.json()) as Record<string, unknown>)['status'], 9413);
    const malformed = await fetch(gateway.endpoint, { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: 'data={nope' });
    assert.equal(malformed.status, 400);
    assert.equal(((await malformed.json()) as Record<string, unknown>)['status'], 2);
  });
});

describe('gateway limits and a failing upstream', () => {
  let sandbox: RunningSandbox;
  before(async () => {
    sandbox = await startSandbox();
  });
  after(() => sandbox.close());

  test('too many requests get a clear "slow down" (9429), which the client treats as worth a retry', async () => {
    const gateway = await startGateway({ upstream: sandbox.endpoint, rateLimit: { limit: 3, windowMs: 60_000 } });
    try {
      const client = clientFor(gateway, await signIn(gateway, 'user1'));
      for (let i = 0; i < 3; i++) await client.userStatus({ loginids: ['user1'] });
      const error = await client.userStatus({ loginids: ['user1'] }).catch((e: unknown) => e);
      assert.ok(error instanceof JodoApiError && error.code === 9429);
      assert.equal(error.transient, true);
      assert.match(error.description, /slow down/);
    } finally {
      await gateway.close();
    }
  });

  test('an upstream that is down, answers garbage or hangs is a typed error, not a hang', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/CustomerWebServices/handleCustomerWS`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const down = await startGateway({ upstream: deadUrl });
    const slow = await startGateway({ upstream: sandbox.endpoint, upstreamTimeoutMs: 100 });
    try {
      const downError = await clientFor(down, await signIn(down, 'user1')).userStatus({ loginids: ['user1'] }).catch((e: unknown) => e);
      assert.ok(downError instanceof JodoApiError && downError.code === 9502 && downError.transient);

      await sandbox.control('/sandbox/faults', { method: 'userStatus', body: '<html>proxy error</html>' });
      const garbage = await clientFor(slow, await signIn(slow, 'user1')).userStatus({ loginids: ['user1'] }).catch((e: unknown) => e);
      assert.ok(garbage instanceof JodoApiError && garbage.code === 9502);

      await sandbox.control('/sandbox/faults', { method: 'userStatus', delayMs: 1000 });
      const hung = await clientFor(slow, await signIn(slow, 'user1')).userStatus({ loginids: ['user1'] }).catch((e: unknown) => e);
      assert.ok(hung instanceof JodoApiError && hung.code === 9504);
    } finally {
      await down.close();
      await slow.close();
    }
  });
});

describe('gateway recordings', () => {
  let sandbox: RunningSandbox;
  let gateway: RunningGateway;
  withSandboxAndGateway((running) => ({ sandbox, gateway } = running));

  test('recording links point at the gateway, which streams the audio with Range support', async () => {
    const cookie = await signIn(gateway, 'user1');
    const client = clientFor(gateway, cookie);
    const { data } = await client.customerRecording({ servicekey: 'VoiceProcess', systemcallid: '180717171728015031' });
    assert.equal(data.recordingUrl, '/jodo/recordings/180717171728015031');
    const many = await client.customerMultipleRecordings({ systemcallids: ['180717171728015031', '180719161420031002'] });
    assert.deepEqual(many.data.recordings.map((r) => r.recordingUrl), ['/jodo/recordings/180717171728015031', '']);

    const direct = new Uint8Array(await (await fetch(`${sandbox.origin}/sandbox/recordings/180717171728015031.wav`, { headers: { range: 'bytes=0-99' } })).arrayBuffer());
    const viaGateway = await fetch(`${gateway.origin}${data.recordingUrl}`, { headers: { cookie, range: 'bytes=0-99' } });
    assert.equal(viaGateway.status, 206);
    assert.match(viaGateway.headers.get('content-range') ?? '', /^bytes 0-99\/\d+$/);
    assert.equal(viaGateway.headers.get('content-type'), 'audio/wav');
    assert.deepEqual(new Uint8Array(await viaGateway.arrayBuffer()), direct);

    const anonymous = await fetch(`${gateway.origin}${data.recordingUrl}`);
    assert.equal(anonymous.status, 401);
  });

  test('a recording of a process the user does not work in is not found; a bearer-token adapter signs users in', async () => {
    const { bearerAuthenticator } = await import('../../../src/server/gateway/bearer-authenticator.js');
    const tokens: Record<string, { login: string; role: 'agent'; servicekeys: string[]; team: string[] }> = {
      'token-a': { login: 'dinesh.s@avhan.com', role: 'agent', servicekeys: ['VoiceProcess'], team: [] },
    };
    const bearer = await startGateway({ upstream: sandbox.endpoint, authenticate: bearerAuthenticator((token) => tokens[token]) });
    try {
      const headers = { authorization: 'Bearer token-a' };
      const other = await fetch(`${bearer.origin}/jodo/recordings/140912183554281005`, { headers });
      assert.equal(other.status, 404, 'a VoiceInOut call is not in a VoiceProcess agent\'s reach');
      const own = await fetch(`${bearer.origin}/jodo/recordings/180717171728015031`, { headers });
      assert.equal(own.status, 200);
      assert.equal((await fetch(`${bearer.origin}/jodo/recordings/180717171728015031`, { headers: { authorization: 'Bearer wrong' } })).status, 401);
    } finally {
      await bearer.close();
    }
  });
});

describe('gateway idempotent writes', () => {
  let sandbox: RunningSandbox;
  let gateway: RunningGateway;
  withSandboxAndGateway((running) => ({ sandbox, gateway } = running));

  test('a repeated Idempotency-Key gets the first answer and Jodo sees the write once', async () => {
    await sandbox.control('/sandbox/reset');
    const client = clientFor(gateway, await signIn(gateway, 'user1'));
    await sandbox.control('/sandbox/agents/state', { login: 'user1', currentstatus: AgentStates.Wrapup });
    const request = { login: 'user1', dispomasterid: 1, disporeasonid: 2, contactvalue: '7507959484' };
    const first = await client.saveDisposition(request, { idempotencyKey: 'wrap-up-0001' });
    // Sent again as an outbox would after a lost answer: had Jodo seen it, it would refuse (6: not in Wrapup any more).
    const again = await client.saveDisposition(request, { idempotencyKey: 'wrap-up-0001' });
    assert.equal(first.code, 3);
    assert.equal(again.code, 3);
    const stats = (await (await fetch(`${sandbox.origin}/sandbox/stats`)).json()) as { requests: Record<string, number> };
    assert.equal(stats.requests['saveDisposition'], 1);

    const other = await client.saveDisposition(request, { idempotencyKey: 'wrap-up-0002' }).catch((e: unknown) => e);
    assert.ok(other instanceof JodoApiError && other.code === 6, 'a new key is a new write');
  });

  test('every write carries a key of its own; a key reused for another method, or malformed, is refused', async () => {
    await sandbox.control('/sandbox/reset');
    const cookie = await signIn(gateway, 'test@avhan.com');
    const client = clientFor(gateway, cookie);
    await client.importProcessData({ media: 1, updateparam: 'customercode', data: [{ customercode: 'I-1', name: 'One' }] });
    await client.importProcessData({ media: 1, updateparam: 'customercode', data: [{ customercode: 'I-1', name: 'Two' }] });
    const stats = (await (await fetch(`${sandbox.origin}/sandbox/stats`)).json()) as { requests: Record<string, number> };
    assert.equal(stats.requests['ImportProcessData'], 2, 'two writes without a given key are two writes');

    await client.importProcessData({ media: 1, updateparam: 'customercode', data: [{ customercode: 'I-2' }] }, { idempotencyKey: 'shared-key-1' });
    const conflict = await client.deleteUser({ loginid: 'rupesh.v@avhan.com' }, { idempotencyKey: 'shared-key-1' }).catch((e: unknown) => e);
    assert.ok(conflict instanceof JodoApiError && conflict.code === 5);
    const otherBody = await client
      .importProcessData({ media: 1, updateparam: 'customercode', data: [{ customercode: 'I-3' }] }, { idempotencyKey: 'shared-key-1' })
      .catch((e: unknown) => e);
    assert.ok(otherBody instanceof JodoApiError && otherBody.code === 5, 'the same key with another body is not a replay of the first');
    const noKey = await fetch(gateway.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ data: JSON.stringify({ method: 'deleteUser', loginid: 'rupesh.v@avhan.com' }) }),
    });
    assert.equal(noKey.status, 400, 'a write without a key is refused');
    const malformed = await client.deleteUser({ loginid: 'rupesh.v@avhan.com' }, { idempotencyKey: 'bad key!' }).catch((e: unknown) => e);
    assert.ok(malformed instanceof JodoApiError && malformed.code === 2);
    assert.equal((await client.userStatus({ loginids: ['rupesh.v@avhan.com'] })).data.agents[0]!.ok, true, 'rupesh was not deleted');
  });
});

describe('gateway against forged and cross-site requests', () => {
  let sandbox: RunningSandbox;
  let gateway: RunningGateway;
  withSandboxAndGateway((running) => ({ sandbox, gateway } = running));

  const status = async (response: Response) => ({ http: response.status, code: ((await response.json()) as Record<string, unknown>)['status'] });
  const post = (cookie: string, body: string, headers: Record<string, string> = {}) =>
    fetch(gateway.endpoint, { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', ...headers }, body });
  const data = (request: unknown) => new URLSearchParams({ data: JSON.stringify(request) }).toString();

  test('requests from another origin or site, or as text/plain forms, are refused', async () => {
    const cookie = await signIn(gateway, 'user1');
    const request = data({ method: 'userStatus', loginids: ['user1'] });
    assert.deepEqual(await status(await post(cookie, request, { origin: 'http://127.0.0.1:1' })), { http: 403, code: 9403 });
    assert.deepEqual(await status(await post(cookie, request, { 'sec-fetch-site': 'same-site' })), { http: 403, code: 9403 });
    assert.deepEqual(await status(await post(cookie, request, { 'content-type': 'text/plain' })), { http: 415, code: 2 });
    assert.deepEqual(await status(await post(cookie, request, { origin: gateway.origin, 'sec-fetch-site': 'same-origin' })), { http: 200, code: undefined });
    const signInFromElsewhere = await fetch(`${gateway.origin}/jodo/session`, { method: 'POST', headers: { 'sec-fetch-site': 'cross-site' }, body: new URLSearchParams({ login: 'test@avhan.com' }), redirect: 'manual' });
    assert.equal(signInFromElsewhere.status, 403);
    assert.equal(signInFromElsewhere.headers.get('set-cookie'), null);
  });

  test('fields the rules read cannot be slipped past them in another shape or spelling', async () => {
    const cookie = await signIn(gateway, 'user1');
    for (const request of [
      { method: 'userStatus', loginids: 'dinesh.s@avhan.com' },
      { method: 'userStatus', loginids: 'user1,dinesh.s@avhan.com' },
      { method: 'userStatus', LoginIds: ['dinesh.s@avhan.com'], loginids: ['user1'] },
      { method: 'saveDisposition', Login: 'dinesh.s@avhan.com', login: 'user1', dispomasterid: 1, disporeasonid: 1, contactvalue: '7507959484' },
      { method: 'ImportProcessData', media: 12, updateparam: 'customercode', data: [{ customercode: 'X-1', mobilenumber: '9876543210', userlogin: 'dinesh.s@avhan.com' }] },
      { method: 'ImportProcessData', media: 12, updateparam: 'customercode', data: [{ customercode: 'X-1', mobilenumber: '9876543210', UserLogin: 'dinesh.s@avhan.com' }] },
    ]) {
      assert.deepEqual(await status(await post(cookie, data(request))), { http: 403, code: 9403 }, JSON.stringify(request));
    }
    const stats = (await (await fetch(`${sandbox.origin}/sandbox/stats`)).json()) as { requests: Record<string, number> };
    assert.equal(stats.requests['ImportProcessData'] ?? 0, 0, 'nothing reached Jodo');
  });

  test('a session cookie sent twice is no session; sign-in returns only to a path of this origin', async () => {
    const cookie = await signIn(gateway, 'user1');
    const other = await signIn(gateway, 'test@avhan.com');
    assert.deepEqual(await status(await post(`${other}; ${cookie}`, data({ method: 'userStatus', loginids: ['user1'] }))), { http: 401, code: 9401 });
    for (const [back, expected] of [['/legacy.html', '/legacy.html'], ['/.//evil.example', '/'], ['//evil.example', '/'], ['https://evil.example/', '/'], ['/\\evil.example', '/']] as const) {
      const response = await fetch(`${gateway.origin}/jodo/session`, { method: 'POST', body: new URLSearchParams({ login: 'user1', return: back }), redirect: 'manual' });
      assert.equal(response.headers.get('location'), expected, back);
    }
  });
});

describe('gateway and a hostile upstream', () => {
  test('recording links off the allowed origins are not fetched, redirects are not followed, and no spelling of the key comes back', async () => {
    const key = 'MsQgi5/gKVZusW5XziRf76nHbn9JxU4VDSWwongD5dU=';
    let internalHits = 0;
    const internal = createServer((_req, res) => (internalHits++, res.end('INTERNAL SECRET')));
    await new Promise<void>((resolve) => internal.listen(0, '127.0.0.1', resolve));
    const internalUrl = `http://127.0.0.1:${(internal.address() as AddressInfo).port}/meta`;
    const upstream = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        const request = JSON.parse(new URLSearchParams(body).get('data')!) as Record<string, unknown>;
        res.setHeader('content-type', 'application/json');
        if (req.url === '/redirect') return void (res.writeHead(302, { location: internalUrl }), res.end());
        const link = request['systemcallid'] === '1' ? internalUrl : `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/redirect`;
        // A careless upstream that echoes what it got, key included, in several spellings.
        res.end(JSON.stringify({ method: request['method'], status: 3, statusdesc: `got ${body} ${encodeURIComponent(key)}`, recordingfilepath: link }));
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const gateway = await startGateway({ upstream: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/jodo-upstream`, apikey: key });
    try {
      const cookie = await signIn(gateway, 'user1');
      const answer = await rawPost(gateway, cookie, { method: 'customer_recording', systemcallid: '1' });
      assert.ok(!answer.text.includes(key) && !answer.text.includes(encodeURIComponent(key)) && !answer.text.includes(new URLSearchParams({ k: key }).toString().slice(2)), answer.text);
      assert.equal((await fetch(`${gateway.origin}/jodo/recordings/1`, { headers: { cookie } })).status, 404, 'a link to another origin is not fetched');
      const redirected = await fetch(`${gateway.origin}/jodo/recordings/2`, { headers: { cookie } });
      assert.notEqual(await redirected.text(), 'INTERNAL SECRET');
      assert.equal(internalHits, 0);
    } finally {
      await gateway.close();
      await new Promise<void>((resolve) => upstream.close(() => resolve()));
      await new Promise<void>((resolve) => internal.close(() => resolve()));
    }
  });
});

describe('gateway session cookies over https', () => {
  test('behind a TLS proxy the session is a Secure __Host- cookie, and only that name is read', async () => {
    const sandbox = await startSandbox();
    const gateway = await startGateway({ upstream: sandbox.endpoint, secureCookies: true });
    try {
      const response = await fetch(`${gateway.origin}/jodo/session`, { method: 'POST', body: new URLSearchParams({ login: 'user1' }), redirect: 'manual' });
      const cookie = response.headers.get('set-cookie') ?? '';
      const [pair, ...attributes] = cookie.split(/;\s*/);
      assert.match(pair!, /^__Host-jodo_session=[A-Za-z0-9_-]{43}$/, 'an opaque id of 256 bits, nothing else');
      assert.deepEqual(attributes.filter((a) => !a.startsWith('Max-Age=')).sort(), ['HttpOnly', 'Path=/', 'SameSite=Strict', 'Secure']);
      const value = cookie.split(';')[0]!.split('=').slice(1).join('=');
      assert.equal((await clientFor(gateway, `__Host-jodo_session=${value}`).userStatus({ loginids: ['user1'] })).code, 1);
      const plain = await clientFor(gateway, `jodo_session=${value}`).userStatus({ loginids: ['user1'] }).catch((e: unknown) => e);
      assert.ok(plain instanceof JodoApiError && plain.code === 9401, 'the unprefixed name (plantable by a sibling) is not read');
    } finally {
      await gateway.close();
      await sandbox.close();
    }
  });
});
