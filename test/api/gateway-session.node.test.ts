import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { JodoSessionError, fetchGatewaySession } from '../../src/api/index.js';

const URL = '/jodo/session';

const realFetch = globalThis.fetch;

/** Makes the global fetch answer `body` with `status`; what it was asked. */
function answering(status: number, body: string): RequestInit[] {
  const asked: RequestInit[] = [];
  globalThis.fetch = (async (_url: string, init: RequestInit) => {
    asked.push(init);
    return new Response(body, { status, headers: { 'content-type': 'application/json' } });
  }) as typeof globalThis.fetch;
  return asked;
}

/** The error `fetchGatewaySession` throws for this answer. */
async function refusal(body: string): Promise<JodoSessionError> {
  answering(200, body);
  const error = await fetchGatewaySession(URL).catch((e: unknown) => e);
  assert.ok(error instanceof JodoSessionError, `a JodoSessionError, not ${String(error)}`);
  return error;
}

describe('fetchGatewaySession (the gateway\u2019s GET session)', () => {
  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  test("reads the gateway's identity: blank team members left out, role ignored", async () => {
    const asked = answering(200, JSON.stringify({ login: 'user10', role: 'supervisor', servicekeys: ['VoiceProcess'], team: ['user1', ' ', 'tanmay.k'] }));
    assert.deepEqual(await fetchGatewaySession(URL, { token: 'abc' }), { login: 'user10', servicekeys: ['VoiceProcess'], team: ['user1', 'tanmay.k'] });
    assert.equal(asked[0]!.credentials, 'same-origin');
    assert.deepEqual(asked[0]!.headers, { accept: 'application/json', authorization: 'Bearer abc' });
  });

  test('fields left out read as empty; no token, no authorization header', async () => {
    const asked = answering(200, '{}');
    assert.deepEqual(await fetchGatewaySession(URL), { login: '', servicekeys: [], team: [] });
    assert.deepEqual(asked[0]!.headers, { accept: 'application/json' });
  });

  test('nobody signed in (401, any answer but a 2xx): undefined', async () => {
    answering(401, '{"status":9401}');
    assert.equal(await fetchGatewaySession(URL), undefined);
    answering(404, '<html>');
    assert.equal(await fetchGatewaySession(URL), undefined);
  });

  test('an answer that is not a session is a JodoSessionError naming what is wrong', async () => {
    assert.match((await refusal('<html>sign in</html>')).message, /not a JSON object; HTTP 200\): "<html>sign in<\/html>"/);
    assert.match((await refusal('')).message, /not a JSON object/);
    assert.match((await refusal('["user1"]')).message, /not a JSON object/);
    assert.match((await refusal('null')).message, /not a JSON object/);
    assert.match((await refusal('{"login":42}')).message, /login: must be text/);
    assert.match((await refusal('{"login":"user1","team":"user2"}')).message, /team: must be a list/);
    const error = await refusal('{"login":"user1","servicekeys":["VoiceProcess",7]}');
    assert.match(error.message, /servicekeys\.1: must be text/);
    assert.equal(error.name, 'JodoSessionError');
    assert.equal(error.url, URL);
    assert.equal(error.httpStatus, 200);
    assert.equal(error.bodyStart, '{"login":"user1","servicekeys":["VoiceProcess",7]}');
  });

  test("the caller's abort is fetch's own AbortError", async () => {
    const controller = new AbortController();
    controller.abort();
    // Aborted before it connects: nothing listens there, and nothing is asked.
    await assert.rejects(fetchGatewaySession('http://127.0.0.1:9/jodo/session', { signal: controller.signal }), { name: 'AbortError' });
  });
});
