/** The session cookie's verified-value cache and the rate limiter's window, each with its own clock. */
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { describe, test } from 'node:test';
import { RateLimiter } from '../../src/server/gateway/rate-limit.js';
import { issueSession, sessionCookieAuthenticator } from '../../src/server/gateway/session-cookie.js';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const USER = { login: 'user1', role: 'agent' as const, servicekeys: ['VoiceProcess'], team: [] };
const withCookie = (cookie: string) => ({ headers: { cookie } }) as IncomingMessage;

describe('session cookie authenticator', () => {
  test('a verified value is taken again without a new check, but never past the expiry signed into it', async () => {
    let clock = 1_000_000;
    const authenticate = sessionCookieAuthenticator(SECRET, () => clock);
    const value = issueSession(USER, SECRET, 30_000, clock);
    const request = withCookie(`jodo_session=${value}`);
    assert.deepEqual(await authenticate(request), USER);
    clock += 29_000;
    assert.deepEqual(await authenticate(request), USER);
    clock += 1_000; // the session's own expiry, inside the minute a value is remembered
    assert.equal(await authenticate(request), undefined);
  });

  test('a remembered value is checked again after a minute; a changed value is never taken from memory', async () => {
    let clock = 1_000_000;
    const authenticate = sessionCookieAuthenticator(SECRET, () => clock);
    const value = issueSession(USER, SECRET, 3600_000, clock);
    assert.deepEqual(await authenticate(withCookie(`jodo_session=${value}`)), USER);
    const [payload, signature] = value.split('.');
    const forged = `${Buffer.from(JSON.stringify({ ...USER, role: 'admin', exp: clock + 3600_000 })).toString('base64url')}.${signature}`;
    assert.equal(await authenticate(withCookie(`jodo_session=${forged}`)), undefined, 'another payload with the remembered signature');
    assert.equal(await authenticate(withCookie(`jodo_session=${payload}.${signature!.slice(0, -2)}AA`)), undefined, 'another signature');
    clock += 61_000;
    assert.deepEqual(await authenticate(withCookie(`jodo_session=${value}`)), USER, 'verified again, still good');
    const other = sessionCookieAuthenticator('another-secret-that-is-long-enough-0123456789', () => clock);
    assert.equal(await other(withCookie(`jodo_session=${value}`)), undefined, 'each secret has its own memory');
  });

  test('the identity handed out cannot be changed for the next request', async () => {
    const authenticate = sessionCookieAuthenticator(SECRET);
    const request = withCookie(`jodo_session=${issueSession(USER, SECRET, 60_000)}`);
    const first = (await authenticate(request))!;
    assert.throws(() => Object.assign(first, { role: 'admin' }));
    assert.equal((await authenticate(request))!.role, 'agent');
  });
});

describe('rate limiter', () => {
  test('at most `limit` in any window, sliding, per key', () => {
    let clock = 0;
    const limiter = new RateLimiter(3, 1000, () => clock);
    assert.deepEqual([limiter.take('a'), limiter.take('a'), limiter.take('a'), limiter.take('a')], [true, true, true, false]);
    assert.equal(limiter.take('b'), true, 'another key has its own window');
    clock = 999;
    assert.equal(limiter.take('a'), false, 'the first three are still in the window');
    clock = 1000;
    assert.equal(limiter.take('a'), true, 'they have left it');
    assert.equal(limiter.take('a'), true);
    assert.equal(limiter.take('a'), true);
    assert.equal(limiter.take('a'), false);
  });
});
