/**
 * The gateway's session routes under its base path:
 * - `GET login`: the demo sign-in page (only when demo users are given);
 * - `POST session`: signs a demo user in with a new session id (the one the
 *   browser held, if any, is ended: no session fixation);
 * - `GET session`: who is signed in; `DELETE session`: signs out at once;
 * - `DELETE sessions/<login>`: an administrator ends every session of a user.
 *
 * The cookie holds only the session's opaque id: HttpOnly (no script reads
 * it), SameSite=Strict (no other site sends it), and over https `Secure` with
 * the `__Host-` prefix (no sibling subdomain can plant or shadow it).
 */
import { NOT_ALLOWED, NOT_SIGNED_IN, TOO_LARGE, TOO_MANY_REQUESTS, WRONG_FORMAT } from '../../api/status-codes.js';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { generateCookie } from 'hono/cookie';
import type { CookieOptions } from 'hono/utils/cookie';
import type { IncomingMessage } from 'node:http';
import { answer, jsonAnswer } from './answers.js';
import type { GatewayEnv } from './gateway-env.js';
import type { Identity } from './identity.js';
import { loginKey } from './logins.js';
import { rateLimits } from './rate-limits.js';
import { SECURE_SESSION_COOKIE, SESSION_COOKIE } from './session-cookie-names.js';
import { Refusal } from './refusal.js';
import { SIGN_IN_PAGE_HEADERS, signInPage } from './sign-in-page.js';
import type { GatewayState, SessionStore } from './state/state.js';


/** The sign-in form holds a login and a return path. */
const SIGN_IN_FORM_BYTES = 4096;
/** Signing in costs nothing to try: limited per address before anyone is known. */
const SIGN_IN_LIMIT = { limit: 120, windowMs: 60_000 };

/** The session id a request carries; none when the cookie is sent twice (a sibling site planting its own to fixate a session). */
export function sessionCookieReader(secureFor: (req: IncomingMessage) => boolean): (req: IncomingMessage) => string | undefined {
  return (req) => {
    const header = req.headers.cookie;
    if (!header) return undefined;
    const name = secureFor(req) ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
    let value: string | undefined;
    for (const part of header.split(';')) {
      const at = part.indexOf('=');
      if (at === -1 || part.slice(0, at).trim() !== name) continue;
      if (value !== undefined) return undefined;
      value = part.slice(at + 1).trim();
    }
    return value;
  };
}

/** A `return` target as a path on this origin (resolved, so `/.//evil.example` cannot become `//evil.example`), else `/`. */
function sameOriginPath(back: string | null | undefined): string {
  if (!back) return '/';
  try {
    const base = 'http://gateway.invalid';
    const url = new URL(back, base);
    if (url.origin !== base || url.pathname.startsWith('//')) return '/';
    return `${url.pathname}${url.search}`;
  } catch {
    return '/';
  }
}

export interface SessionRouteOptions {
  basePath: string;
  sessions: SessionStore;
  /** Where the sign-in limit counts. */
  state: GatewayState;
  onRateLimited: () => void;
  users: readonly Identity[];
  secureFor: (req: IncomingMessage) => boolean;
  identify: (req: IncomingMessage) => Identity | undefined | Promise<Identity | undefined>;
  signedIn: MiddlewareHandler<GatewayEnv>;
  refuse: (c: Context<GatewayEnv>, refused: Refusal) => Response;
  readSessionCookie: (req: IncomingMessage) => string | undefined;
  /** The cookie's lifetime: the session's own (the store ends it sooner when it is signed out or idle). */
  maxAgeSeconds: number;
  /** Where agents' states are streamed (`<base>/events`), told with the session so pages use it; absent when off. */
  eventsPath?: string;
  log: (line: string) => void;
}

export function sessionRoutes(app: Hono<GatewayEnv>, options: SessionRouteOptions): void {
  const { basePath, sessions, users, secureFor, refuse, readSessionCookie, log } = options;
  const perAddress = rateLimits(options.state, 'sign-in', SIGN_IN_LIMIT, options.onRateLimited);
  const cookieOptions = (secure: boolean): CookieOptions =>
    secure
      ? { path: '/', httpOnly: true, sameSite: 'Strict', maxAge: options.maxAgeSeconds, secure: true, prefix: 'host' }
      : { path: '/', httpOnly: true, sameSite: 'Strict', maxAge: options.maxAgeSeconds };

  if (users.length) {
    app.get(`${basePath}/login`, (c) => answer(signInPage(users, `${basePath}/session`, c.req.query('return') ?? '/'), 200, SIGN_IN_PAGE_HEADERS));

    app.post(`${basePath}/session`, bodyLimit({ maxSize: SIGN_IN_FORM_BYTES, onError: (c) => refuse(c as Context<GatewayEnv>, new Refusal(TOO_LARGE, undefined, 413)) }), async (c) => {
      const wait = await perAddress.take(`address:${c.env.incoming.socket.remoteAddress ?? ''}`);
      if (wait !== undefined) return refuse(c, new Refusal(TOO_MANY_REQUESTS, undefined, 429, { 'retry-after': String(Math.ceil(wait / 1000)) }));
      const form = new URLSearchParams(await c.req.text().catch(() => ''));
      const wanted = form.get('login') ?? '';
      const user = users.find((u) => loginKey(u.login) === loginKey(wanted));
      if (!user || !wanted) return refuse(c, new Refusal(NOT_SIGNED_IN, 'No such demo user', 401));
      // A new id for every sign-in; whatever session the browser held ends.
      await sessions.end(readSessionCookie(c.env.incoming));
      const cookie = generateCookie(SESSION_COOKIE, await sessions.create(user), cookieOptions(secureFor(c.env.incoming)));
      // Back to the page that sent the user here: a path on this origin only, never another site.
      return answer(null, 303, { location: sameOriginPath(form.get('return')), 'set-cookie': cookie });
    });
  } else {
    app.post(`${basePath}/session`, (c) => refuse(c, new Refusal(WRONG_FORMAT, 'This gateway has no sign-in of its own: the CRM signs agents in', 405)));
  }

  app.get(`${basePath}/session`, async (c) => {
    const identity = await options.identify(c.env.incoming);
    if (!identity) return refuse(c, new Refusal(NOT_SIGNED_IN, undefined, 401));
    return jsonAnswer(JSON.stringify(options.eventsPath ? { ...identity, events: options.eventsPath } : identity));
  });

  app.delete(`${basePath}/session`, async (c) => {
    await sessions.end(readSessionCookie(c.env.incoming));
    const cleared = generateCookie(SESSION_COOKIE, '', { ...cookieOptions(secureFor(c.env.incoming)), maxAge: 0 });
    return jsonAnswer('{"ok":true}', 200, { 'set-cookie': cleared });
  });

  app.delete(`${basePath}/sessions/:login`, options.signedIn, async (c) => {
    const caller = c.get('identity');
    if (caller.role !== 'admin') {
      log(`gateway: refused ending sessions for ${caller.login}: not an administrator`);
      return refuse(c, new Refusal(NOT_ALLOWED, 'Not allowed: only an administrator ends other users\u2019 sessions', 403));
    }
    const login = c.req.param('login');
    const ended = await sessions.endAllOf(login);
    log(`gateway: ${caller.login} ended ${ended} session(s) of ${JSON.stringify(login)}`);
    return jsonAnswer(JSON.stringify({ ok: true, ended }));
  });

  app.all(`${basePath}/session`, (c) => refuse(c, new Refusal(WRONG_FORMAT, 'Sign in with POST', 405, { allow: 'GET, POST, DELETE' })));
}
