/** The gateway's connections to Jodo: a bounded keep-alive pool, one deadline per exchange, encodings, a stale connection. */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import { after, describe, test } from 'node:test';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { createGateway, type GatewayOptions } from '../../../src/server/gateway/gateway.js';
import { UpstreamTimeout, UpstreamUnreachable, createUpstream } from '../../../src/server/gateway/upstream.js';
import { eventMessages, linesLogger } from '../../helpers/log-lines.js';

const KEY = 'test_org_upstream_key';
const USER1 = { login: 'user1', role: 'agent' as const, servicekeys: ['VoiceProcess'], team: [] };
const STATUS = JSON.stringify({ method: 'userStatus', statuscode: '001', statusdata: [{ login: 'user1', status: 3 }] });

const closers: (() => Promise<void>)[] = [];
after(async () => {
  for (const close of closers.reverse()) await close();
});

const listen = async <T extends Server | NetServer>(server: T): Promise<string> => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

/** An upstream that counts connections and answers each request with `answer`. */
async function upstreamServer(answer: (req: IncomingMessage, res: ServerResponse) => void) {
  const seen = { connections: 0, open: 0, maxOpen: 0, requests: 0 };
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    seen.requests++;
    req.resume();
    req.on('end', () => answer(req, res));
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    seen.connections++;
    seen.maxOpen = Math.max(seen.maxOpen, ++seen.open);
    socket.on('close', () => (seen.open--, sockets.delete(socket)));
  });
  const url = await listen(server);
  closers.push(async () => sockets.forEach((s) => s.destroy()));
  return { url, seen };
}

async function gatewayFor(upstream: string, options: Partial<GatewayOptions> = {}) {
  const logs: string[] = [];
  const gateway = createGateway({ upstream, apikey: KEY, logger: linesLogger(logs), rateLimit: { limit: 10_000, windowMs: 60_000 }, ...options });
  const cookie = `jodo_session=${await gateway.sessions.create(USER1)}`;
  const server = createServer((req, res) => void gateway.handle(req, res));
  const origin = await listen(server);
  closers.push(async () => {
    server.closeAllConnections();
    await gateway.close();
  });
  const userStatus = async () => {
    const response = await fetch(`${origin}/jodo`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ data: JSON.stringify({ method: 'userStatus', loginids: ['user1'] }) }),
    });
    const text = await response.text();
    return { status: response.status, body: JSON.parse(text) as Record<string, unknown>, text };
  };
  return { userStatus, logs, gateway, origin, cookie };
}

describe('the gateway\'s upstream connections', () => {
  test('a burst of requests shares at most upstreamMaxSockets connections, kept alive and reused; every request is answered', async () => {
    const upstream = await upstreamServer((_req, res) => setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(STATUS), 30));
    const gateway = await gatewayFor(`${upstream.url}/CustomerWebServices/handleCustomerWS`, { upstreamMaxSockets: 3 });
    const answers = await Promise.all(Array.from({ length: 20 }, () => gateway.userStatus()));
    assert.deepEqual(answers.map((a) => a.status), Array(20).fill(200));
    assert.equal(upstream.seen.requests, 20);
    assert.ok(upstream.seen.maxOpen <= 3, `${upstream.seen.maxOpen} connections open at once`);
    assert.ok(upstream.seen.connections <= 3, `${upstream.seen.connections} connections opened for 20 requests`);
    // And the next request rides a connection already open.
    assert.equal((await gateway.userStatus()).status, 200);
    assert.ok(upstream.seen.connections <= 3);
  });

  test('an upstream that never answers: every request, those waiting for a connection too, gets 504 / 9504 within the timeout', async () => {
    const upstream = await upstreamServer(() => undefined); // holds every request
    const gateway = await gatewayFor(`${upstream.url}/jodo`, { upstreamMaxSockets: 1, upstreamTimeoutMs: 200 });
    const started = Date.now();
    const answers = await Promise.all(Array.from({ length: 4 }, () => gateway.userStatus()));
    const took = Date.now() - started;
    for (const answer of answers) {
      assert.equal(answer.status, 504, answer.text);
      assert.equal(answer.body['status'], 9504);
      assert.ok(!answer.text.includes(KEY));
    }
    // Not a measure of speed: a hang would take the test's own timeout; a loaded machine may take seconds.
    assert.ok(took < 200 + 5000, `answered after ${took} ms`);
    // The pool's bound is checked below, from the pool's side: the upstream sees a connection the gateway
    // dropped as open until its FIN arrives, which may be after the next connection's SYN.
    assert.deepEqual(new Set(eventMessages(gateway.logs)), new Set(['gateway: userStatus upstream timed out']));
  });

  test('an upstream that never answers: the pool never holds more than maxSockets connections, dropping timed-out ones included', async () => {
    const upstream = createUpstream({ maxSockets: 1, timeoutMs: 200, maxBytes: 1024 });
    closers.push(() => upstream.close());
    const held = () => upstream.connections();
    // Counted when the upstream accepts each connection: the pool has made it by then, and let go of any it dropped.
    const counts: number[] = [];
    const server = createServer((req) => req.resume());
    server.on('connection', () => counts.push(held()));
    const url = await listen(server);
    closers.push(async () => server.closeAllConnections());
    const outcomes = await Promise.allSettled(Array.from({ length: 4 }, (_, i) => new Promise((resolve) => setTimeout(resolve, i * 20)).then(() => upstream.post(`${url}/jodo`, 'data=x', true))));
    assert.deepEqual(outcomes.map((o) => o.status === 'rejected' && o.reason instanceof UpstreamTimeout), [true, true, true, true]);
    assert.ok(counts.length >= 1, 'the upstream was reached');
    assert.ok(counts.every((n) => n <= 1), `connections held by the pool as each opened: ${counts.join(', ')}`);
  });

  test('requests that time out while waiting for a connection are never sent, and open no connection of their own', async () => {
    const upstream = await upstreamServer((_req, res) => setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(STATUS), 300));
    const pool = createUpstream({ maxSockets: 1, timeoutMs: 100, maxBytes: 1024 });
    closers.push(() => pool.close());
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, () => pool.post(`${upstream.url}/jodo`, 'data=x', true)));
    assert.deepEqual(new Set(outcomes.map((o) => o.status === 'rejected' && o.reason instanceof UpstreamTimeout)), new Set([true]));
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(upstream.seen.requests, 1, 'only the request that had the connection went out');
    // Its own, and the one undici opens again after an exchange is aborted (kept for the next request): not one per request.
    assert.ok(upstream.seen.connections <= 2, `${upstream.seen.connections} connections`);
  });

  test('a write whose connection fails is never sent again; a read is, once', async () => {
    // A raw upstream that answers the first request on each connection (keep-alive) and resets the connection on the second.
    let requests = 0;
    const raw = createNetServer((socket) => {
      let onThis = 0;
      socket.on('data', (data) => {
        if (!data.includes('\r\n\r\n')) return;
        requests++;
        if (++onThis > 1) return void socket.resetAndDestroy();
        socket.write(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: keep-alive\r\nContent-Length: ${STATUS.length}\r\n\r\n${STATUS}`);
      });
      socket.on('error', () => undefined);
    });
    const url = `${await listen(raw)}/jodo`;
    const pool = createUpstream({ maxSockets: 1, timeoutMs: 2000, maxBytes: 1024 });
    closers.push(() => pool.close());
    assert.equal((await pool.post(url, 'data=read', true)).status, 200);
    await assert.rejects(pool.post(url, 'data=write', false), UpstreamUnreachable);
    assert.equal(requests, 2, 'the write went out once');
    assert.equal((await pool.post(url, 'data=read', true)).status, 200);
    assert.equal((await pool.post(url, 'data=read', true)).status, 200, 'a read on a reset connection is sent again');
    assert.equal(requests, 5);
  });

  test("Jodo's time is counted for a call that ends after its caller has gone", async () => {
    const upstream = await upstreamServer((_req, res) => setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(STATUS), 300));
    const { gateway, origin, cookie } = await gatewayFor(`${upstream.url}/jodo`);
    const count = async () => ((await gateway.metrics.jodoSeconds.get()).values.find((v) => v.metricName?.endsWith('_count') && v.labels['method'] === 'userStatus')?.value ?? 0);
    await assert.rejects(
      fetch(`${origin}/jodo`, {
        method: 'POST',
        headers: { cookie },
        body: new URLSearchParams({ data: JSON.stringify({ method: 'userStatus', loginids: ['user1'] }) }),
        signal: AbortSignal.timeout(100),
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 400));
    assert.equal(upstream.seen.requests, 1);
    assert.equal(await count(), 1);
  });

  test('an upstream that stops mid-answer after the timeout has started: 504, and the connection is not reused', async () => {
    const carried: Socket[] = [];
    const upstream = await upstreamServer((req, res) => {
      carried.push(req.socket);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(STATUS.length) });
      res.write(STATUS.slice(0, 10)); // and never the rest
    });
    const gateway = await gatewayFor(`${upstream.url}/jodo`, { upstreamTimeoutMs: 150 });
    const answer = await gateway.userStatus();
    assert.equal(answer.status, 504);
    assert.equal(answer.body['status'], 9504);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(carried.length, 1);
    assert.ok(carried[0]!.closed, 'the stalled connection was dropped');
    // The next request goes out on another connection.
    assert.equal((await gateway.userStatus()).status, 504);
    assert.equal(carried.length, 2);
    assert.notEqual(carried[1], carried[0]);
  });

  test('an answer in gzip is read; one larger than allowed once decoded is refused 502 / 9502', async () => {
    const big = JSON.stringify({ method: 'userStatus', statuscode: '001', statusdata: [{ login: 'user1', status: 3, note: 'x'.repeat(9 * 1024 * 1024) }] });
    let answerBig = false;
    const upstream = await upstreamServer((req, res) => {
      assert.match(String(req.headers['accept-encoding']), /gzip/);
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(gzipSync(answerBig ? big : STATUS));
    });
    const gateway = await gatewayFor(`${upstream.url}/jodo`);
    const small = await gateway.userStatus();
    assert.equal(small.status, 200);
    assert.deepEqual(small.body['statusdata'], [{ login: 'user1', status: 3 }]);
    answerBig = true;
    const tooBig = await gateway.userStatus();
    assert.equal(tooBig.status, 502);
    assert.equal(tooBig.body['status'], 9502);
  });

  test('the encoding is read from the header however it is spelled; one not understood, or two, is refused 502 / 9502', async () => {
    // Raw answers: the header's name and value exactly as written here, not as Node's server would write them.
    let headers = '';
    let body: Buffer = Buffer.from(STATUS);
    const raw = createNetServer((socket) => {
      socket.on('data', (data) => {
        if (!data.includes('\r\n\r\n')) return;
        socket.write(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n${headers}Content-Length: ${body.length}\r\n\r\n`);
        socket.write(body);
      });
      socket.on('error', () => undefined);
    });
    const gateway = await gatewayFor(`${await listen(raw)}/jodo`);
    const cases: [string, Buffer, number][] = [
      ['CONTENT-ENCODING: GZip \r\n', gzipSync(STATUS), 200],
      ['content-encoding: deflate\r\n', deflateSync(STATUS), 200],
      ['Content-Encoding: br\r\n', brotliCompressSync(STATUS), 200],
      ['Content-Encoding: identity\r\n', Buffer.from(STATUS), 200],
      ['Content-Encoding: compress\r\n', gzipSync(STATUS), 502],
      ['Content-Encoding: gzip\r\nContent-Encoding: br\r\n', gzipSync(STATUS), 502],
      ['Content-Encoding: br\r\nContent-Encoding: gzip\r\n', gzipSync(STATUS), 502],
    ];
    for (const [spelled, encoded, expected] of cases) {
      headers = spelled;
      body = encoded;
      const answer = await gateway.userStatus();
      assert.equal(answer.status, expected, spelled);
      if (expected === 200) assert.deepEqual(answer.body['statusdata'], [{ login: 'user1', status: 3 }], spelled);
      else assert.equal(answer.body['status'], 9502, spelled);
    }
  });

  test('a kept-alive connection the upstream has closed: a read is sent again on a new one, once', async () => {
    // A raw upstream that answers the first request on each connection (keep-alive) and resets the connection on the second.
    let connections = 0;
    let resets = 0;
    const raw = createNetServer((socket) => {
      connections++;
      let requests = 0;
      socket.on('data', (data) => {
        if (!data.includes('\r\n\r\n')) return;
        if (++requests > 1) return void (resets++, socket.resetAndDestroy());
        socket.write(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: keep-alive\r\nContent-Length: ${STATUS.length}\r\n\r\n${STATUS}`);
      });
      socket.on('error', () => undefined);
    });
    const url = await listen(raw);
    const gateway = await gatewayFor(`${url}/jodo`, { upstreamMaxSockets: 1 });
    assert.equal((await gateway.userStatus()).status, 200);
    const again = await gateway.userStatus();
    assert.equal(again.status, 200, again.text);
    assert.equal(resets, 1, 'the second request went out on the kept-alive connection');
    assert.equal(connections, 2, 'and again on a new one');
    assert.deepEqual(eventMessages(gateway.logs), []);
  });
});
