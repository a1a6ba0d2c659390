/**
 * The sandbox's HTTP edges as Hono serves them, over real HTTP: streamed bodies (no declared length) under and
 * over 1 MiB, paths matched as sent, HEAD on the Jodo endpoint, and a Host that names no host.
 */
import assert from 'node:assert/strict';
import { request as httpRequest, type RequestOptions } from 'node:http';
import { Readable } from 'node:stream';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startSandbox, type RunningSandbox } from '../../helpers/sandbox-server.js';

const KEYS = { apikey: 'test_org', servicekey: 'VoiceProcess' };

interface Answer {
  status: number | string;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** Sends `chunks` as they come (chunked transfer encoding, no Content-Length), as a streaming client does. */
function send(url: string, options: RequestOptions, chunks: Buffer[] = []): Promise<Answer> {
  return new Promise((resolve) => {
    const req = httpRequest(url, options, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text }));
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ status: error.code ?? 'error', headers: {}, text: '' }));
    Readable.from(chunks).pipe(req);
  });
}

const streamedForm = (url: string, chunks: Buffer[]) => send(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, chunks);
const form = (request: unknown) => Buffer.from(new URLSearchParams({ data: JSON.stringify(request) }).toString());

describe('sandbox HTTP edges', () => {
  let running: RunningSandbox;
  before(async () => {
    running = await startSandbox();
  });
  after(() => running.close());
  beforeEach(() => running.control('/sandbox/reset'));

  const recordCount = () => (running.sandbox.db.prepare('SELECT count(*) AS n FROM records').get() as { n: number }).n;

  test('a streamed form body under 1 MiB is read like a declared one', async () => {
    const body = form({ method: 'userStatus', ...KEYS, loginids: ['user1'] });
    const answer = await streamedForm(running.endpoint, [body.subarray(0, 10), body.subarray(10)]);
    assert.equal(answer.status, 200);
    assert.equal((JSON.parse(answer.text) as Record<string, unknown>)['statuscode'], '001');
  });

  test('a streamed import over 1 MiB is refused, and nothing of it is stored', async () => {
    const before = recordCount();
    const records = Array.from({ length: 9000 }, (_, i) => ({ name: `Streamed ${i} ${'x'.repeat(100)}`, mobilenumber: `96${String(i).padStart(8, '0')}` }));
    const body = form({ method: 'ImportProcessData', ...KEYS, media: 12, updateparam: 'mobilenumber', data: records });
    assert.ok(body.length > 1024 * 1024);
    const chunks = Array.from({ length: Math.ceil(body.length / 65536) }, (_, i) => body.subarray(i * 65536, (i + 1) * 65536));
    const answer = await streamedForm(running.endpoint, chunks);
    // The refusal, or (the client still sending when the connection closes) a reset.
    if (answer.status === 413) {
      const reply = JSON.parse(answer.text) as Record<string, unknown>;
      assert.equal(reply['status'], 2);
      assert.match(String(reply['statusdesc']), /larger than 1 MiB/);
      assert.equal(answer.headers['connection'], 'close');
    } else {
      assert.match(String(answer.status), /^(ECONNRESET|EPIPE)$/);
    }
    assert.equal(recordCount(), before);
  });

  test('a declared body over 1 MiB to the Jodo endpoint is a 413 Jodo failure, read off first, and stores nothing', async () => {
    const before = recordCount();
    const records = Array.from({ length: 9000 }, (_, i) => ({ name: `Declared ${i} ${'x'.repeat(100)}`, mobilenumber: `95${String(i).padStart(8, '0')}` }));
    const response = await fetch(running.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form({ method: 'ImportProcessData', ...KEYS, media: 12, updateparam: 'mobilenumber', data: records }),
    });
    assert.equal(response.status, 413);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    assert.equal(((await response.json()) as Record<string, unknown>)['status'], 2);
    assert.equal(recordCount(), before);
  });

  test('paths are matched as sent: a percent-encoded control path is no route', async () => {
    await running.control('/sandbox/agents/state', { login: 'user1', currentstatus: 6 });
    const encoded = await running.control('/sandbox/%72eset');
    assert.equal(encoded.status, 404);
    assert.match(String(((await encoded.json()) as Record<string, unknown>)['error']), /no such sandbox route/);
    const agent = running.sandbox.db.prepare('SELECT state FROM agents WHERE login = ?').get('user1') as { state: number };
    assert.equal(agent.state, 6, 'no reset happened');
  });

  test('HEAD on the Jodo endpoint is a 405 and is not counted as a request', async () => {
    const head = await fetch(running.endpoint, { method: 'HEAD' });
    assert.equal(head.status, 405);
    assert.equal(head.headers.get('allow'), 'GET, POST');
    const stats = (await (await fetch(`${running.origin}/sandbox/stats`)).json()) as Record<string, unknown>;
    assert.deepEqual(stats['requests'], {});
  });

  test('a Host header that names no host is a 400 JSON error, without a stack trace', async () => {
    const answer = await send(`${running.origin}/sandbox/health`, { headers: { host: 'not a host' } });
    assert.equal(answer.status, 400);
    assert.equal(answer.text, '{"ok":false,"error":"the request target or Host header is not valid"}');
    assert.deepEqual(await (await fetch(`${running.origin}/sandbox/health`)).json(), { ok: true });
  });

  test('nothing above made the sandbox log an unexpected failure', () => {
    assert.deepEqual(running.logs, []);
  });
});
