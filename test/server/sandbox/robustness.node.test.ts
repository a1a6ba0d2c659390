/** Edges found in review: malformed targets, shared store files, huge bodies, queue starvation, lenient entries. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { AgentStates } from '../../../src/api/codes.js';
import { postJodo, startSandbox, type RunningSandbox } from '../../helpers/sandbox-server.js';

/** Sends raw bytes and returns the first line of the answer ('' if the connection just closed). */
function rawRequest(origin: string, text: string): Promise<string> {
  const { port } = new URL(origin);
  return new Promise((resolve) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.end(text));
    let answer = '';
    socket.on('data', (d) => (answer += d));
    socket.on('close', () => resolve(answer.split('\r\n')[0] ?? ''));
    socket.on('error', () => resolve(answer.split('\r\n')[0] ?? ''));
  });
}

const health = async (origin: string) => (await fetch(`${origin}/sandbox/health`)).json();
const KEYS = { apikey: 'test_org', servicekey: 'VoiceProcess' };

describe('sandbox robustness', () => {
  let running: RunningSandbox;
  before(async () => {
    running = await startSandbox();
  });
  after(() => running.close());
  beforeEach(() => running.control('/sandbox/reset'));

  test('malformed request targets are answered and the sandbox keeps running', async () => {
    for (const target of ['//%5B', '/sandbox/%E0%A4%A/x', '/CustomerWebServices/handleCustomerWS?data=%E0%A4%A']) {
      const status = await rawRequest(running.origin, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
      assert.match(status, /^HTTP\/1\.1 [24]\d\d /, target);
    }
    const agentPath = await fetch(`${running.origin}/sandbox/agents/%E0%A4%A/call`);
    assert.equal(agentPath.status, 400);
    assert.deepEqual(await health(running.origin), { ok: true });
    assert.deepEqual(running.logs, []);
  });

  test('a body past the drain limit is cut off without leaving the request hanging', async () => {
    const outcome = await new Promise<string>((resolve) => {
      const req = httpRequest(running.endpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, (res) => {
        res.resume();
        resolve(String(res.statusCode));
      });
      req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      const chunk = Buffer.alloc(1024 * 1024, 'a');
      let sent = 0;
      const pump = () => {
        while (sent < 80) {
          sent++;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
    assert.match(outcome, /^(413|ECONNRESET|EPIPE)$/);
    assert.deepEqual(await health(running.origin), { ok: true });
  });

  test('control bodies over 1 MiB are a 413 JSON error', async () => {
    const response = await fetch(`${running.origin}/sandbox/reset`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pad: 'x'.repeat(1024 * 1024 + 10) }),
    });
    assert.equal(response.status, 413);
    assert.equal(((await response.json()) as Record<string, unknown>)['ok'], false);
  });

  test('records nobody can take never starve the queue', async () => {
    // 150 voice records of an organisation that has no agents at all...
    const unreachable = Array.from({ length: 150 }, (_, i) => ({ name: `N${i}`, mobilenumber: `98000${String(i).padStart(5, '0')}` }));
    const stuck = await postJodo(running.endpoint, {
      method: 'ImportProcessData', apikey: 'MsQgi5/gKVZusW5XziRf76nHbn9JxU4VDSWwongD5dU=', servicekey: 'process1',
      media: 11, updateparam: 'mobilenumber', data: unreachable,
    });
    assert.equal(stuck.body['statuscode'], '001');
    // ...then one that test_org's Ready agents can take.
    await postJodo(running.endpoint, { method: 'ImportProcessData', ...KEYS, media: 12, updateparam: 'mobilenumber', data: [{ mobilenumber: '9123456789' }] });
    running.sandbox.dialer.running = true;
    running.sandbox.dialer.tick();
    const { body } = await postJodo(running.endpoint, { method: 'userStatus', ...KEYS, loginids: ['dinesh.s@avhan.com', 'rupesh.v@avhan.com', 'tanmay.k', 'user1', 'user10', 'test@avhan.com'] });
    const dialling = (body['statusdata'] as Record<string, unknown>[]).filter((e) => e['currentstatus'] === AgentStates.Dialling);
    assert.equal(dialling.length, 1);
  });

  test('reallocating schedules voice records only, for the new agent', async () => {
    await postJodo(running.endpoint, {
      method: 'ImportProcessData', ...KEYS, media: 'Email In', updateparam: 'mobilenumber', data: [{ name: 'Mail', mobilenumber: '9111111111' }],
    });
    await postJodo(running.endpoint, {
      method: 'ImportProcessData', ...KEYS, media: 'Voice Out', updateparam: 'mobilenumber', data: [{ name: 'Voice', mobilenumber: '9222222222' }],
    });
    for (const contactnumber of ['9111111111', '9222222222', '7507959484']) {
      const { body } = await postJodo(running.endpoint, { method: 'reallocatedata', ...KEYS, contactnumber, login: 'tanmay.k', calldatetime: '2018-11-10 09:00:00' });
      assert.equal(body['statuscode'], '001', contactnumber);
    }
    for (const login of ['dinesh.s@avhan.com', 'rupesh.v@avhan.com', 'user1', 'user10', 'test@avhan.com']) {
      await running.control('/sandbox/agents/state', { login, currentstatus: AgentStates.Hold });
    }
    running.sandbox.dialer.running = true;
    running.sandbox.dialer.tick();
    const call = (await (await fetch(`${running.origin}/sandbox/agents/tanmay.k/call`)).json()) as Record<string, unknown>;
    assert.equal(call['mobilenumber'], '9222222222', 'only the voice record was dialled');
  });

  test('a pinned login is matched however it is spelt', async () => {
    await running.control('/sandbox/agents/state', { login: 'dinesh.s@avhan.com', currentstatus: AgentStates.Hold });
    const { body } = await postJodo(running.endpoint, {
      method: 'ImportProcessData', ...KEYS, media: 12, updateparam: 'mobilenumber', data: [{ mobilenumber: '9333333333', userlogin: ' USER1 ' }],
    });
    assert.equal(body['statuscode'], '001');
    running.sandbox.dialer.running = true;
    running.sandbox.dialer.tick();
    const call = (await (await fetch(`${running.origin}/sandbox/agents/user1/call`)).json()) as Record<string, unknown>;
    assert.equal(call['mobilenumber'], '9333333333');
  });

  test('userStatus: a blank login is its own 418 entry, and failures carry a timestamp too', async () => {
    const { body } = await postJodo(running.endpoint, { method: 'userStatus', ...KEYS, loginids: ['user1', ''] });
    const entries = body['statusdata'] as Record<string, unknown>[];
    assert.deepEqual(entries.map((e) => e['status']), [3, 418]);
    const refused = await postJodo(running.endpoint, { method: 'userStatus', apikey: 'nope', servicekey: 'VoiceProcess', loginids: ['user1'] });
    assert.equal(refused.body['status'], 1107);
    assert.equal(typeof refused.body['timestamp'], 'string');
  });

  test('a blank sessionid is 65, like any sessionid that is not a number', async () => {
    const { body } = await postJodo(running.endpoint, { method: 'customer_recording', apikey: 'test_org', servicekey: 'VoiceInOut', systemcallid: '140912183554281005', sessionid: '' });
    assert.equal(body['status'], 65);
  });

  test('GET with raw JSON keeps a plus; raw JSON bodies may contain "&data="', async () => {
    await postJodo(running.endpoint, { method: 'ImportProcessData', ...KEYS, media: 1, updateparam: 'mobilenumber', data: [{ name: 'Plus', mobilenumber: '+919812345678' }] });
    const query = JSON.stringify({ method: 'getProcessData', ...KEYS, searchparam: 'mobilenumber', mobilenumber: '+919812345678' });
    const viaGet = (await (await fetch(`${running.endpoint}?data=${query.replaceAll(' ', '%20')}`)).json()) as Record<string, unknown>;
    assert.equal(viaGet['statuscode'], '001');

    const raw = JSON.stringify({ method: 'userStatus', ...KEYS, loginids: ['user1', 'x&data=y'] });
    const response = await fetch(running.endpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: raw });
    const body = (await response.json()) as Record<string, unknown>;
    assert.deepEqual((body['statusdata'] as Record<string, unknown>[]).map((e) => e['login']), ['user1', 'x&data=y']);
  });

  test('absurdly deep JSON is a format error (2), not a crash', async () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const { body } = await postJodo(running.endpoint, `{"method":"ImportProcessData","apikey":"test_org","servicekey":"VoiceProcess","media":11,"updateparam":"mobilenumber","data":[{"x":${deep}}]}`);
    assert.equal(body['status'], 2);
    assert.deepEqual(running.logs, []);
  });

  test('CORS preflights allow the headers the caller asks for', async () => {
    const response = await fetch(running.endpoint, { method: 'OPTIONS', headers: { 'access-control-request-headers': 'content-type, idempotency-key' } });
    assert.equal(response.headers.get('access-control-allow-headers'), 'content-type, idempotency-key');
  });
});

describe('two sandboxes on one store file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jodo-shared-'));
  const file = join(dir, 'sandbox.db');
  let a: RunningSandbox;
  let b: RunningSandbox;
  beforeEach(async () => {
    a = await startSandbox({ db: file, dialer: true });
    b = await startSandbox({ db: file, dialer: true });
  });
  afterEach(async () => {
    await a.close();
    await b.close();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('concurrent writes from both succeed (like npm start and npm run sandbox side by side)', async () => {
    const writes = Array.from({ length: 40 }, (_, i) =>
      postJodo((i % 2 ? a : b).endpoint, {
        method: 'ImportProcessData', ...KEYS, media: 12, updateparam: 'crmuniquefield',
        data: Array.from({ length: 20 }, (_, j) => ({ crmuniquefield: `S-${i}-${j}`, mobilenumber: `97${String(i * 100 + j).padStart(8, '0')}` })),
      }),
    );
    for (let round = 0; round < 10; round++) {
      a.sandbox.dialer.tick();
      b.sandbox.dialer.tick();
    }
    const answers = await Promise.all(writes);
    assert.deepEqual(answers.map((r) => [r.status, r.body['statuscode']]), answers.map(() => [200, '001']));
    const { body } = await postJodo(a.endpoint, { method: 'getProcessData', ...KEYS, searchparam: 'crmuniquefield', crmuniquefield: 'S-39-19' });
    assert.equal(body['statuscode'], '001');
    assert.deepEqual([...a.logs, ...b.logs], []);
  });
});

describe('request bodies that never arrive whole', () => {
  test('an upload dropped halfway lets go of what it sent, and the answer is never waited for', async () => {
    const { createServer } = await import('node:http');
    const { readBody, BodyIncompleteError } = await import('../../../src/server/http/body.js');
    const outcome = new Promise<unknown>((resolve) => {
      const server = createServer((req) => {
        readBody(req).then(resolve, resolve).finally(() => server.close());
      });
      server.listen(0, '127.0.0.1', () => {
        const socket = connect((server.address() as { port: number }).port, '127.0.0.1', () => {
          socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 900000\r\n\r\n' + 'a'.repeat(1000));
          setTimeout(() => socket.destroy(), 50);
        });
      });
    });
    assert.ok((await outcome) instanceof BodyIncompleteError);
  });
});
