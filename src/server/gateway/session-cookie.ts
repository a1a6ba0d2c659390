/**
 * The demo's sign-in: a signed, expiring session cookie. The value is the
 * identity and its expiry, base64url, then an HMAC-SHA256 of it with the
 * gateway's secret: the browser can carry it but not change it. HttpOnly
 * (no script reads it), SameSite=Strict (no other site sends it).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIdentity, type Authenticator, type Identity } from './identity.js';

export const SESSION_COOKIE = 'jodo_session';
/**
 * The name over https: the `__Host-` prefix makes the browser refuse the
 * cookie unless it is Secure, for this host only and for every path, so a
 * sibling subdomain can neither plant nor shadow it.
 */
export const SECURE_SESSION_COOKIE = '__Host-jodo_session';

const cookieName = (secure: boolean) => (secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE);

const sign = (payload: string, secret: string) => createHmac('sha256', secret).update(payload).digest('base64url');

export function issueSession(identity: Identity, secret: string, ttlMs: number, now = Date.now()): string {
  const payload = Buffer.from(JSON.stringify({ ...identity, exp: now + ttlMs })).toString('base64url');
  return `${payload}.${sign(payload, secret)}`;
}

/** The identity in a session value and its expiry, if its signature is right and it has not expired. */
function verifySession(value: string | undefined, secret: string, now: number): { identity: Identity; exp: number } | undefined {
  if (!value || value.length > 4096) return undefined;
  const [payload, signature, extra] = value.split('.');
  if (!payload || !signature || extra !== undefined) return undefined;
  const expected = Buffer.from(sign(payload, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  try {
    const data = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const exp = data['exp'];
    if (typeof exp !== 'number' || exp <= now) return undefined;
    const { exp: _exp, ...identity } = data;
    return isIdentity(identity) ? { identity, exp } : undefined;
  } catch {
    return undefined;
  }
}

/** The identity in a session value, if its signature is right and it has not expired. */
export function readSession(value: string | undefined, secret: string, now = Date.now()): Identity | undefined {
  return verifySession(value, secret, now)?.identity;
}

export function cookieHeader(value: string, ttlMs: number, secure: boolean): string {
  return `${cookieName(secure)}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${Math.floor(ttlMs / 1000)}${secure ? '; Secure' : ''}`;
}

export function clearCookieHeader(secure: boolean): string {
  return `${cookieName(secure)}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure ? '; Secure' : ''}`;
}

/** The one value of a cookie; none when it is sent twice (a sibling site planting its own to fixate a session). */
function cookieValue(request: IncomingMessage, name: string): string | undefined {
  const values = (request.headers.cookie ?? '')
    .split(';')
    .map((part) => part.trim().split('='))
    .filter(([key]) => key === name)
    .map(([, ...rest]) => rest.join('='));
  return values.length === 1 ? values[0] : undefined;
}

/** How long a verified cookie value is taken on trust without checking its signature again (never past its own expiry). */
const VERIFIED_FOR_MS = 60_000;
const VERIFIED_MAX = 10_000;

/**
 * The default authenticator: the signed session cookie. A value whose signature checked out is
 * remembered for a minute (an agent's toolbar sends the same cookie every few seconds), keyed by the
 * whole value, so only a value that was itself verified is ever let through without the HMAC, and
 * never past the expiry signed into it.
 */
export function sessionCookieAuthenticator(secret: string, now: () => number = Date.now, secure = false): Authenticator {
  const verified = new Map<string, { identity: Identity; until: number }>();
  return (request) => {
    const value = cookieValue(request, cookieName(secure));
    if (!value) return undefined;
    const at = now();
    const known = verified.get(value);
    if (known && known.until > at) return known.identity;
    if (known) verified.delete(value);
    const session = verifySession(value, secret, at);
    if (!session) return undefined;
    if (verified.size >= VERIFIED_MAX) verified.clear();
    const identity = Object.freeze(session.identity);
    verified.set(value, { identity, until: Math.min(session.exp, at + VERIFIED_FOR_MS) });
    return identity;
  };
}

/**
 * For host pages that sign agents in themselves: the page's `getToken()`
 * result comes as `Authorization: Bearer <token>`, and `verify` (the CRM's
 * own check: a JWT library, an introspection call) turns it into an identity.
 */
export function bearerAuthenticator(verify: (token: string) => Identity | undefined | Promise<Identity | undefined>): Authenticator {
  return (request) => {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    return match ? verify(match[1]!) : undefined;
  };
}
