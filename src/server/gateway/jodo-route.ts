/**
 * `POST <base>`: a caller's Jodo request. Read (within the body limit),
 * parsed as the sandbox parses it, checked against the caller's role and
 * processes (authorize.ts), given the organisation's key and forwarded;
 * writes once per Idempotency-Key.
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ORGANISATION_METHODS, READ_ONLY_METHODS, type JodoMethod } from '../../api/codes.js';
import { isJsonObject } from '../../api/json.js';
import { methodOf, parseRequest, requestText } from '../http/jodo-request.js';
import { jsonAnswer } from './answers.js';
import { authorize, servicekeyFor } from './authorize.js';
import type { GatewayEnv } from './gateway-env.js';
import { IDEMPOTENCY_HEADER, isIdempotencyKey, type IdempotencyStore } from './idempotency.js';
import type { JodoCaller } from './jodo-caller.js';
import { Forbidden, Refused } from './refusal.js';

const NO_QUERY = new URL('http://gateway.invalid/');
/** What the client sends; a text/plain body is what a cross-site <form> forges. */
const ACCEPTED_TYPES = /^(application\/x-www-form-urlencoded|application\/json)\b/i;

export interface JodoRouteOptions {
  basePath: string;
  maxBodyBytes: number;
  signedIn: MiddlewareHandler<GatewayEnv>;
  refuse: (c: Context<GatewayEnv>, refused: Refused, method?: JodoMethod) => Response;
  jodo: JodoCaller;
  idempotency: IdempotencyStore;
  log: (line: string) => void;
}

export function jodoRoute(app: Hono<GatewayEnv>, options: JodoRouteOptions): void {
  const { basePath, refuse, jodo, idempotency, log } = options;
  const limitUndeclared = bodyLimit({ maxSize: options.maxBodyBytes, onError: (c) => refuse(c as Context<GatewayEnv>, new Refused(413, 9413)) });

  app.all(
    basePath,
    options.signedIn,
    async (c, next) => {
      if (c.req.method !== 'POST') return refuse(c, new Refused(405, 2, 'Wrong format of received request: use POST', { allow: 'POST' }));
      const headers = c.env.incoming.headers;
      if (!ACCEPTED_TYPES.test(headers['content-type'] ?? '')) {
        return refuse(c, new Refused(415, 2, 'Wrong format of received request: send data=<JSON> form-encoded, or JSON'));
      }
      // A declared length is checked from the header alone, and the body then read on node-server's fast path
      // (Node's parser never hands over more than it declares); Hono's bodyLimit would first turn the request
      // into a web stream. A body of no declared length (chunked) is counted by bodyLimit as it streams.
      if (headers['transfer-encoding'] === undefined && headers['content-length'] !== undefined) {
        return Number(headers['content-length']) > options.maxBodyBytes ? refuse(c, new Refused(413, 9413)) : next();
      }
      return limitUndeclared(c, next);
    },
    async (c) => {
      const identity = c.get('identity');
      let text: string;
      try {
        // Bytes to text as the sandbox reads them: a byte order mark stays (and makes the body no JSON), as it did.
        text = Buffer.from(await c.req.arrayBuffer()).toString('utf8');
      } catch {
        return refuse(c, new Refused(400, 2, 'Wrong format of received request: the body could not be read'));
      }
      // A POST is read from its body alone: the URL is not parsed for it.
      const request = parseRequest(requestText('POST', NO_QUERY, c.env.incoming.headers['content-type'] ?? '', text));
      if (!isJsonObject(request)) return refuse(c, new Refused(400, 2, 'Wrong format of received request: not a JSON object (of at most 32 levels)'));
      const method = methodOf(request);
      if (!method) return refuse(c, new Refused(400, 2, 'Wrong format of received request: unknown or missing method'));
      try {
        // The gateway's key always wins; a servicekey is checked against the user's own. Authorisation may
        // respell logins in it (as the session spells them); nothing else of the caller's request changes.
        const outgoing: Record<string, unknown> = { ...request, method, apikey: jodo.apikey };
        if (!ORGANISATION_METHODS.has(method)) outgoing['servicekey'] = servicekeyFor(identity, request['servicekey']);
        await authorize(identity, method, outgoing, jodo.holders);
        if (READ_ONLY_METHODS.has(method)) return jsonAnswer(await jodo.forward(method, outgoing));
        // Every write carries a key (the client makes one per write): a resent write is then applied once.
        const key = c.env.incoming.headers[IDEMPOTENCY_HEADER];
        if (!isIdempotencyKey(key)) throw new Refused(400, 2, 'Wrong format of received request: a write needs an Idempotency-Key of 8 to 128 letters, digits or ._:-');
        const result = await idempotency.once(identity.login, key, outgoing, () => jodo.forward(method, outgoing));
        if ('conflict' in result) throw new Refused(409, 5, 'This Idempotency-Key was used for a different request');
        return jsonAnswer(result.answer, 200, result.replayed ? { 'idempotent-replayed': 'true' } : undefined);
      } catch (error) {
        if (error instanceof Forbidden) {
          log(`gateway: refused ${method} for ${identity.login}: ${error.reason}`);
          return refuse(c, new Refused(403, 9403, `Not allowed: ${error.reason}`), method);
        }
        if (error instanceof Refused) return refuse(c, error, method);
        throw error;
      }
    },
  );
}
