/**
 * Every failure code of the document's tables reaches the caller as a
 * JodoApiError with that code and the table's description, for its method.
 * Codes a healthy sandbox answers on its own are provoked by the conformance
 * suite; here each one is played by the sandbox's fault control so that the
 * list is complete (111, 421, 1111, 13, 38, 461 included).
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { COMMON_STATUS, JODO_METHODS, type JodoMethod } from '../../src/api/codes.js';
import { METHOD_STATUS } from '../../src/api/method-status.js';
import { JodoApiError, JodoClient, type Params } from '../../src/api/index.js';
import { isSuccessCode } from '../../src/api/response.js';
import { postJodo, startSandbox, type RunningSandbox } from '../helpers/sandbox-server.js';

const VALID: { [M in JodoMethod]: Params<M> } = {
  ImportProcessData: { media: 11, updateparam: 'mobilenumber', data: [{ name: 'A', mobilenumber: '9876543210' }] },
  getProcessData: { searchparam: 'mobilenumber', mobilenumber: '7507959484' },
  reallocatedata: { contactnumber: '7507959484', login: 'tanmay.k' },
  saveDisposition: { login: 'user1', dispomasterid: 1, disporeasonid: 1, contactvalue: '7507959484' },
  customer_recording: { systemcallid: '180717171728015031' },
  customer_multiple_recordings: { systemcallids: ['180717171728015031'] },
  addEditUser: { action: 'add', username: 'New', loginid: 'new@avhan.com', usertype: 'User', mediadetails: [{ media: 'Voice In' }] },
  deleteUser: { loginid: 'dinesh.s@avhan.com' },
  userStatus: { loginids: ['user1'] },
};

describe('every failure code reaches the caller typed and described', () => {
  let running: RunningSandbox;
  let client: JodoClient;
  before(async () => {
    running = await startSandbox();
    client = new JodoClient({ endpoint: running.endpoint, apikey: 'test_org', servicekey: 'VoiceProcess', retries: 0 });
  });
  after(() => running.close());
  beforeEach(() => running.control('/sandbox/reset'));

  for (const method of JODO_METHODS) {
    const table = { ...COMMON_STATUS, ...METHOD_STATUS[method] } as Record<number, string>;
    const failures = Object.keys(table).map(Number).filter((code) => !isSuccessCode(code));
    test(`${method}: ${failures.join(', ')}`, async () => {
      for (const code of failures) {
        const added = await running.control('/sandbox/faults', { method, status: code });
        assert.equal(added.status, 200);
        const error = await client.call(method, VALID[method] as never).catch((e: unknown) => e);
        assert.ok(error instanceof JodoApiError, `${method} ${code}: ${String(error)}`);
        assert.equal(error.code, code);
        assert.equal(error.method, method);
        assert.equal(error.description, table[code]);
      }
      // The faults are used up: the same request now succeeds against the fixture.
      if (method !== 'saveDisposition') assert.ok(isSuccessCode((await client.call(method, VALID[method] as never)).code));
    });
  }

  test('faults can stand for a broken upstream: HTTP errors, garbage and delays, then recovery', async () => {
    const reader = new JodoClient({ endpoint: running.endpoint, apikey: 'test_org', servicekey: 'VoiceProcess', retries: 2, retryDelayMs: 1 });
    await running.control('/sandbox/faults', { method: 'userStatus', http: 503, times: 2 });
    const recovered = await reader.userStatus({ loginids: ['user1'] });
    assert.equal(recovered.data.agents[0]!.state, 1, 'two 503s, then the third attempt answers');

    await running.control('/sandbox/faults', { body: '<html>proxy error</html>' });
    const garbage = await reader.saveDisposition(VALID.saveDisposition).catch((e: unknown) => e);
    assert.equal((garbage as Error).name, 'JodoMalformedResponseError');

    await running.control('/sandbox/faults', { method: 'userStatus', delayMs: 300 });
    const slow = await client.userStatus({ loginids: ['user1'] }, { timeoutMs: 50 }).catch((e: unknown) => e);
    assert.equal((slow as Error).name, 'JodoTimeoutError');
    // A read that timed out is retried, and the retry gets the real answer.
    await running.control('/sandbox/faults', { method: 'userStatus', delayMs: 300 });
    assert.equal((await reader.userStatus({ loginids: ['user1'] }, { timeoutMs: 50 })).code, 1);
  });

  test('bad fault requests are refused with a reason; reset and DELETE clear the queue', async () => {
    for (const fault of [{}, { status: 'x' }, { method: 'nope', status: 5 }, { http: 99 }, { delayMs: 999999 }]) {
      const response = await running.control('/sandbox/faults', fault);
      assert.equal(response.status, 400, JSON.stringify(fault));
      assert.match(String(((await response.json()) as Record<string, unknown>)['error']), /must|name at least/);
    }
    await running.control('/sandbox/faults', { status: 1111, times: 5 });
    const cleared = await fetch(`${running.origin}/sandbox/faults`, { method: 'DELETE' });
    assert.deepEqual(await cleared.json(), { ok: true, pending: 0 });
    assert.equal((await client.userStatus({ loginids: ['user1'] })).code, 1);
  });

  test('addEditUser: a userimage that is not an image file name is 403', async () => {
    const { body } = await postJodo(running.endpoint, {
      method: 'addEditUser', apikey: 'test_org', action: 'add', username: 'Img', loginid: 'img@avhan.com', usertype: 'User',
      mediadetails: [{ media: 'Voice In' }], userimage: 'c2c_clicktocall.exe',
    });
    assert.equal(body['status'], 403);
    assert.equal(body['statusdesc'], 'userimage not found');
  });
});
