/**
 * The same-origin gateway: the browser speaks Jodo's wire to it (without a
 * key), it checks who is asking and what they may do, adds the
 * organisation's key and the servicekey, and forwards to Jodo (or the
 * sandbox). The key lives only here: never in a response, a header or a log.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ORGANISATION_METHODS, READ_ONLY_METHODS, describeStatus, type JodoMethod } from '../../api/codes.js';
import { isJsonObject, parseJodoJson } from '../../api/json.js';
import { formatJodoDateTime } from '../../api/rules.js';
import { BodyTooLargeError, MAX_BODY_BYTES, readBody } from '../http/body.js';
import { methodOf, parseRequest, requestText } from '../http/jodo-request.js';
import { sendJson } from '../http/respond.js';
import { Forbidden, authorize, servicekeyFor } from './authorize.js';
import { IDEMPOTENCY_HEADER, IdempotencyStore, isIdempotencyKey } from './idempotency.js';
import type { Authenticator, Identity } from './identity.js';
import { RateLimiter } from './rate-limit.js';
import { RecordingLinks, rewriteRecordingLinks, streamRecording } from './recordings.js';
import { clearCookieHeader, cookieHeader, issueSession, sessionCookieAuthenticator } from './session-cookie.js';
import { UpstreamBadAnswer, UpstreamTimeout, createUpstream } from './upstream.js';

export interface GatewayOptions {
  /** Jodo's `handleCustomerWS` URL (or the sandbox's); a function when it is known only once a server listens. */
  upstream: string | (() => string);
  /** Reach the upstream through this Unix socket (the in-process sandbox, see `listenPrivately`); the URL gives only the path. */
  upstreamSocketPath?: string;
  /** The organisation's key: added to every request, never shown. */
  apikey: string;
  /** The same-origin path the browser talks to. Default `/jodo`. */
  basePath?: string;
  /** Who is asking; the signed session cookie by default. */
  authenticate?: Authenticator;
  /** Secret for the session cookie (at least 32 characters). */
  sessionSecret?: string;
  /**
   * Session cookies for https (Secure, `__Host-` name). On by default when
   * Node itself serves TLS; set it when a TLS proxy sits in front.
   */
  secureCookies?: boolean;
  /** How long a session lasts. Default 9 hours: a shift and a break. */
  sessionTtlMs?: number;
  /** Users the demo sign-in page offers (the sandbox fixture's); no sign-in page without them. */
  users?: Identity[];
  /** Largest request body. Default 1 MiB. */
  maxBodyBytes?: number;
  /** How long to wait for Jodo. Default 15 s. */
  upstreamTimeoutMs?: number;
  /**
   * Connections to Jodo at most (kept alive and reused); requests beyond them wait for one, within
   * the timeout. Default 64.
   */
  upstreamMaxSockets?: number;
  /** Requests per user per window. Default 120 per minute. */
  rateLimit?: { limit: number; windowMs: number };
  /** Origins the gateway may fetch recordings from; default: the upstream's own origin. */
  recordingOrigins?: string[];
  /** Where answers to idempotency keys are kept (SQLite file, or `:memory:`, the default). */
  idempotencyStore?: string;
  /** What fetches recordings from Jodo's recording servers (calls to Jodo itself go through the gateway's own pool). */
  fetch?: typeof globalThis.fetch;
  /** One line per refusal or upstream failure, never with a key or a body. Default: stderr. */
  log?: (line: string) => void;
  now?: () => number;
}

export interface Gateway {
  /** Handles requests under the base path; calls `next` (or answers 404) for any other path. Never rejects. */
  handle(req: IncomingMessage, res: ServerResponse, next?: () => void): Promise<void>;
  owns(url: string | undefined): boolean;
  readonly basePath: string;
  close(): void;
}

const MAX_UPSTREAM_BYTES = 8 * 1024 * 1024;
const UPSTREAM_MAX_SOCKETS = 64;
const NO_QUERY = new URL('http://gateway.invalid/');

/** A `return` target as a path on this origin (resolved, so `/.//evil.example` cannot become `//evil.example`), else `/`. */
function sameOriginPath(back: string | null): string {
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
const NINE_HOURS = 9 * 3600 * 1000;

class Refused {
  constructor(
    readonly httpStatus: number,
    readonly code: number,
    readonly statusdesc?: string,
  ) {}
}

export function createGateway(options: GatewayOptions): Gateway {
  if (!options.apikey) throw new Error('The gateway needs the organisation key (JODO_APIKEY or a key file).');
  const basePath = (options.basePath ?? '/jodo').replace(/\/+$/, '');
  const now = options.now ?? Date.now;
  const ttl = options.sessionTtlMs ?? NINE_HOURS;
  const secureFor = (req: IncomingMessage) => options.secureCookies ?? ('encrypted' in req.socket && Boolean(req.socket.encrypted));
  const secret = options.sessionSecret;
  if (!options.authenticate && (!secret || secret.length < 32)) {
    throw new Error('The gateway needs a session secret of at least 32 characters (JODO_GATEWAY_SECRET) or an authenticate function.');
  }
  const cookieSessions = options.authenticate ? undefined : { secure: sessionCookieAuthenticator(secret!, now, true), plain: sessionCookieAuthenticator(secret!, now, false) };
  const authenticate = options.authenticate ?? ((req: IncomingMessage) => cookieSessions![secureFor(req) ? 'secure' : 'plain'](req));
  const limiter = new RateLimiter(options.rateLimit?.limit ?? 120, options.rateLimit?.windowMs ?? 60_000, now);
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const doFetch = options.fetch ?? globalThis.fetch;
  const apikey = options.apikey;
  const upstreamUrl = () => (typeof options.upstream === 'function' ? options.upstream() : options.upstream);
  const upstream = createUpstream({
    maxSockets: options.upstreamMaxSockets ?? UPSTREAM_MAX_SOCKETS,
    timeoutMs: options.upstreamTimeoutMs ?? 15_000,
    maxBytes: MAX_UPSTREAM_BYTES,
    ...(options.upstreamSocketPath ? { socketPath: options.upstreamSocketPath } : {}),
  });
  const idempotency = new IdempotencyStore(options.idempotencyStore ?? ':memory:', now);
  /** Belt and braces: whatever Jodo echoes, in any of the spellings a wire gives it, the key never leaves. */
  const keySpellings = [...new Set([apikey, encodeURIComponent(apikey), new URLSearchParams({ k: apikey }).toString().slice(2), JSON.stringify(apikey).slice(1, -1)])];
  const scrub = (text: string) => keySpellings.reduce((out, spelling) => out.split(spelling).join('[key]'), text);

  const owns = (url: string | undefined) => {
    const path = (url ?? '/').split('?')[0]!;
    return path === basePath || path.startsWith(`${basePath}/`);
  };

  function refusal(res: ServerResponse, method: string | undefined, refused: Refused): void {
    sendJson(res, refused.httpStatus, {
      method: method ?? '',
      status: refused.code,
      statusdesc: refused.statusdesc ?? describeStatus(undefined, refused.code),
      resdatetime: formatJodoDateTime(new Date(now())),
    });
  }

  /** One request to Jodo, its answer parsed; refusals (9502/9504) for anything but Jodo JSON in time. */
  async function callUpstream(method: JodoMethod, request: Record<string, unknown>): Promise<Record<string, unknown>> {
    let answer: { status: number; text: string };
    try {
      answer = await upstream.post(upstreamUrl(), new URLSearchParams({ data: JSON.stringify(request) }).toString(), READ_ONLY_METHODS.has(method));
    } catch (error) {
      if (error instanceof UpstreamTimeout) {
        log(`gateway: ${method} upstream timed out`);
        throw new Refused(504, 9504);
      }
      if (error instanceof UpstreamBadAnswer) {
        if (error.tooLarge) throw new Refused(502, 9502, 'Jodo answered with more than the gateway accepts');
        log(`gateway: ${method} upstream answered HTTP ${error.status} without Jodo JSON`);
        throw new Refused(502, 9502);
      }
      log(`gateway: ${method} upstream unreachable`);
      throw new Refused(502, 9502);
    }
    const { status, text } = answer;
    let body: unknown;
    try {
      body = parseJodoJson(text);
    } catch {
      body = undefined;
    }
    if (!isJsonObject(body)) {
      log(`gateway: ${method} upstream answered HTTP ${status} without Jodo JSON`);
      throw new Refused(502, 9502);
    }
    return body;
  }

  /** Jodo's answer as the browser gets it: no key, recording links on the gateway's origin. */
  async function forward(method: JodoMethod, request: Record<string, unknown>): Promise<string> {
    const body = await callUpstream(method, request);
    delete body['apikey'];
    rewriteRecordingLinks(request, body, basePath);
    return scrub(JSON.stringify(body));
  }

  const recordings = new RecordingLinks(async (servicekey, systemcallid) => {
    const answer = await callUpstream('customer_recording', { method: 'customer_recording', apikey, servicekey, systemcallid, reqdatetime: formatJodoDateTime(new Date(now())) }).catch(() => undefined);
    const code = Number(answer?.['status'] ?? answer?.['statuscode']);
    return code === 3 && typeof answer?.['recordingfilepath'] === 'string' ? answer['recordingfilepath'] : undefined;
  }, () => options.recordingOrigins ?? [new URL(upstreamUrl()).origin], undefined, now);

  async function serveRecording(req: IncomingMessage, res: ServerResponse, identity: Identity, systemcallid: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new Refused(405, 2, 'Recordings are read with GET');
    const url = await recordings.find(identity, systemcallid);
    if (!url) throw new Refused(404, 63, 'No recording of this call in your processes');
    if (!(await streamRecording(req, res, url, doFetch, options.upstreamTimeoutMs ?? 15_000))) {
      log('gateway: a recording could not be fetched from Jodo');
      throw new Refused(502, 9502, 'The recording could not be fetched from Jodo');
    }
  }

  async function serveJodo(req: IncomingMessage, res: ServerResponse, identity: Identity): Promise<void> {
    if (req.method !== 'POST') throw new Refused(405, 2, 'Wrong format of received request: use POST');
    // What the client sends; a text/plain body is what a cross-site <form> forges.
    if (!/^(application\/x-www-form-urlencoded|application\/json)\b/i.test(req.headers['content-type'] ?? '')) {
      throw new Refused(415, 2, 'Wrong format of received request: send data=<JSON> form-encoded, or JSON');
    }
    let text: string;
    try {
      text = await readBody(req, options.maxBodyBytes ?? MAX_BODY_BYTES);
    } catch (error) {
      if (error instanceof BodyTooLargeError) throw new Refused(413, 9413);
      throw new Refused(400, 2, 'Wrong format of received request: the body could not be read');
    }
    // A POST is read from its body alone: the URL is not parsed for it.
    const request = parseRequest(requestText('POST', NO_QUERY, req.headers['content-type'] ?? '', text));
    const method = methodOf(request);
    if (!method || !isJsonObject(request)) throw new Refused(400, 2, 'Wrong format of received request: unknown or missing method');
    try {
      // The gateway's key always wins; a servicekey is checked against the user's own.
      const outgoing: Record<string, unknown> = { ...request, method, apikey };
      if (!ORGANISATION_METHODS.has(method)) outgoing['servicekey'] = servicekeyFor(identity, request['servicekey']);
      authorize(identity, method, outgoing);
      const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
      const key = req.headers[IDEMPOTENCY_HEADER];
      if (READ_ONLY_METHODS.has(method)) {
        const answer = await forward(method, outgoing);
        res.writeHead(200, headers);
        res.end(answer);
        return;
      }
      // Every write carries a key (the client makes one per write): a resent write is then applied once.
      if (!isIdempotencyKey(key)) throw new Refused(400, 2, 'Wrong format of received request: a write needs an Idempotency-Key of 8 to 128 letters, digits or ._:-');
      const result = await idempotency.once(identity.login, key, outgoing, () => forward(method, outgoing));
      if ('conflict' in result) throw new Refused(409, 5, 'This Idempotency-Key was used for a different request');
      res.writeHead(200, { ...headers, ...(result.replayed ? { 'idempotent-replayed': 'true' } : {}) });
      res.end(result.answer);
    } catch (error) {
      if (error instanceof Forbidden) {
        log(`gateway: refused ${method} for ${identity.login}: ${error.reason}`);
        throw new Refused(403, 9403, `Not allowed: ${error.reason}`);
      }
      throw error;
    }
  }

  function serveLoginPage(req: IncomingMessage, res: ServerResponse): void {
    const back = new URL(req.url ?? '/', 'http://gateway.invalid').searchParams.get('return') ?? '/';
    const users = options.users ?? [];
    const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
    const buttons = users
      .map((u) => `<li><button name="login" value="${escape(u.login)}">${escape(u.login)}</button> <span>${escape(u.role)}</span></li>`)
      .join('');
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'none'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    });
    res.end(
      `<!doctype html><html lang="en"><meta charset="utf-8"><title>Sign in to the Jodo demo</title>` +
        `<h1>Sign in to the Jodo demo</h1><p>Pick a sandbox user. (A real CRM signs agents in its own way: see the README.)</p>` +
        `<form method="post" action="${basePath}/session"><input type="hidden" name="return" value="${escape(back)}"><ul>${buttons}</ul></form></html>`,
    );
  }

  async function serveSession(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const secure = secureFor(req);
    if (req.method === 'GET') {
      const identity = await authenticate(req);
      if (!identity) throw new Refused(401, 9401);
      sendJson(res, 200, identity);
      return;
    }
    if (req.method === 'DELETE') {
      sendJson(res, 200, { ok: true }, { 'set-cookie': clearCookieHeader(secure) });
      return;
    }
    if (req.method !== 'POST' || !secret) throw new Refused(405, 2, 'Sign in with POST');
    const form = new URLSearchParams(await readBody(req, 4096).catch(() => ''));
    const user = (options.users ?? []).find((u) => u.login.toLowerCase() === (form.get('login') ?? '').toLowerCase());
    if (!user) throw new Refused(401, 9401, 'No such demo user');
    // Back to the page that sent the user here: a path on this origin only, never another site.
    const location = sameOriginPath(form.get('return'));
    res.writeHead(303, { location, 'set-cookie': cookieHeader(issueSession(user, secret, ttl, now()), ttl, secure), 'cache-control': 'no-store' });
    res.end();
  }

  /**
   * Requests that change something come from the gateway's own pages only. SameSite keeps other
   * sites' requests cookie-less, but not a sibling subdomain's or another port's: the browser's
   * Sec-Fetch-Site and Origin say where a request comes from. (Clients that are not browsers send neither.)
   */
  function fromElsewhere(req: IncomingMessage): boolean {
    if (req.method === 'GET' || req.method === 'HEAD') return false;
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin' && site !== 'none') return true;
    const origin = req.headers.origin;
    if (origin === undefined || origin === 'null') return origin === 'null';
    try {
      return new URL(origin).host !== req.headers.host;
    } catch {
      return true;
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse, next?: () => void): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]!;
    if (!owns(path)) {
      if (next) next();
      else sendJson(res, 404, { ok: false, error: 'not found' });
      return;
    }
    try {
      if (fromElsewhere(req)) throw new Refused(403, 9403, 'Not allowed: requests to the gateway come from its own pages only');
      // Signing in costs nothing to try: limited per address before anyone is known.
      if ((path === `${basePath}/session` && req.method === 'POST') && !limiter.take(`address:${req.socket.remoteAddress ?? ''}`)) {
        throw new Refused(429, 9429);
      }
      if (path === `${basePath}/login` && req.method === 'GET' && options.users?.length) return serveLoginPage(req, res);
      if (path === `${basePath}/session`) return await serveSession(req, res);
      const recording = path.startsWith(`${basePath}/recordings/`) ? path.slice(`${basePath}/recordings/`.length) : undefined;
      if (path !== basePath && (recording === undefined || !/^\d{1,32}$/.test(recording))) throw new Refused(404, 2, 'No such gateway route');
      const identity = await authenticate(req);
      if (!identity) throw new Refused(401, 9401);
      if (!limiter.take(identity.login.toLowerCase())) throw new Refused(429, 9429);
      if (recording !== undefined) await serveRecording(req, res, identity, recording);
      else await serveJodo(req, res, identity);
    } catch (error) {
      if (res.headersSent || res.destroyed) return void res.destroy();
      if (error instanceof Refused) return refusal(res, undefined, error);
      log(`gateway: a request failed: ${error instanceof Error ? error.name : 'error'}`);
      refusal(res, undefined, new Refused(502, 9502));
    }
  }

  return {
    handle,
    owns,
    basePath,
    close: () => {
      upstream.close();
      idempotency.close();
    },
  };
}
