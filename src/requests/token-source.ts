/**
 * The agent's bearer token from the CRM's own sign-in, for the provider's
 * client: fetched from a token URL (or asked of the page's `getToken`), kept
 * until shortly before it expires, and fetched again when the gateway refuses
 * it. Its expiry is read, never verified: the gateway verifies the token.
 */

/** A token and, when its issuer says so, its lifetime in seconds. */
export interface IssuedToken {
  token: string;
  expiresIn?: number;
}

export type TokenSource = (options: { refresh: boolean }) => Promise<string | undefined>;

/** Refresh this long before expiry (half the lifetime for shorter-lived tokens), and keep any token a second at least. */
const MARGIN_MS = 30_000;
const MIN_KEEP_MS = 1000;
/** What `Authorization: Bearer` may carry (RFC 6750's token68): anything else is not a token. */
const TOKEN68 = /^[\w.~+/-]+=*$/;

/** The `exp` of a JWT in ms, read without checking its signature; undefined for a token that is not one. */
export function tokenExpiry(token: string): number | undefined {
  try {
    const exp: unknown = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))).exp;
    return typeof exp === 'number' ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps the last token until shortly before it expires; concurrent requests share one fetch. */
export function tokenSource(issue: (refresh: boolean) => Promise<IssuedToken | undefined>, now: () => number = Date.now): TokenSource {
  let current: { token: string; refreshAt: number } | undefined;
  let pending: Promise<string | undefined> | undefined;
  return ({ refresh }) => {
    if (!refresh && current && now() < current.refreshAt) return Promise.resolve(current.token);
    return (pending ??= issue(refresh)
      .then((issued) => {
        const at = now();
        const token = issued && TOKEN68.test(issued.token) ? issued.token : undefined;
        if (!token) return (current = undefined);
        const expiry = issued!.expiresIn! > 0 ? at + issued!.expiresIn! * 1000 : tokenExpiry(token);
        const lifetime = expiry === undefined ? Infinity : expiry - at;
        current = { token, refreshAt: at + Math.max(MIN_KEEP_MS, lifetime - MARGIN_MS, lifetime / 2) };
        return token;
      })
      .finally(() => (pending = undefined)));
  };
}

/**
 * Tokens from the CRM's endpoint: GET with the page's cookies, answering
 * `{ "token" | "access_token": "…", "expires_in": seconds }`. Any other answer
 * (401, a sign-in page) is "no token": requests then go without one and the
 * gateway says nobody is signed in.
 */
export function tokenFromUrl(url: string): (refresh: boolean) => Promise<IssuedToken | undefined> {
  return async () => {
    const response = await fetch(url, { credentials: 'same-origin', cache: 'no-store', headers: { accept: 'application/json' } });
    const body = response.ok ? ((await response.json().catch(() => undefined)) as Record<string, unknown> | undefined) : undefined;
    const token = body?.['token'] ?? body?.['access_token'];
    return typeof token === 'string' ? { token, expiresIn: Number(body!['expires_in']) } : undefined;
  };
}
