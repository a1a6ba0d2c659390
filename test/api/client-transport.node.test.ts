import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import {
  JodoApiError,
  JodoClient,
  JodoHttpError,
  JodoMalformedResponseError,
  JodoNetworkError,
  JodoTimeoutError,
  JodoValidationError,
  type JodoClientOptions,
  type JodoMethod,
} from '../../src/api/index.js';
import { startSandbox, type RunningSandbox } from '../helpers/sandbox-server.js';

const POLICY_APIKEY = 'MsQgi5/gKVZusW5XziRf76nHbn9JxU4VDSWwongD5dU=';
const HTML = '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><p>nginx</p></body></html>';

/** What a fault server saw of one request. */
interface Hit {
  method: string;
  contentType: string;
  body: string;
  /** The parsed `data` field of the form body. */
  data: Record<string, unknown>;
}

interface FaultServer {
  endpoint: string;
  hits: Hit[];
  close(): Promise<void>;
}

function readAll(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** A tiny node:http server on port 0; `behave` decides what to do with the n-th request (1-based). */
async function startFaultServer(behave: (n: number, req: IncomingMessage, res: ServerResponse, body: string) => void | Promise<void>): Promise<FaultServer> {
  const hits: Hit[] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readAll(req);
      const raw = new URLSearchParams(body).get('data');
      let data: Record<string, unknown> = {};
      try {
        data = raw === null ? {} : (JSON.parse(raw) as Record<string, unknown>);
      } catch {
        data = {};
      }
      hits.push({ method: req.method ?? '', contentType: req.headers['content-type'] ?? '', body, data });
      await behave(hits.length, req, res, body);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/CustomerWebServices/handleCustomerWS`,
    hits,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function answer(res: ServerResponse, status: number, body: string, type = 'text/html; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** Forwards the raw body to the real sandbox and relays its answer. */
async function proxy(target: string, res: ServerResponse, body: string, contentType: string): Promise<void> {
  const upstream = await fetch(target, { method: 'POST', headers: { 'content-type': contentType }, body });
  answer(res, upstream.status, await upstream.text(), upstream.headers.get('content-type') ?? 'application/json');
}

/** Requests for every method that a fresh sandbox answers with success (all on the test_org organisation). */
const READS = {
  getProcessData: (c: JodoClient) => c.getProcessData({ servicekey: 'VoiceProcess', searchparam: 'mobilenumber', mobilenumber: '7507959484' }),
  userStatus: (c: JodoClient) => c.userStatus({ loginids: ['rupesh.v@avhan.com', 'user10'] }),
  customer_recording: (c: JodoClient) => c.customerRecording({ servicekey: 'VoiceInOut', sessionid: 483, systemcallid: '140912183554281005' }),
  customer_multiple_recordings: (c: JodoClient) =>
    c.customerMultipleRecordings({ servicekey: 'voiceprocess', systemcallids: ['180717171728015031', '180719161420031002'] }),
} satisfies Partial<Record<JodoMethod, (c: JodoClient) => Promise<unknown>>>;

const WRITES = {
  saveDisposition: (c: JodoClient) =>
    c.saveDisposition({ login: 'dinesh.s@avhan.com', dispomasterid: 1, disporeasonid: 1, contactvalue: '9874561320' }),
  ImportProcessData: (c: JodoClient) =>
    c.importProcessData({ media: '8', updateparam: 'crmuniquefield', data: [{ crmuniquefield: 'transport-1', name: 'Ram', mobilenumber: '1234567890' }] }),
  reallocatedata: (c: JodoClient) => c.reallocateData({ contactnumber: '7507959484', login: 'tanmay.k', calldatetime: '2018-11-10 09:00:00' }),
  addEditUser: (c: JodoClient) =>
    c.addEditUser({ action: 'add', username: 'Batman12', loginid: 'Batman12@avhan.com', usertype: 'user', mediadetails: [{ media: 'Email In' }] }),
  deleteUser: (c: JodoClient) => c.deleteUser({ loginid: 'rupesh.v@avhan.com' }),
} satisfies Partial<Record<JodoMethod, (c: JodoClient) => Promise<unknown>>>;

describe('JodoClient transport over real HTTP', () => {
  let running: RunningSandbox;
  const servers: FaultServer[] = [];

  const clientFor = (endpoint: string, options: Partial<JodoClientOptions> = {}) =>
    new JodoClient({ endpoint, apikey: 'test_org', servicekey: 'VoiceProcess', retries: 2, retryDelayMs: 5, maxRetryDelayMs: 20, ...options });

  async function fault(behave: Parameters<typeof startFaultServer>[0]): Promise<FaultServer> {
    const server = await startFaultServer(behave);
    servers.push(server);
    return server;
  }

  /** Answers 503 (HTML) the first `n` times, then relays to the sandbox. */
  const flaky = (n: number) => fault((i, req, res, body) => (i <= n ? answer(res, 503, HTML) : proxy(running.endpoint, res, body, req.headers['content-type'] ?? '')));
  /** Resets the connection the first `n` times, then relays to the sandbox. */
  const resetting = (n = Infinity) =>
    fault((i, req, res, body) => {
      if (i <= n) req.socket.destroy();
      else return proxy(running.endpoint, res, body, req.headers['content-type'] ?? '');
    });
  /** Reads the request and never answers. */
  const silent = () => fault(() => undefined);

  before(async () => {
    running = await startSandbox();
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await running.close();
  });
  beforeEach(() => running.control('/sandbox/reset'));

  describe('the request on the wire', () => {
    test('is a form-encoded data=<JSON> POST with reqdatetime in YYYY-MM-DD hh:mm:ss (1-based month)', async () => {
      const server = await flaky(0);
      const client = clientFor(server.endpoint, { now: () => new Date(2024, 0, 5, 9, 3, 7) });
      const result = await client.userStatus({ loginids: ['rupesh.v@avhan.com'] });
      assert.equal(result.data.agents[0]!.ok, true);
      assert.equal(server.hits.length, 1);
      const [hit] = server.hits;
      assert.equal(hit!.method, 'POST');
      assert.match(hit!.contentType, /^application\/x-www-form-urlencoded\b/);
      assert.ok(hit!.body.startsWith('data='), hit!.body);
      assert.deepEqual([...new URLSearchParams(hit!.body).keys()], ['data']);
      assert.deepEqual(hit!.data, {
        method: 'userStatus',
        apikey: 'test_org',
        servicekey: 'VoiceProcess',
        loginids: ['rupesh.v@avhan.com'],
        reqdatetime: '2024-01-05 09:03:07',
      });
    });

    test('percent-encodes the JSON so +, & and = arrive intact', async () => {
      const server = await flaky(0);
      const client = clientFor(server.endpoint);
      const result = await client.userStatus({ loginids: ['a+b&c=d@avhan.com'] });
      assert.equal(result.data.agents[0]!.login, 'a+b&c=d@avhan.com');
      assert.deepEqual(server.hits.at(-1)!.data['loginids'], ['a+b&c=d@avhan.com']);
    });

    test('the default servicekey is used, and an explicit one wins', async () => {
      const server = await flaky(0);
      const client = clientFor(server.endpoint);
      await client.userStatus({ loginids: ['user1'] });
      await client.userStatus({ servicekey: 'VoiceInOut', loginids: ['user1'] });
      assert.deepEqual(
        server.hits.map((h) => h.data['servicekey']),
        ['VoiceProcess', 'VoiceInOut'],
      );
    });

    test('addEditUser and deleteUser carry no servicekey', async () => {
      const server = await flaky(0);
      const client = clientFor(server.endpoint);
      await client.deleteUser({ loginid: 'rupesh.v@avhan.com' });
      assert.equal('servicekey' in server.hits[0]!.data, false);
      assert.equal(server.hits[0]!.data['apikey'], 'test_org');
    });

    test('apikey is omitted when not configured (the sandbox then answers 1107)', async () => {
      const server = await flaky(0);
      const client = new JodoClient({ endpoint: server.endpoint, servicekey: 'VoiceProcess', retries: 0 });
      await assert.rejects(client.userStatus({ loginids: ['user1'] }), (e: unknown) => e instanceof JodoApiError && e.code === 1107);
      assert.equal(server.hits.length, 1);
      assert.equal('apikey' in server.hits[0]!.data, false);
      assert.equal(server.hits[0]!.data['servicekey'], 'VoiceProcess');
    });

    test('no parameter can change the method, the apikey or the request time', async () => {
      const server = await flaky(0);
      const client = clientFor(server.endpoint, { now: () => new Date(2024, 0, 5, 9, 3, 7) });
      const params = { loginids: ['user1'], method: 'deleteUser', apikey: 'other', reqdatetime: 'x', loginid: 'rupesh.v@avhan.com' };
      const result = await client.userStatus(params as { loginids: string[] });
      assert.equal(result.data.agents[0]!.login, 'user1');
      assert.equal(server.hits[0]!.data['method'], 'userStatus');
      assert.equal(server.hits[0]!.data['apikey'], 'test_org');
      assert.equal(server.hits[0]!.data['reqdatetime'], '2024-01-05 09:03:07');
      const rupesh = await client.userStatus({ loginids: ['rupesh.v@avhan.com'] });
      assert.equal(rupesh.data.agents[0]!.ok, true, 'nobody was deleted');
    });

    test('params JSON cannot express are a validation error, and nothing is sent', async () => {
      const server = await flaky(0);
      const client = clientFor(server.endpoint);
      const cyclic: Record<string, unknown> = {};
      cyclic['self'] = cyclic;
      for (const extra of [1n, cyclic]) {
        const error = await client.userStatus({ loginids: ['user1'], extra } as { loginids: string[] }).catch((e: unknown) => e);
        assert.ok(error instanceof JodoValidationError, String(error));
        assert.deepEqual(error.fields, ['request']);
      }
      assert.equal(server.hits.length, 0);
    });

    test('an option given as undefined keeps its default (no 1 ms timeout)', async () => {
      const server = await flaky(0);
      const client = new JodoClient({ endpoint: server.endpoint, apikey: 'test_org', servicekey: 'VoiceProcess', timeoutMs: undefined, retries: undefined });
      assert.equal((await client.userStatus({ loginids: ['user1'] })).code, 1);
      const unlimited = clientFor(server.endpoint, { timeoutMs: Infinity });
      assert.equal((await unlimited.userStatus({ loginids: ['user1'] })).code, 1);
    });

    test('configured and per-call headers are sent', async () => {
      const seen: (string | undefined)[][] = [];
      const server = await fault((_i, req, res, body) => {
        seen.push([req.headers['x-gateway'] as string | undefined, req.headers['x-call'] as string | undefined]);
        return proxy(running.endpoint, res, body, req.headers['content-type'] ?? '');
      });
      const client = clientFor(server.endpoint, { headers: { 'x-gateway': 'g1' } });
      await client.userStatus({ loginids: ['user1'] }, { headers: { 'x-call': 'c1' } });
      assert.deepEqual(seen, [['g1', 'c1']]);
      assert.equal(server.hits.length, 1);
    });
  });

  describe('read-only methods are retried on 5xx and network errors', () => {
    for (const [method, call] of Object.entries(READS)) {
      test(`${method}: two 503s, then success on the third attempt`, async () => {
        const server = await flaky(2);
        const result = await call(clientFor(server.endpoint, { retries: 2 }));
        assert.ok(result.code === 1 || result.code === 3, `code ${result.code}`);
        assert.equal(server.hits.length, 3);
        assert.ok(server.hits.every((h) => h.data['method'] === method));
      });

      test(`${method}: 503 every time throws JodoHttpError after 1 + retries attempts`, async () => {
        const server = await flaky(Infinity);
        await assert.rejects(
          call(clientFor(server.endpoint, { retries: 3 })),
          (e: unknown) => e instanceof JodoHttpError && e.httpStatus === 503 && e.transient && e.method === method,
        );
        assert.equal(server.hits.length, 4);
      });

      test(`${method}: two connection resets, then success`, async () => {
        const server = await resetting(2);
        const result = await call(clientFor(server.endpoint, { retries: 2 }));
        assert.ok(result.code === 1 || result.code === 3);
        assert.equal(server.hits.length, 3);
      });

      test(`${method}: reset every time throws JodoNetworkError after 1 + retries attempts`, async () => {
        const server = await resetting();
        await assert.rejects(call(clientFor(server.endpoint, { retries: 2 })), (e: unknown) => e instanceof JodoNetworkError && e.transient);
        assert.equal(server.hits.length, 3);
      });
    }

    test('retries: 0 means exactly one attempt', async () => {
      const server = await flaky(Infinity);
      await assert.rejects(READS.userStatus(clientFor(server.endpoint, { retries: 0 })), JodoHttpError);
      assert.equal(server.hits.length, 1);
    });

    test('a connection refused is a JodoNetworkError, retried', async () => {
      const server = await silent();
      const endpoint = server.endpoint;
      await server.close();
      servers.splice(servers.indexOf(server), 1);
      await assert.rejects(READS.userStatus(clientFor(endpoint, { retries: 1 })), (e: unknown) => e instanceof JodoNetworkError && e.cause !== undefined);
    });

    test('a Jodo failure code is not retried', async () => {
      const server = await flaky(0);
      await assert.rejects(
        clientFor(server.endpoint, { retries: 3 }).getProcessData({ searchparam: 'customercode', customercode: 'no-such-code' }),
        (e: unknown) => e instanceof JodoApiError && e.code === 14 && !e.transient,
      );
      assert.equal(server.hits.length, 1);
    });

    test('a 4xx is not retried', async () => {
      const server = await fault((_i, _req, res) => answer(res, 404, HTML));
      await assert.rejects(
        READS.userStatus(clientFor(server.endpoint, { retries: 3 })),
        (e: unknown) => e instanceof JodoHttpError && e.httpStatus === 404 && !e.transient,
      );
      assert.equal(server.hits.length, 1);
    });

    test('a retried read reaches the real data (Policy customercode 1)', async () => {
      const server = await flaky(1);
      const client = new JodoClient({ endpoint: server.endpoint, apikey: POLICY_APIKEY, servicekey: 'Policy', retries: 1, retryDelayMs: 5 });
      const result = await client.getProcessData({ searchparam: 'customercode', customercode: '1' });
      assert.equal(result.data.records[0]!['name'], 'Avhan Technologies');
      assert.equal(server.hits.length, 2);
    });
  });

  describe('writes are never retried', () => {
    for (const [method, call] of Object.entries(WRITES)) {
      test(`${method}: one hit on a 503`, async () => {
        const server = await flaky(Infinity);
        await assert.rejects(call(clientFor(server.endpoint, { retries: 5 })), (e: unknown) => e instanceof JodoHttpError && e.httpStatus === 503 && e.transient);
        assert.equal(server.hits.length, 1);
        assert.equal(server.hits[0]!.data['method'], method);
      });

      test(`${method}: one hit on a 503 even when the next attempt would succeed`, async () => {
        const server = await flaky(1);
        await assert.rejects(call(clientFor(server.endpoint, { retries: 5 })), JodoHttpError);
        assert.equal(server.hits.length, 1);
      });

      test(`${method}: one hit on a connection reset`, async () => {
        const server = await resetting();
        await assert.rejects(call(clientFor(server.endpoint, { retries: 5 })), (e: unknown) => e instanceof JodoNetworkError && e.transient);
        assert.equal(server.hits.length, 1);
      });

      test(`${method}: one hit on a timeout`, async () => {
        const server = await silent();
        await assert.rejects(call(clientFor(server.endpoint, { retries: 5, timeoutMs: 200 })), (e: unknown) => e instanceof JodoTimeoutError && e.transient);
        assert.equal(server.hits.length, 1);
      });
    }
  });

  describe('timeouts', () => {
    test('no answer within timeoutMs throws JodoTimeoutError', async () => {
      const server = await silent();
      await assert.rejects(
        READS.userStatus(clientFor(server.endpoint, { timeoutMs: 200, retries: 0 })),
        (e: unknown) => e instanceof JodoTimeoutError && e.timeoutMs === 200 && e.method === 'userStatus',
      );
      assert.equal(server.hits.length, 1);
    });

    test('a retried read times out per attempt', async () => {
      const server = await silent();
      await assert.rejects(READS.getProcessData(clientFor(server.endpoint, { timeoutMs: 200, retries: 2 })), JodoTimeoutError);
      assert.equal(server.hits.length, 3);
    });

    test('a timeout then an answer: the retry succeeds', async () => {
      const server = await fault((i, req, res, body) => (i === 1 ? undefined : proxy(running.endpoint, res, body, req.headers['content-type'] ?? '')));
      const result = await READS.userStatus(clientFor(server.endpoint, { timeoutMs: 1000, retries: 1 }));
      assert.equal(result.data.agents.length, 2);
      assert.equal(server.hits.length, 2);
    });

    test('the per-call timeoutMs overrides the client one', async () => {
      const server = await silent();
      await assert.rejects(
        clientFor(server.endpoint, { timeoutMs: 60_000, retries: 0 }).userStatus({ loginids: ['user1'] }, { timeoutMs: 150 }),
        (e: unknown) => e instanceof JodoTimeoutError && e.timeoutMs === 150,
      );
    });
  });

  describe("the caller's AbortSignal", () => {
    const isAbortError = (e: unknown) => e instanceof Error && e.name === 'AbortError';

    // The test timeouts below only guard against a hang (an abort that is not wired in); nothing asserts a duration.
    test('aborted mid-request rejects with the AbortError and is not retried', { timeout: 10_000 }, async () => {
      // The server has the request and never answers; the caller aborts then.
      const controller = new AbortController();
      const server = await fault(() => controller.abort());
      const client = clientFor(server.endpoint, { retries: 3, timeoutMs: 60_000 });
      await assert.rejects(client.userStatus({ loginids: ['user1'] }, { signal: controller.signal }), isAbortError);
      assert.equal(server.hits.length, 1);
    });

    test('a reason given to abort() is what rejects', async () => {
      const controller = new AbortController();
      const reason = new DOMException('user left the page', 'AbortError');
      const server = await fault(() => controller.abort(reason));
      await assert.rejects(clientFor(server.endpoint).userStatus({ loginids: ['user1'] }, { signal: controller.signal }), (e: unknown) => e === reason);
      assert.equal(server.hits.length, 1);
    });

    test('an already aborted signal sends nothing', async () => {
      const server = await flaky(0);
      await assert.rejects(clientFor(server.endpoint).userStatus({ loginids: ['user1'] }, { signal: AbortSignal.abort() }), isAbortError);
      assert.equal(server.hits.length, 0);
    });

    test('aborted during a back-off sleep: no further attempt', { timeout: 10_000 }, async (t) => {
      // Full jitter at its ceiling: the back-off after the first 503 is ~60 s, so the abort lands in it.
      t.mock.method(Math, 'random', () => 0.999);
      const controller = new AbortController();
      const server = await fault((_i, _req, res) => {
        res.on('finish', () => setTimeout(() => controller.abort(), 30));
        answer(res, 503, HTML);
      });
      const client = clientFor(server.endpoint, { retries: 3, retryDelayMs: 60_000, maxRetryDelayMs: 60_000 });
      await assert.rejects(client.userStatus({ loginids: ['user1'] }, { signal: controller.signal }), isAbortError);
      assert.equal(server.hits.length, 1);
    });

    test('a timeout of the caller (AbortSignal.timeout) is not turned into a retry', async () => {
      const server = await silent();
      await assert.rejects(
        clientFor(server.endpoint, { retries: 3, timeoutMs: 60_000 }).userStatus({ loginids: ['user1'] }, { signal: AbortSignal.timeout(150) }),
        (e: unknown) => e instanceof Error && e.name === 'TimeoutError',
      );
      assert.equal(server.hits.length, 1);
    });
  });

  describe('answers that are not Jodo JSON', () => {
    test('an HTML body with 200 is JodoMalformedResponseError quoting the start of the body, not retried', async () => {
      const server = await fault((_i, _req, res) => answer(res, 200, HTML));
      await assert.rejects(READS.userStatus(clientFor(server.endpoint, { retries: 3 })), (e: unknown) => {
        assert.ok(e instanceof JodoMalformedResponseError);
        assert.equal(e.httpStatus, 200);
        assert.equal(e.bodyStart, HTML.slice(0, 200));
        assert.ok(e.bodyStart.startsWith('<!DOCTYPE html><html>'));
        assert.equal(e.transient, false);
        return true;
      });
      assert.equal(server.hits.length, 1);
    });

    test('bodyStart is cut at 200 characters of a long body', async () => {
      const long = `<html>${'x'.repeat(5000)}</html>`;
      const server = await fault((_i, _req, res) => answer(res, 200, long));
      await assert.rejects(
        READS.userStatus(clientFor(server.endpoint)),
        (e: unknown) => e instanceof JodoMalformedResponseError && e.bodyStart === long.slice(0, 200),
      );
    });

    test('a 503 with an HTML body is JodoHttpError, transient', async () => {
      const server = await flaky(Infinity);
      await assert.rejects(WRITES.saveDisposition(clientFor(server.endpoint)), (e: unknown) => {
        assert.ok(e instanceof JodoHttpError);
        assert.equal(e.httpStatus, 503);
        assert.equal(e.transient, true);
        assert.equal(e.bodyStart, HTML.slice(0, 200));
        return true;
      });
    });

    test('an empty 200 body is JodoMalformedResponseError', async () => {
      const server = await fault((_i, _req, res) => answer(res, 200, '', 'application/json'));
      await assert.rejects(READS.userStatus(clientFor(server.endpoint)), JodoMalformedResponseError);
      assert.equal(server.hits.length, 1);
    });

    test('a 502 with a JSON failure body is the JodoApiError of its code', async () => {
      const server = await fault((_i, _req, res) =>
        answer(res, 502, JSON.stringify({ method: 'userStatus', status: 1108, statusdesc: 'Service key not found' }), 'application/json'),
      );
      await assert.rejects(READS.userStatus(clientFor(server.endpoint)), (e: unknown) => e instanceof JodoApiError && e.code === 1108);
      assert.equal(server.hits.length, 1);
    });
  });
});
