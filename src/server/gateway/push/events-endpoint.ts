/**
 * `GET <base>/events?logins=a,b[&servicekey=k][&confirm=ms]`: the agents' states as
 * server-sent events, instead of a userStatus poll from every browser. The
 * caller is admitted and authorised exactly as for userStatus (an agent hears
 * only themself, a supervisor their team), then hears:
 *
 * - `ready`: the logins as the stream spells them and the poll interval;
 * - `status` (with an id): an agent's state as last polled, when it changed,
 *   and at the start (or, given `Last-Event-ID`, every change since);
 * - `polled` (with an id): a round of polls ended: every state not in a
 *   `status` is unchanged as of then, or, with `problem`, Jodo did not
 *   answer and the states shown are as old as before. With `confirm`, a
 *   round that went well is told at most that often (the page's own poll
 *   interval: it needs no fresher word), a problem and the round after it
 *   at once;
 * - `end`, with a reason, when the gateway closes the stream: `signed-out`
 *   and `not-allowed` (the session ended, the role or team changed; sent as
 *   soon as it is noticed, within a heartbeat) and `restart` (the gateway is
 *   shutting down: connect again).
 *
 * Times go as ages (`age`: ms since the poll, when sent), as the browser's
 * clock may differ from the gateway's. A comment every heartbeat keeps
 * proxies from closing a quiet stream. A browser that does not read its
 * stream is cut off once a set amount is waiting for it (it reconnects with
 * `Last-Event-ID` and misses nothing), so no stream grows the gateway's
 * memory; streams per user and per process are capped.
 *
 * A plain Node handler, as the Jodo endpoint: writing to the socket as each
 * event comes, with Node's own backpressure, costs one small object per
 * stream where a web stream (Hono's `streamSSE`) would add its queue and
 * promises to each of thousands.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_IDS } from '../../../api/limits.js';
import { NO_JODO_ANSWER, TOO_MANY_REQUESTS, WRONG_FORMAT } from '../../../api/status-codes.js';
import { DATA_HEADERS, writeJson } from '../answers.js';
import { authorize, servicekeyFor } from '../authorize.js';
import type { OriginGuard } from '../gateway-guards.js';
import type { Identity } from '../identity.js';
import { loginKey } from '../logins.js';
import { factsOf } from '../request-log.js';
import { Refusal, STORE_UNAVAILABLE, refusalBody } from '../refusal.js';
import { StoreUnavailable } from '../state/state.js';
import type { PushHub } from './push-hub.js';
import type { FeedEvent } from './status-feed.js';

export interface StreamLimits {
  /** Open streams per user (tabs share one; a board may hold a few). */
  perUser: number;
  /** Open streams per gateway process. */
  perProcess: number;
  /** Bytes waiting for one browser past which its stream is cut off. */
  maxBufferedBytes: number;
  /** How often a quiet stream carries a comment, and the caller is checked again, ms. */
  heartbeatMs: number;
}

export const DEFAULT_STREAM_LIMITS: StreamLimits = { perUser: 8, perProcess: 25_000, maxBufferedBytes: 256 * 1024, heartbeatMs: 15_000 };

/** How long a browser waits before connecting again after a cut (EventSource's `retry`), ms. */
const RETRY_MS = 2000;
const LONGEST_LOGIN = 256;

export interface EventsEndpointOptions {
  guard: OriginGuard;
  /** Who is asking, within their rate limit; else the refusal (401, 429). */
  admit: (req: IncomingMessage) => Promise<Identity | Refusal>;
  /** Who holds the request's credentials now (undefined once signed out or expired): checked every heartbeat. */
  identify: (req: IncomingMessage) => Identity | undefined | Promise<Identity | undefined>;
  /** The feed heard, the states a stream starts from, and the poller's list of logins. */
  push: PushHub;
  /** The poller's interval, told to browsers: their yardstick of staleness. */
  intervalMs: number;
  limits: StreamLimits;
  /** True once the gateway is shutting down: no new stream (the browser connects to another replica). */
  draining: () => boolean;
  now: () => number;
  log: (line: string) => void;
  /** Told when a stream opens (+1) or closes (-1), and when one is cut off for not reading. */
  onStreams?: (change: 1 | -1) => void;
  onSlow?: () => void;
}

export type EndReason = 'signed-out' | 'not-allowed' | 'restart';

export interface EventsEndpoint {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Streams open now. */
  readonly open: number;
  /** Ends every stream with `reason` (a shutdown: `restart`). */
  endAll(reason: EndReason): void;
}

const NO_HOLDERS = async () => new Set<string>();

/** How often a stream is told of rounds that went well (`?confirm=ms`): every round unless asked, at most once a minute. */
function confirmOf(query: URLSearchParams, intervalMs: number): number {
  const asked = Number(query.get('confirm'));
  return Number.isInteger(asked) && asked > intervalMs ? Math.min(asked, 60_000) : intervalMs;
}

/** The logins of `?logins=a,b`, or the refusal. */
function loginsOf(query: URLSearchParams): string[] {
  const logins = query
    .getAll('logins')
    .flatMap((list) => list.split(','))
    .map((login) => login.trim())
    .filter(Boolean);
  if (logins.length < 1 || logins.length > MAX_IDS || logins.some((login) => login.length > LONGEST_LOGIN)) {
    throw new Refusal(WRONG_FORMAT, `Wrong format of received request: name 1 to ${MAX_IDS} logins, as ?logins=a,b`, 400);
  }
  return logins;
}

export function eventsEndpoint(options: EventsEndpointOptions): EventsEndpoint {
  const { guard, admit, identify, push, limits, now, log } = options;
  const { feed, board } = push;
  const perUser = new Map<string, number>();
  const streams = new Set<{ end(reason: EndReason): void }>();
  type Deliver = (event: FeedEvent) => void;
  /**
   * Who hears what, indexed so that an event costs its own listeners only (not every stream): a state by
   * process and login, the end of a round by process.
   */
  const byLogin = new Map<string, Set<Deliver>>();
  const byProcess = new Map<string, Set<Deliver>>();
  const addTo = (index: Map<string, Set<Deliver>>, key: string, deliver: Deliver) => {
    let set = index.get(key);
    if (!set) index.set(key, (set = new Set()));
    set.add(deliver);
  };
  const removeFrom = (index: Map<string, Set<Deliver>>, key: string, deliver: Deliver) => {
    const set = index.get(key);
    if (set?.delete(deliver) && set.size === 0) index.delete(key);
  };
  const loginIndex = (servicekey: string, key: string) => `${servicekey}\n${key}`;
  feed.subscribe((e) => {
    if (e.kind === 'forgot') return;
    const listeners = e.kind === 'status' ? byLogin.get(loginIndex(e.servicekey, loginKey(e.agent.login))) : byProcess.get(e.servicekey);
    if (listeners) for (const deliver of [...listeners]) deliver(e);
  });

  const refuse = (res: ServerResponse, refused: Refusal) => {
    const facts = factsOf(res.req);
    if (facts) facts.code = refused.code;
    writeJson(res, JSON.stringify(refusalBody('userStatus', refused, new Date(now()))), refused.httpStatus, refused.headers);
  };

  /** The stream's logins after authorisation (spelt as the session spells them), or the refusal (thrown). */
  async function authorised(identity: Identity, logins: string[], servicekey: string | null): Promise<{ servicekey: string; logins: string[] }> {
    const request: Record<string, unknown> = { loginids: logins, servicekey: servicekeyFor(identity, servicekey ?? undefined) };
    await authorize(identity, 'userStatus', request, NO_HOLDERS);
    return { servicekey: request['servicekey'] as string, logins: request['loginids'] as string[] };
  }

  function stream(req: IncomingMessage, res: ServerResponse, identity: Identity, watched: { servicekey: string; logins: string[] }, asked: { logins: string[]; servicekey: string | null; confirmMs: number }): void {
    const { servicekey } = watched;
    const keys = new Set(watched.logins.map(loginKey));
    const user = loginKey(identity.login);
    perUser.set(user, (perUser.get(user) ?? 0) + 1);
    options.onStreams?.(1);
    let closed = false;

    const write = (text: string) => {
      if (closed) return;
      // A browser that stopped reading: cut off (it comes back with Last-Event-ID) rather than kept in memory.
      if (res.writableLength > limits.maxBufferedBytes) {
        log(`gateway: an event stream of ${identity.login} was cut off: the browser did not read it`);
        options.onSlow?.();
        close(); // once: what is still queued counts after destroy() too
        res.destroy();
        return;
      }
      res.write(text);
    };
    /** The last round told (the poller's clock), and whether it had a problem (the next good one is told at once). */
    let lastConfirmed = -Infinity;
    let lastHadProblem = false;
    const event = (type: string, data: unknown, id?: string) => write(`${id ? `id: ${id}\n` : ''}event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
    const deliver = (e: FeedEvent) => {
      if (e.servicekey !== servicekey) return;
      if (e.kind === 'status') {
        if (keys.has(loginKey(e.agent.login))) event('status', { agent: e.agent, age: Math.max(0, now() - e.polledAt) }, e.id);
      } else if (e.kind === 'polled') {
        // Rounds are a second apart: "every `confirm` ms" is every round that comes half a round before it is due.
        const early = !e.problem && !lastHadProblem && e.polledAt - lastConfirmed < asked.confirmMs - options.intervalMs / 2;
        if (early) return;
        lastConfirmed = e.polledAt;
        lastHadProblem = Boolean(e.problem);
        event('polled', { age: Math.max(0, now() - e.polledAt), ...(e.problem ? { problem: e.problem } : {}) }, e.id);
      }
    };

    res.writeHead(200, {
      ...DATA_HEADERS,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      // Proxies that buffer answers (nginx) pass this one on as it comes.
      'x-accel-buffering': 'no',
      ...(factsOf(req) ? { 'x-request-id': factsOf(req)!.id } : {}),
    });
    write(`retry: ${RETRY_MS}\n\n`);
    event('ready', { logins: watched.logins, intervalMs: options.intervalMs });
    // Heard from now on, and what came before sent first, in the same turn: nothing falls between the two.
    addTo(byProcess, servicekey, deliver);
    for (const key of keys) addTo(byLogin, loginIndex(servicekey, key), deliver);
    const unsubscribe = () => {
      removeFrom(byProcess, servicekey, deliver);
      for (const key of keys) removeFrom(byLogin, loginIndex(servicekey, key), deliver);
    };
    const lastId = req.headers['last-event-id'];
    const missed = typeof lastId === 'string' ? feed.since(lastId) : undefined;
    if (missed) for (const e of missed) deliver(e);
    else {
      // The current states without ids, then the id they stand at: a stream cut halfway through them comes
      // back without it, and is given them all again.
      for (const login of watched.logins) {
        const known = board.current(servicekey, login);
        if (known) event('status', { agent: known.agent, age: Math.max(0, now() - known.polledAt) });
      }
      write(`id: ${feed.lastId}\n\n`);
    }
    const unwatch = push.watch(servicekey, watched.logins);

    const end = (reason: EndReason) => {
      event('end', { reason });
      res.end();
      close();
    };
    const handle = { end };
    streams.add(handle);

    // Each heartbeat: a comment, and the caller checked again (a sign-out, a revoked session, a team changed, a token expired).
    let uncheckable = 0;
    const heartbeat = setInterval(() => {
      write(': heartbeat\n\n');
      void (async () => {
        try {
          const current = await identify(req);
          if (closed) return;
          uncheckable = 0;
          if (!current) return end('signed-out');
          const still = await authorised(current, asked.logins, asked.servicekey);
          if (still.servicekey !== servicekey || still.logins.some((login) => !keys.has(loginKey(login)))) end('not-allowed');
        } catch (error) {
          if (closed) return;
          if (error instanceof Refusal) return end('not-allowed');
          // The store away is not a sign-out, but a stream is not kept past two checks it could not make:
          // the browser connects again (and is refused while the store is away, as its polls would be).
          if (++uncheckable >= 2) end('restart');
        }
      })();
    }, limits.heartbeatMs);

    function close() {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      unsubscribe();
      unwatch();
      streams.delete(handle);
      const left = (perUser.get(user) ?? 1) - 1;
      if (left > 0) perUser.set(user, left);
      else perUser.delete(user);
      options.onStreams?.(-1);
    }
    res.once('close', close);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const facts = factsOf(req);
    if (facts) facts.method = 'events';
    try {
      const elsewhere = guard(req);
      if (elsewhere) return refuse(res, elsewhere);
      const admitted = await admit(req);
      if (admitted instanceof Refusal) return refuse(res, admitted);
      if (facts) facts.login = admitted.login;
      const query = new URL(req.url ?? '/', 'http://gateway.invalid').searchParams;
      const asked = { logins: loginsOf(query), servicekey: query.get('servicekey'), confirmMs: confirmOf(query, options.intervalMs) };
      const watched = await authorised(admitted, asked.logins, asked.servicekey);
      if (options.draining()) return refuse(res, new Refusal(NO_JODO_ANSWER, 'This gateway is shutting down: connect again', 503, { 'retry-after': '1' }));
      if (streams.size >= limits.perProcess) return refuse(res, new Refusal(NO_JODO_ANSWER, 'This gateway holds as many event streams as it may: poll instead, or try again shortly', 503, { 'retry-after': '30' }));
      if ((perUser.get(loginKey(admitted.login)) ?? 0) >= limits.perUser) {
        return refuse(res, new Refusal(TOO_MANY_REQUESTS, `At most ${limits.perUser} event streams per user: close one first`, 429, { 'retry-after': '30' }));
      }
      if (res.destroyed) return;
      stream(req, res, admitted, watched, asked);
    } catch (error) {
      if (res.headersSent || res.destroyed) return void res.destroy();
      if (error instanceof Refusal) return refuse(res, error);
      if (error instanceof StoreUnavailable) return refuse(res, STORE_UNAVAILABLE);
      log(`gateway: an event stream failed to open: ${error instanceof Error ? error.name : 'error'}`);
      refuse(res, new Refusal(NO_JODO_ANSWER, undefined, 502));
    }
  }

  return {
    handle,
    get open() {
      return streams.size;
    },
    endAll(reason) {
      for (const handle of [...streams]) handle.end(reason);
    },
  };
}
