/**
 * Who is asking, and whether they may ask now: a gateway session first, then
 * the CRM's own sign-in (`authenticate`), then the per-user rate limit. The
 * Hono routes use it as middleware (`signedIn`), the Jodo endpoint, which
 * bypasses Hono, calls `admit` itself.
 */
import { NOT_SIGNED_IN, TOO_MANY_REQUESTS } from '../../api/status-codes.js';
import type { Context } from 'hono';
import type { IncomingMessage } from 'node:http';
import type { GatewayEnv } from './gateway-env.js';
import type { Authenticator, Identity } from './identity.js';
import { loginKey } from './logins.js';
import type { RateLimits } from './rate-limits.js';
import { Refusal } from './refusal.js';
import { factsOf } from './request-log.js';
import type { SessionStore } from './state/state.js';

export interface Admission {
  /** A gateway session first (no await: a poll is answered without a turn of the event loop more), then the CRM's sign-in. */
  identify(req: IncomingMessage): Identity | undefined | Promise<Identity | undefined>;
  /** Who is asking, within their rate limit; else the refusal. */
  admit(req: IncomingMessage): Promise<Identity | Refusal>;
  /** Middleware: signed in and within the rate limit (the identity set on the context, and in the request's log line); else the refusal. */
  signedIn(c: Context<GatewayEnv>, next: () => Promise<void>): Promise<Response | void>;
}

export function admission(options: {
  sessions: SessionStore;
  readSessionCookie: (req: IncomingMessage) => string | undefined;
  authenticate: Authenticator | undefined;
  perUser: RateLimits;
  refuse: (c: Context<GatewayEnv>, refused: Refusal) => Response;
}): Admission {
  const { sessions, readSessionCookie, authenticate, perUser, refuse } = options;
  const identify = (req: IncomingMessage): Identity | undefined | Promise<Identity | undefined> => {
    const session = sessions.find(readSessionCookie(req));
    if (session instanceof Promise) return session.then((identity) => identity ?? authenticate?.(req) ?? undefined);
    return session ?? authenticate?.(req) ?? undefined;
  };
  const admit = async (req: IncomingMessage): Promise<Identity | Refusal> => {
    const found = identify(req);
    const identity = found instanceof Promise ? await found : found;
    if (!identity) return new Refusal(NOT_SIGNED_IN, undefined, 401);
    const wait = await perUser.take(loginKey(identity.login));
    if (wait !== undefined) return new Refusal(TOO_MANY_REQUESTS, undefined, 429, { 'retry-after': String(Math.ceil(wait / 1000)) });
    return identity;
  };
  const signedIn = async (c: Context<GatewayEnv>, next: () => Promise<void>) => {
    const admitted = await admit(c.env.incoming);
    if (admitted instanceof Refusal) return refuse(c, admitted);
    c.set('identity', admitted);
    const facts = factsOf(c.env.incoming);
    if (facts) facts.login = admitted.login;
    await next();
  };
  return { identify, admit, signedIn };
}
