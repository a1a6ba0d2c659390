/**
 * `POST <base>`: a caller's Jodo request, every poll of every toolbar. Read
 * within the body limit, parsed as the sandbox parses it, checked against the
 * caller's role and processes (authorize.ts), given the organisation's key
 * and forwarded; writes once per Idempotency-Key.
 *
 * Why this one route is a plain Node handler beside the Hono app (which
 * serves every other route, and this path's other methods): in the gateway
 * benchmark, at an agent's polling rate, @hono/node-server's adapter and
 * Hono's dispatch cost about 160 µs of CPU per request, more than the whole
 * of the gateway's own work on a poll (bench/RESULTS.md, Gateway). The checks
 * it runs are the same functions the Hono app's middleware runs.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ORGANISATION_METHODS, READ_ONLY_METHODS, type JodoMethod } from '../../api/codes.js';
import { FAIL, NOT_ALLOWED, NO_JODO_ANSWER, TOO_LARGE, WRITE_IN_FLIGHT, WRONG_FORMAT } from '../../api/status-codes.js';
import { isJsonObject } from '../../api/json.js';
import { BodyTooLargeError, bodyAtHand, readBody } from '../http/body.js';
import { methodOf, parseRequest, requestText } from '../http/jodo-request.js';
import { writeJson } from './answers.js';
import { authorize, servicekeyFor } from './authorize.js';
import type { OriginGuard } from './gateway-guards.js';
import { IDEMPOTENCY_HEADER, isIdempotencyKey, type Idempotency } from './idempotency.js';
import type { Identity } from './identity.js';
import type { JodoCaller } from './jodo-caller.js';
import type { GatewayMetrics } from './metrics.js';
import { factsOf, type RequestFacts } from './request-log.js';
import { Refusal, STORE_UNAVAILABLE, refusalBody } from './refusal.js';
import { StoreUnavailable } from './state/state.js';

const NO_QUERY = new URL('http://gateway.invalid/');
/** What the client sends; a text/plain body is what a cross-site <form> forges. */
const ACCEPTED_TYPES = /^(application\/x-www-form-urlencoded|application\/json)\b/i;

export interface JodoEndpointOptions {
  maxBodyBytes: number;
  guard: OriginGuard;
  /** Who is asking, within their rate limit; else the refusal (401, 429). */
  admit: (req: IncomingMessage) => Promise<Identity | Refusal>;
  jodo: JodoCaller;
  idempotency: Idempotency;
  log: (line: string) => void;
  now: () => number;
  metrics: GatewayMetrics;
}

/** Whether `identity` may make this request (authorize.ts), asking Jodo who holds the records a write would touch. */
function authorizeFor(jodo: JodoCaller, identity: Identity, method: JodoMethod, outgoing: Record<string, unknown>, facts: RequestFacts | undefined) {
  return authorize(identity, method, outgoing, (servicekey, param, values) => jodo.holders(servicekey, param, values, facts));
}

export function jodoEndpoint(options: JodoEndpointOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { guard, admit, jodo, idempotency, log, now, metrics } = options;
  /** The answer's headers with the request's id (request-log.ts). */
  const withId = (facts: RequestFacts | undefined, headers: Record<string, string> | undefined) => (facts ? { ...headers, 'x-request-id': facts.id } : headers);
  const refuse = (res: ServerResponse, refused: Refusal, method?: JodoMethod, facts?: RequestFacts) => {
    if (facts) facts.code = refused.code;
    writeJson(res, JSON.stringify(refusalBody(method, refused, new Date(now()))), refused.httpStatus, withId(facts, refused.headers));
  };

  /** The answer to a request that names a method, or the refusal (thrown). */
  async function answer(req: IncomingMessage, identity: Identity, method: JodoMethod, request: Record<string, unknown>, facts?: RequestFacts): Promise<{ text: string; headers?: Record<string, string> }> {
    // The gateway's key always wins; a servicekey is checked against the user's own. Authorisation may
    // respell logins in it (as the session spells them); nothing else of the caller's request changes.
    const outgoing: Record<string, unknown> = { ...request, method, apikey: jodo.apikey };
    if (!ORGANISATION_METHODS.has(method)) outgoing['servicekey'] = servicekeyFor(identity, request['servicekey']);
    if (READ_ONLY_METHODS.has(method)) {
      await authorizeFor(jodo, identity, method, outgoing, facts);
      return { text: await jodo.forward(method, outgoing, facts) };
    }
    // Every write carries a key (the client makes one per write): a resent write is then applied once.
    const key = req.headers[IDEMPOTENCY_HEADER];
    if (!isIdempotencyKey(key)) {
      await authorizeFor(jodo, identity, method, outgoing, facts); // a write that may not be made is told so first, key or no key
      throw new Refusal(WRONG_FORMAT, 'Wrong format of received request: a write needs an Idempotency-Key of 8 to 128 letters, digits or ._:-', 400);
    }
    // Checked once the key is reserved, not before: the check may ask Jodo who holds a record, and a repeat of a write
    // already answered is given its kept answer without calling Jodo again (README), even while Jodo is down or after the
    // record it made has moved to another agent (the check would then refuse, as a 403, a write that was applied). A
    // replica that dies during that question holds the key until its lease runs out, as one dying while forwarding does.
    const result = await idempotency.once(identity.login, key, outgoing, async () => {
      await authorizeFor(jodo, identity, method, outgoing, facts);
      return jodo.forward(method, outgoing, facts);
    });
    if ('conflict' in result) {
      if (result.conflict === 'different-request') throw new Refusal(FAIL, 'This Idempotency-Key was used for a different request', 422);
      throw new Refusal(WRITE_IN_FLIGHT, undefined, 409, { 'retry-after': String(Math.max(1, Math.ceil(result.retryAfterMs / 1000))) });
    }
    if (!result.replayed) return { text: result.answer };
    metrics.replays.inc();
    return { text: result.answer, headers: { 'idempotent-replayed': 'true' } };
  }

  return async (req, res) => {
    let method: JodoMethod | undefined;
    let identity: Identity | undefined;
    const facts = factsOf(req);
    try {
      const elsewhere = guard(req);
      if (elsewhere) return refuse(res, elsewhere, method, facts);
      const admitted = await admit(req);
      if (admitted instanceof Refusal) return refuse(res, admitted, method, facts);
      identity = admitted;
      if (facts) facts.login = identity.login;
      const type = req.headers['content-type'] ?? '';
      if (!ACCEPTED_TYPES.test(type)) return refuse(res, new Refusal(WRONG_FORMAT, 'Wrong format of received request: send data=<JSON> form-encoded, or JSON', 415), method, facts);
      // A poll's body has arrived with its headers: taken as it is, without waiting for the stream's events.
      let text = bodyAtHand(req, options.maxBodyBytes);
      if (text === undefined) {
        try {
          text = await readBody(req, options.maxBodyBytes);
        } catch (error) {
          if (res.destroyed) return;
          if (error instanceof BodyTooLargeError) return refuse(res, new Refusal(TOO_LARGE, undefined, 413), method, facts);
          return refuse(res, new Refusal(WRONG_FORMAT, 'Wrong format of received request: the body did not arrive whole', 400), method, facts);
        }
      }
      // A POST is read from its body alone: the URL is not parsed for it.
      const request = parseRequest(requestText('POST', NO_QUERY, type, text));
      if (!isJsonObject(request)) return refuse(res, new Refusal(WRONG_FORMAT, 'Wrong format of received request: not a JSON object (of at most 32 levels)', 400), method, facts);
      method = methodOf(request);
      if (!method) return refuse(res, new Refusal(WRONG_FORMAT, 'Wrong format of received request: unknown or missing method', 400), method, facts);
      if (facts) facts.method = method;
      const { text: body, headers } = await answer(req, identity, method, request, facts);
      if (!res.destroyed) writeJson(res, body, 200, withId(facts, headers));
    } catch (error) {
      if (res.headersSent || res.destroyed) return void res.destroy();
      if (error instanceof Refusal) {
        // What a user may not do is worth a line: it may be a probe, or a CRM sending what its users may not.
        if (error.code === NOT_ALLOWED) log(`gateway: refused ${method} for ${identity?.login}: ${error.statusdesc}`);
        return refuse(res, error, method, facts);
      }
      // Logged where the store failed (store-events-log.ts), at most every few seconds: an outage fails every request.
      if (error instanceof StoreUnavailable) return refuse(res, STORE_UNAVAILABLE, method, facts);
      log(`gateway: a request failed: ${error instanceof Error ? error.name : 'error'}`);
      refuse(res, new Refusal(NO_JODO_ANSWER, undefined, 502), method, facts);
    }
  };
}
