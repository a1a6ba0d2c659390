/**
 * The same-origin gateway: the browser speaks Jodo's wire to it (without a
 * key), it checks who is asking and what they may do, adds the
 * organisation's key and the servicekey, and forwards to Jodo (or the
 * sandbox). The key lives only here: never in a response, a header or a log.
 *
 * This module wires the parts into one Hono app: where requests may come
 * from (gateway-guards.ts), who is asking (admission.ts: sessions, or the
 * CRM's own `authenticate`), the Jodo endpoint (jodo-endpoint.ts), health,
 * recordings and sessions, each route in a module of its own.
 */
import { NO_JODO_ANSWER, WRONG_FORMAT } from '../../api/status-codes.js';
import { getRequestListener } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pino, type Logger } from 'pino';
import { MAX_BODY_BYTES } from '../http/body.js';
import { admission } from './admission.js';
import { jsonAnswer } from './answers.js';
import type { GatewayEnv } from './gateway-env.js';
import { originGuard } from './gateway-guards.js';
import { healthPaths, healthRoutes } from './health-routes.js';
import { Idempotency } from './idempotency.js';
import type { Authenticator, Identity } from './identity.js';
import { ownsPath, routeOf } from './gateway-paths.js';
import { createJodoCaller } from './jodo-caller.js';
import { jodoEndpoint } from './jodo-endpoint.js';
import { DEFAULT_STREAM_LIMITS, eventsEndpoint, type StreamLimits } from './push/events-endpoint.js';
import { localPush, type PushHub } from './push/push-hub.js';
import { redisPush } from './push/redis-push.js';
import { createGatewayMetrics, type GatewayMetrics } from './metrics.js';
import { rateLimits, type RateLimit } from './rate-limits.js';
import { recordingRoute } from './recording-route.js';
import { Refusal, STORE_UNAVAILABLE, refusalBody } from './refusal.js';
import { RequestLog } from './request-log.js';
import { sessionRoutes, sessionCookieReader } from './session-routes.js';
import { openRedisState } from './state/redis-state.js';
import { openSqliteState } from './state/sqlite-state.js';
import { MIN_SECRET_LENGTH, StoreUnavailable, type GatewayState, type StoreEvents } from './state/state.js';
import { storeEventsLog } from './store-events-log.js';

export interface GatewayOptions {
  /** Jodo's `handleCustomerWS` URL (or the sandbox's); a function when it is known only once a server listens. */
  upstream: string | (() => string);
  /** Reach the upstream through this Unix socket (the in-process sandbox, see `listenPrivately`); the URL gives only the path. */
  upstreamSocketPath?: string;
  /** The organisation's key: added to every request, never shown. */
  apikey: string;
  /** The same-origin path the browser talks to. Default `/jodo`. */
  basePath?: string;
  /**
   * Who is asking when no gateway session is (a CRM's own sign-in: `jwtAuthenticator`, a header a
   * proxy set). Gateway sessions (the demo sign-in) are looked up first.
   */
  authenticate?: Authenticator;
  /**
   * The origins browsers reach the gateway at (`https://crm.example.com`). A request whose `Host`
   * is not one of theirs is refused (a DNS-rebinding page), and a browser's write must come from
   * one of them. Default: whatever host a request names, on the scheme it came in on.
   */
  publicOrigins?: readonly string[] | (() => readonly string[]);
  /**
   * Session cookies for https (Secure, `__Host-` name), and the scheme origins are compared in.
   * On by default when Node itself serves TLS; set it when a TLS proxy sits in front.
   */
  secureCookies?: boolean;
  /** How long a session lasts at most. Default 9 hours: a shift and a break. */
  sessionTtlMs?: number;
  /** How long a session lasts without a request (the toolbar polls while open). Default 30 minutes. */
  sessionIdleMs?: number;
  /** Users the demo sign-in page offers (the sandbox fixture's); no sign-in page without them. */
  users?: readonly Identity[];
  /** Largest request body. Default 1 MiB. */
  maxBodyBytes?: number;
  /** How long to wait for Jodo. Default 15 s. */
  upstreamTimeoutMs?: number;
  /**
   * Connections to Jodo at most (kept alive and reused); requests beyond them wait for one, within
   * the timeout. Default 64.
   */
  upstreamMaxSockets?: number;
  /**
   * Agents' states pushed as server-sent events (`GET <base>/events`): one poller asks Jodo every `intervalMs`
   * (default 1000) for every agent any stream watches, at most 1,000 logins a request, and for `lingerMs`
   * (default 30 s) after a login's last stream closed (a browser reconnecting is owed every change). `false`
   * turns the route off (browsers then poll, as they do against Jodo itself).
   */
  events?: false | { intervalMs?: number; lingerMs?: number; limits?: Partial<StreamLimits> };
  /** Requests per user per window. Default 120 per minute. */
  rateLimit?: RateLimit;
  /** Origins the gateway may fetch recordings from; default: the upstream's own origin. */
  recordingOrigins?: string[];
  /** The gateway's store (sessions, kept answers) when it runs alone: an SQLite file, or `:memory:` (the default). */
  store?: string;
  /**
   * The store shared by replicas: a Redis URL (`redis://host:6379`, `rediss://` for TLS). Sessions,
   * kept answers and rate limits are then the same on every replica given the same URL and `secret`.
   */
  redis?: string;
  /** Prefix of the gateway's Redis keys. Default `jodo:gw:`. */
  redisPrefix?: string;
  /**
   * The gateway's secret (JODO_GATEWAY_SECRET), at least 32 characters: the key of idempotency
   * fingerprints. Needed with `redis` (every replica must fingerprint alike); otherwise the SQLite store
   * makes its own.
   */
  secret?: string;
  /** What fetches recordings from Jodo's recording servers (calls to Jodo itself go through the gateway's own pool). */
  fetch?: typeof globalThis.fetch;
  /**
   * Where the gateway logs (pino, or anything with its `info`/`warn`/`isLevelEnabled`): one line per request
   * at `info`, refusals and failures at `warn`; never a key, a cookie, a token or a body. Default: warnings
   * to stderr.
   */
  logger?: Logger;
  now?: () => number;
}

/** What a CRM's server can do with the gateway's sessions. */
export interface GatewaySessions {
  /** Signs `identity` in: the value of the session cookie to set (the demo sign-in page does this). */
  create(identity: Identity): Promise<string>;
  /** Ends every session of a login; how many there were. */
  endAllOf(login: string): Promise<number>;
  /** A user's role, team or processes changed: their live sessions have the new ones from the next request on. */
  updateUser(identity: Identity): Promise<number>;
}

export interface Gateway {
  /** Handles requests under the base path; calls `next` (or answers 404) for any other path. Never rejects. */
  handle(req: IncomingMessage, res: ServerResponse, next?: () => void): Promise<void>;
  owns(url: string | undefined): boolean;
  readonly basePath: string;
  readonly sessions: GatewaySessions;
  /** The store the gateway keeps its state in. */
  readonly state: GatewayState;
  /** Its Prometheus metrics (serve `metrics.registry` on a port of its own, never the public one). */
  readonly metrics: GatewayMetrics;
  /** Shutting down: readyz answers 503 from now on, so a load balancer sends no more. */
  drain(): void;
  /** Writes the request lines waiting now (each is written with the others at most 0.2 s after its answer). */
  flushLog(): void;
  /**
   * Closes the connections to Jodo and the store and writes the request lines waiting; call it after the
   * server has stopped taking requests and its last answers have ended (a line of a later one may be lost).
   */
  close(): Promise<void>;
}

const NINE_HOURS = 9 * 3600 * 1000;
const THIRTY_MINUTES = 30 * 60 * 1000;
const UPSTREAM_MAX_SOCKETS = 64;
/** How often the event streams' poller asks Jodo: a change is on screen within about a second. */
const EVENTS_INTERVAL_MS = 1000;
/**
 * How long a write's key stays reserved after word from its request stops (it is renewed while the request
 * lives): the wait for Jodo and this much, so that a replica that died takes its key with it soon after.
 */
const LEASE_MARGIN_MS = 5000;

function openState(options: GatewayOptions, times: { ttlMs: number; idleMs: number }, now: () => number, events: StoreEvents): GatewayState {
  const secret = options.secret === undefined ? undefined : Buffer.from(options.secret, 'utf8');
  if (secret && options.secret!.length < MIN_SECRET_LENGTH) throw new Error(`The gateway secret (JODO_GATEWAY_SECRET) must be at least ${MIN_SECRET_LENGTH} characters.`);
  if (!options.redis) return openSqliteState({ file: options.store ?? ':memory:', times, now, events, ...(secret ? { secret } : {}) });
  if (!secret) throw new Error('With Redis the gateway needs its secret (JODO_GATEWAY_SECRET), the same on every replica.');
  return openRedisState({ url: options.redis, times, secret, now, events, ...(options.redisPrefix ? { prefix: options.redisPrefix } : {}) });
}

export function createGateway(options: GatewayOptions): Gateway {
  if (!options.apikey) throw new Error('The gateway needs the organisation key (JODO_APIKEY or a key file).');
  const basePath = (options.basePath ?? '/jodo').replace(/\/+$/, '');
  const now = options.now ?? Date.now;
  const logger = options.logger ?? pino({ level: 'warn' }, pino.destination(2));
  const log = (line: string) => logger.warn(line);
  // The sessions gauge reads the state, made just below.
  const metrics = createGatewayMetrics(() => state.sessions.active());
  const requestLog = new RequestLog(logger, metrics);
  let draining = false;
  const secureFor = (req: IncomingMessage) => options.secureCookies ?? ('encrypted' in req.socket && Boolean(req.socket.encrypted));
  const sessionTtlMs = options.sessionTtlMs ?? NINE_HOURS;
  const storeEvents = storeEventsLog(logger, metrics);
  const state = openState(options, { ttlMs: sessionTtlMs, idleMs: options.sessionIdleMs ?? THIRTY_MINUTES }, now, storeEvents);
  const sessions = state.sessions;
  const upstreamTimeoutMs = options.upstreamTimeoutMs ?? 15_000;
  const idempotency = new Idempotency({
    answers: state.answers,
    secret: state.secret,
    leaseMs: upstreamTimeoutMs + LEASE_MARGIN_MS,
    onStoreError: () => log("gateway: an answer could not be kept in the gateway's store"),
  });
  const perUser = rateLimits(state, 'user', options.rateLimit ?? { limit: 120, windowMs: 60_000 }, () => metrics.rateLimited.inc());
  const upstreamUrl = () => (typeof options.upstream === 'function' ? options.upstream() : options.upstream);
  const jodo = createJodoCaller({
    apikey: options.apikey,
    url: upstreamUrl,
    basePath,
    log,
    now,
    observe: (method, ms) => metrics.observeJodo(method, ms / 1000),
    upstream: {
      maxSockets: options.upstreamMaxSockets ?? UPSTREAM_MAX_SOCKETS,
      timeoutMs: upstreamTimeoutMs,
      ...(options.upstreamSocketPath ? { socketPath: options.upstreamSocketPath } : {}),
    },
  });
  const readSessionCookie = sessionCookieReader(secureFor);
  const guard = originGuard({ secureFor, publicOrigins: options.publicOrigins });

  const refuse = (_c: Context<GatewayEnv>, refused: Refusal, method?: Parameters<typeof refusalBody>[0]) =>
    jsonAnswer(JSON.stringify(refusalBody(method, refused, new Date(now()))), refused.httpStatus, refused.headers);
  const { identify, admit, signedIn } = admission({ sessions, readSessionCookie, authenticate: options.authenticate, perUser, refuse });

  const app = new Hono<GatewayEnv>();
  const probes = new Set(healthPaths(basePath));
  // The sign-in page alone may be opened by a link from anywhere; health probes carry nothing and come by any name.
  app.use('*', (c, next) => {
    if (c.req.method === 'GET' && probes.has(c.req.path)) return next();
    const elsewhere = guard(c.env.incoming, c.req.method === 'GET' && c.req.path === `${basePath}/login`);
    return elsewhere ? Promise.resolve(refuse(c, elsewhere)) : next();
  });

  healthRoutes(app, { basePath, state, jodoAnswers: () => jodo.answers(), draining: () => draining });
  const eventsPath = `${basePath}/events`;
  sessionRoutes(app, { basePath, sessions, state, onRateLimited: () => metrics.rateLimited.inc(), users: options.users ?? [], secureFor, identify, signedIn, refuse, readSessionCookie, maxAgeSeconds: Math.floor(sessionTtlMs / 1000), log, ...(options.events === false ? {} : { eventsPath }) });

  recordingRoute(app, {
    basePath, jodo, upstreamUrl, recordingOrigins: options.recordingOrigins, fetch: options.fetch, upstreamSocketPath: options.upstreamSocketPath,
    timeoutMs: upstreamTimeoutMs, now, signedIn, refuse, log,
  });

  // The Jodo endpoint takes POST only (served by jodoEndpoint, below); anything else there is told so, once signed in.
  app.all(basePath, signedIn, (c) => refuse(c, new Refusal(WRONG_FORMAT, 'Wrong format of received request: use POST', 405, { allow: 'POST' })));
  const { intervalMs: eventsIntervalMs = EVENTS_INTERVAL_MS, lingerMs } = options.events || {};
  const ask = (servicekey: string, loginids: string[]) => jodo.userStatusOf(servicekey, loginids);
  const pushOptions = { ask, intervalMs: eventsIntervalMs, now, ...(lingerMs !== undefined ? { lingerMs } : {}) };
  // Replicas on Redis share one poller; the embedded store's one process polls for itself.
  const push: PushHub | undefined =
    options.events === false
      ? undefined
      : state.redis
        ? redisPush({ ...pushOptions, redis: state.redis, log: (line) => logger.info(line), onError: storeEvents.onError!, onLease: (held) => metrics.eventPollerActive.set(held ? 1 : 0) })
        : localPush(pushOptions);
  if (push && !state.redis) metrics.eventPollerActive.set(1);
  const events =
    push &&
    eventsEndpoint({
      guard, admit, identify, push, now, log,
      intervalMs: eventsIntervalMs,
      draining: () => draining,
      limits: { ...DEFAULT_STREAM_LIMITS, ...(options.events || {}).limits },
      onStreams: (change) => metrics.eventStreams.inc(change),
      onSlow: () => metrics.eventStreamsCut.inc(),
    });
  const serveJodo = jodoEndpoint({ maxBodyBytes: options.maxBodyBytes ?? MAX_BODY_BYTES, guard, admit, jodo, idempotency, log, now, metrics });

  app.notFound((c) => refuse(c, new Refusal(WRONG_FORMAT, 'No such gateway route', 404)));
  app.onError((error, c) => {
    if (error instanceof Refusal) return refuse(c, error);
    if (error instanceof StoreUnavailable) return refuse(c, STORE_UNAVAILABLE);
    // A body cut short or malformed by its sender (a dropped upload, chunked garbage) is the sender's failure, not ours.
    if (!c.env.incoming.complete) return refuse(c, new Refusal(WRONG_FORMAT, 'Wrong format of received request: the body did not arrive whole', 400));
    log(`gateway: a request failed: ${error instanceof Error ? error.name : 'error'}`);
    return refuse(c, new Refusal(NO_JODO_ANSWER, undefined, 502));
  });

  const listener = getRequestListener((request, env) => app.fetch(request, env), {
    // node-server's default: its light Request and Response (subclasses that behave as the platform's) become the
    // globals, so an answer is written straight to the socket instead of through undici's web streams.
    errorHandler: () => undefined,
    // Node itself discards what a refused request left unread (a 401 before its body): nothing to drain here.
    autoCleanupIncoming: false,
  });

  const owns = (url: string | undefined) => ownsPath(basePath, url);

  return {
    async handle(req, res, next) {
      if (!owns(req.url)) {
        if (next) return next();
        res.writeHead(404, { 'content-type': 'application/json; charset=utf-8', 'x-content-type-options': 'nosniff' });
        res.end('{"ok":false,"error":"not found"}');
        return;
      }
      const path = req.url === basePath ? basePath : (req.url ?? '/').split('?')[0]!;
      const facts = requestLog.begin(req, res, routeOf(basePath, path));
      // Every poll: straight to the endpoint, past the Hono adapter (jodo-endpoint.ts says why); it sends the request id itself.
      if (req.method === 'POST' && path === basePath) return serveJodo(req, res);
      // Event streams stay open for hours: written as events come, past the Hono adapter too (events-endpoint.ts).
      if (events && req.method === 'GET' && path === eventsPath) return events.handle(req, res);
      res.setHeader('x-request-id', facts.id);
      try {
        await listener(req, res);
      } catch {
        if (!res.headersSent) res.writeHead(502);
        res.destroy();
      }
    },
    owns,
    basePath,
    sessions: {
      create: (identity) => sessions.create(identity),
      endAllOf: (login) => sessions.endAllOf(login),
      updateUser: (identity) => sessions.updateUser(identity),
    },
    state,
    metrics,
    drain() {
      draining = true;
      // Streams move to another replica now (browsers connect again at once), not when the process is killed,
      // and so does the polling for them.
      events?.endAll('restart');
      void push?.close();
      metrics.eventPollerActive.set(0);
    },
    flushLog: () => requestLog.flush(),
    async close() {
      try {
        events?.endAll('restart');
        await push?.close();
        await jodo.close();
        await state.close();
      } finally {
        requestLog.flush();
      }
    },
  };
}
