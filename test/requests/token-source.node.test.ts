/** The provider's token source: kept until shortly before expiry, shared, refreshed on demand; against a real token endpoint. */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { tokenExpiry, tokenFromUrl, tokenSource } from '../../src/requests/token-source.js';

const jwtWith = (payload: object) => `eyJhbGciOiJFUzI1NiJ9.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.c2ln`;

describe('tokenSource with tokenFromUrl', () => {
  let server: Server;
  let url: string;
  let answer: { status: number; body: string };
  let fetched = 0;

  before(async () => {
    server = createServer((_req, res) => {
      fetched++;
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(answer.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/crm/jodo-token`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    fetched = 0;
  });

  test('a token with expires_in is kept until 30 s before it expires, then fetched again', async () => {
    let clock = 1_000_000;
    answer = { status: 200, body: JSON.stringify({ token: 'opaque-token-1', expires_in: 300 }) };
    const token = tokenSource(tokenFromUrl(url), () => clock);
    assert.equal(await token({ refresh: false }), 'opaque-token-1');
    clock += 269_000;
    assert.equal(await token({ refresh: false }), 'opaque-token-1');
    assert.equal(fetched, 1);
    answer = { status: 200, body: JSON.stringify({ access_token: 'opaque-token-2', expires_in: 300 }) };
    clock += 2000;
    assert.equal(await token({ refresh: false }), 'opaque-token-2');
    assert.equal(fetched, 2);
  });

  test('without expires_in, the JWT exp is read; a short-lived token is kept for half its life', async () => {
    let clock = 1_000_000_000;
    const jwt = jwtWith({ exp: clock / 1000 + 10 });
    answer = { status: 200, body: JSON.stringify({ token: jwt }) };
    const token = tokenSource(tokenFromUrl(url), () => clock);
    assert.equal(await token({ refresh: false }), jwt);
    clock += 4900;
    await token({ refresh: false });
    assert.equal(fetched, 1);
    clock += 200;
    await token({ refresh: false });
    assert.equal(fetched, 2);
  });

  test('requests at the same moment share one fetch; refresh fetches even while the token is fresh', async () => {
    answer = { status: 200, body: JSON.stringify({ token: 'opaque', expires_in: 300 }) };
    const token = tokenSource(tokenFromUrl(url));
    assert.deepEqual(await Promise.all([token({ refresh: false }), token({ refresh: false }), token({ refresh: false })]), ['opaque', 'opaque', 'opaque']);
    assert.equal(fetched, 1);
    await token({ refresh: true });
    assert.equal(fetched, 2);
  });

  test('signed out of the CRM (401, a sign-in page, no token, a value no header can carry): no token, asked again next time', async () => {
    for (const bad of [
      { status: 401, body: '{"error":"signed out"}' },
      { status: 200, body: '<!doctype html><title>Sign in</title>' },
      { status: 200, body: '{"expires_in":300}' },
      { status: 200, body: JSON.stringify({ token: 'two\r\nlines' }) },
    ]) {
      answer = bad;
      const token = tokenSource(tokenFromUrl(url));
      assert.equal(await token({ refresh: false }), undefined, bad.body);
      assert.equal(await token({ refresh: false }), undefined);
    }
    assert.equal(fetched, 8);
  });
});

test('tokenExpiry reads a JWT exp without checking it, and nothing from other tokens', () => {
  assert.equal(tokenExpiry(jwtWith({ exp: 1_700_000_000 })), 1_700_000_000_000);
  assert.equal(tokenExpiry(jwtWith({ sub: 'x' })), undefined);
  assert.equal(tokenExpiry('opaque'), undefined);
  assert.equal(tokenExpiry('a.%%%.c'), undefined);
});
