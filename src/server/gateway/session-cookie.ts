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

/** The identity in a session value, if its signature is right and it has not expired. */
export function readSession(value: string | undefined, secret: string, now = Date.now()): Identity | undefined {
  if (!value || value.length > 4096) return undefined;
  const [payload, signature, extra] = value.split('.');
  if (!payload || !signature || extra !== undefined) return undefined;
  const expected = Buffer.from(sign(payload, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  try {
    const data = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (typeof data['exp'] !== 'number' || data['exp'] <= now) return undefined;
    const { exp: _exp, ...identity } = data;
    return isIdentity(identity) ? identity : undefined;
  } catch {
    return undefined;
  }
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

/** The default authenticator: the signed session cookie. */
export function sessionCookieAuthenticator(secret: string, now: () => number = Date.now, secure = false): Authenticator {
  return (request) => readSession(cookieValue(request, cookieName(secure)), secret, now());
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
