/** Taking a request's body at once when it has all arrived (bodyAtHand), and falling back to reading it (readBody). */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { after, describe, test } from 'node:test';
import { BodyTooLargeError, bodyAtHand, readBody } from '../../../src/server/http/body.js';

const servers: (() => void)[] = [];
after(() => servers.forEach((close) => close()));

/** A server whose handler takes the body as the Jodo endpoint does: after an await, at hand or else read. */
async function bodyServer(limit: number) {
  const seen: { atHand: string | undefined; body: string | Error; closed: Promise<void> }[] = [];
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    await Promise.resolve(); // the endpoint's admission awaits before it reads
    const atHand = bodyAtHand(req, limit);
    const closed = new Promise<void>((resolve) => req.once('close', () => resolve()));
    let body: string | Error;
    try {
      body = atHand ?? (await readBody(req, limit));
    } catch (error) {
      body = error as Error;
    }
    seen.push({ atHand, body, closed });
    res.writeHead(200, { 'content-length': '2' }).end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(() => (server.closeAllConnections(), server.close()));
  return { port: (server.address() as AddressInfo).port, seen };
}

/** Writes raw bytes on one connection; resolves with what came back once `answers` answers have. */
function send(port: number, parts: { text: string; afterMs?: number }[], answers: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(port, '127.0.0.1', async () => {
      for (const part of parts) {
        if (part.afterMs) await new Promise((r) => setTimeout(r, part.afterMs));
        socket.write(part.text);
      }
    });
    let got = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => {
      got += chunk;
      if (got.split('HTTP/1.1 200').length - 1 === answers) socket.end(), resolve(got);
    });
    socket.on('error', reject);
  });
}

const post = (body: string, extra = '') => `POST /jodo HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`;

describe('bodyAtHand', { timeout: 10_000 }, () => {
  test('a body that came with its headers is taken at once, whole (UTF-8 too); the request still ends, and the connection serves the next one', async () => {
    const { port, seen } = await bodyServer(1024);
    const first = 'data=%7B%22method%22%3A%22userStatus%22%7D&note=Tanmay+K+—+नमस्ते';
    await send(port, [{ text: post(first) + post('data=2') }], 2);
    assert.deepEqual(seen.map((s) => s.atHand), [first, 'data=2']);
    assert.deepEqual(seen.map((s) => s.body), [first, 'data=2']);
    await Promise.all(seen.map((s) => s.closed));
  });

  test('a body still arriving is not taken: readBody reads it whole, nothing lost', async () => {
    const { port, seen } = await bodyServer(1024);
    const body = 'data=' + 'x'.repeat(200);
    const whole = post(body);
    await send(port, [{ text: whole.slice(0, whole.length - 50) }, { text: whole.slice(-50), afterMs: 50 }], 1);
    assert.equal(seen[0]!.atHand, undefined);
    assert.equal(seen[0]!.body, body);
  });

  test('a chunked body that has all arrived is taken whole; one still arriving is read whole', async () => {
    const { port, seen } = await bodyServer(1024);
    const chunked = (body: string) => `POST /jodo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`;
    await send(port, [{ text: chunked('data=one') }], 1);
    const second = chunked('data=two');
    await send(port, [{ text: second.slice(0, -5) }, { text: second.slice(-5), afterMs: 50 }], 1);
    assert.deepEqual(seen.map((s) => s.body), ['data=one', 'data=two']);
    assert.equal(seen[1]!.atHand, undefined);
  });

  test('a sender that waits for 100 Continue before its body: the body is read when it comes', async () => {
    const { port, seen } = await bodyServer(1024);
    const whole = post('data=after-continue', 'Expect: 100-continue\r\n');
    const at = whole.indexOf('\r\n\r\n') + 4;
    const answer = await send(port, [{ text: whole.slice(0, at) }, { text: whole.slice(at), afterMs: 50 }], 1);
    assert.match(answer, /^HTTP\/1.1 100 Continue/);
    assert.equal(seen[0]!.atHand, undefined);
    assert.equal(seen[0]!.body, 'data=after-continue');
  });

  test('a body over the limit is not taken: readBody refuses it', async () => {
    const { port, seen } = await bodyServer(100);
    await send(port, [{ text: post('data=' + 'x'.repeat(200)) }], 1);
    assert.equal(seen[0]!.atHand, undefined);
    assert.ok(seen[0]!.body instanceof BodyTooLargeError, String(seen[0]!.body));
    assert.equal(seen[0]!.body.limit, 100);
  });

  test('an empty body is the empty text', async () => {
    const { port, seen } = await bodyServer(1024);
    await send(port, [{ text: post('') }], 1);
    assert.equal(seen[0]!.atHand, '');
  });
});
