/**
 * The Jodo endpoint over HTTP, as Hono routes: the wire forms of CONTRACT.md
 * (GET `?data=`, form, JSON and raw `data={...}` bodies of up to 1 MiB), CORS
 * for pages that call the sandbox straight (it stands in for Jodo there), and
 * the faults queued through the control API.
 */
import type { HttpBindings } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { Hono, type Context } from 'hono';
import type { JodoMethod } from '../../api/codes.js';
import { FAIL, WRONG_FORMAT } from '../../api/status-codes.js';
import { methodOf, parseRequest, requestText } from '../http/jodo-request.js';
import { limitedBody } from '../http/limited-body.js';
import { jsonResponse } from '../http/web-responses.js';
import { recordingPath } from './control-paths.js';
import { JODO_PATH, answer } from './endpoint.js';
import type { Fault, Faults, RequestCounts } from './faults.js';
import { failure, Refusal } from './replies.js';
import { linkOrigin } from './request-origin.js';
import type { SandboxDatabase } from './store.js';

export interface JodoRouteDeps {
  db: SandboxDatabase;
  faults: Faults;
  counts: RequestCounts;
  clock(): Date;
  /** Where unexpected failures are reported (one short line, no request data). */
  log(line: string): void;
  /** Moves the dialer up to `now` before an answer reads agent states. */
  catchUp(now: Date): void;
}

type Env = { Bindings: HttpBindings };

const CORS = { 'access-control-allow-origin': '*' };
const TOKEN_LIST = /^[A-Za-z0-9-]+(?:\s*,\s*[A-Za-z0-9-]+)*$/;
const PAGE = { ...CORS, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' };

export function jodoRoutes({ db, faults, counts, clock, log, catchUp }: JodoRouteDeps): Hono<Env> {
  const routes = new Hono<Env>();
  /** A request refused before it is read as a Jodo request: code 2, in the failure shape. */
  const refuse = (status: number, statusdesc: string, headers: Record<string, string> = {}) =>
    jsonResponse(status, failure(undefined, clock(), new Refusal(WRONG_FORMAT, statusdesc)), { ...CORS, ...headers });
  const notAllowed = () => refuse(405, 'Wrong format of received request: use POST', { allow: 'GET, POST' });
  const gone = (c: Context<Env>) => c.env.outgoing.destroyed;

  /** Plays a fault; its answer, or undefined when it was a delay alone and the real answer follows. */
  async function playFault(c: Context<Env>, fault: Fault, method: JodoMethod | undefined): Promise<Response | undefined> {
    if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (gone(c)) return RESPONSE_ALREADY_SENT;
    if (fault.body !== undefined) return new Response(fault.body, { status: fault.http ?? 200, headers: PAGE });
    if (fault.status !== undefined) return jsonResponse(fault.http ?? 200, failure(method, clock(), new Refusal(fault.status)), CORS);
    if (fault.http !== undefined) {
      return new Response(`<html><body><h1>${fault.http}</h1><p>The service is unavailable.</p></body></html>`, { status: fault.http, headers: PAGE });
    }
    return undefined;
  }

  async function serve(c: Context<Env>, body: string): Promise<Response> {
    const now = clock();
    const { incoming } = c.env;
    const request = parseRequest(requestText(c.req.method, new URL(c.req.url), incoming.headers['content-type'] ?? '', body));
    const method = methodOf(request);
    counts.add(method);
    const fault = faults.pending ? faults.take(method) : undefined;
    const faulty = fault && (await playFault(c, fault, method));
    if (faulty) return faulty;
    const at = fault?.delayMs ? clock() : now;
    catchUp(at);
    const origin = linkOrigin(incoming);
    return jsonResponse(200, answer(request, { db, now: at, log, recordingUrl: (id, type) => origin + recordingPath(id, type ?? undefined) }), CORS);
  }

  routes.options(JODO_PATH, (c) => {
    const asked = c.env.incoming.headers['access-control-request-headers'];
    return new Response(null, {
      status: 204,
      headers: {
        ...CORS,
        'access-control-allow-methods': 'GET, POST',
        // Echo what the caller asks for (an idempotency key, an authorisation header): the sandbox holds no secrets.
        'access-control-allow-headers': asked && TOKEN_LIST.test(asked) ? asked : 'content-type',
        'access-control-max-age': '600',
      },
    });
  });
  // Hono answers HEAD with the GET route: the endpoint takes GET and POST only.
  routes.get(JODO_PATH, (c) => (c.req.method === 'HEAD' ? notAllowed() : serve(c, '')));
  routes.post(
    JODO_PATH,
    limitedBody(() => refuse(413, 'Request body is larger than 1 MiB', { connection: 'close' })),
    async (c) => {
      let body: string;
      try {
        body = await c.req.text();
      } catch {
        // The sender dropped the connection or stalled: there is rarely anyone left to answer.
        return gone(c) ? RESPONSE_ALREADY_SENT : refuse(400, 'Request body could not be read', { connection: 'close' });
      }
      return serve(c, body);
    },
  );
  routes.all(JODO_PATH, notAllowed);

  routes.onError((error, c) => {
    log(`sandbox: a request to the Jodo endpoint failed: ${error.name}`);
    return gone(c) ? RESPONSE_ALREADY_SENT : jsonResponse(200, failure(undefined, clock(), new Refusal(FAIL, 'Error while processing')), CORS);
  });
  return routes;
}
