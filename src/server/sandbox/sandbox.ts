/**
 * The Jodo-compatible sandbox as one request handler, to mount in a plain
 * Node server (the CLI), the vite dev server or web-test-runner.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, readBody } from '../http/body.js';
import { sendJson } from '../http/respond.js';
import { CONTROL_PREFIX, handleControl, recordingPath } from './control.js';
import { DEFAULT_TIMINGS, Dialer, type DialerTimings } from './dialer.js';
import { methodOf, parseRequest, requestText } from '../http/jodo-request.js';
import { JODO_PATH, answer } from './endpoint.js';
import { Faults, RequestCounts, type Fault } from './faults.js';
import { loadFixture } from './fixture.js';
import { failure, Refusal } from './replies.js';
import { inWriteTransaction, isEmpty, openStore, type SandboxDatabase } from './store.js';
import type { JodoMethod } from '../../api/codes.js';

export interface SandboxOptions {
  /** SQLite file, or `:memory:` (the default) for a throwaway store. */
  db?: string;
  /** Start with the dialer running (default true). */
  dialer?: boolean;
  /** How often the dialer looks for work, in ms; 0 leaves ticking to the caller. Default 500. */
  tickMs?: number;
  timings?: DialerTimings;
  /** The sandbox's clock; tests pass their own. */
  now?: () => Date;
  /** Where unexpected failures are reported (one short line, no request data). Default: stderr. */
  log?: (line: string) => void;
}

export interface Sandbox {
  /**
   * Handles a request under the Jodo path or /sandbox/; calls `next` (or
   * answers 404) for any other path. Never rejects: every failure is answered.
   */
  handle(req: IncomingMessage, res: ServerResponse, next?: () => void): Promise<void>;
  /** True for the paths `handle` answers. */
  owns(url: string | undefined): boolean;
  readonly db: SandboxDatabase;
  readonly dialer: Dialer;
  /** Faults queued through `POST /sandbox/faults`. */
  readonly faults: Faults;
  /** Requests answered per method since the last reset (`GET /sandbox/stats`). */
  readonly counts: RequestCounts;
  close(): void;
}

const CORS = { 'access-control-allow-origin': '*' };
const HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;
const TOKEN_LIST = /^[A-Za-z0-9-]+(?:\s*,\s*[A-Za-z0-9-]+)*$/;

/** `http://host:port` as the request reached us, so recording links work from where the caller is. */
function originOf(req: IncomingMessage): string {
  const secure = 'encrypted' in req.socket && Boolean(req.socket.encrypted);
  const host = req.headers.host;
  const safeHost = host && HOST.test(host) ? host : `127.0.0.1:${req.socket.localPort}`;
  return `${secure ? 'https' : 'http'}://${safeHost}`;
}

/** The path of a request target, without parsing it as a URL (any bytes may arrive there). */
function pathOf(url: string | undefined): string {
  return (url ?? '/').split('?')[0]!;
}

export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const clock = options.now ?? (() => new Date());
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const db = openStore(options.db ?? ':memory:');
  inWriteTransaction(db, () => {
    if (isEmpty(db)) loadFixture(db, clock());
  });
  const dialer = new Dialer(db, clock, options.dialer ?? true, options.timings ?? DEFAULT_TIMINGS, (error) =>
    log(`sandbox: dialer tick failed: ${error instanceof Error ? error.message : 'error'}`),
  );
  const faults = new Faults();
  const counts = new RequestCounts();
  const tickMs = options.tickMs ?? 500;
  if (tickMs > 0) dialer.start(tickMs);

  const owns = (url: string | undefined) => {
    const path = pathOf(url);
    return path === JODO_PATH || path.startsWith(CONTROL_PREFIX);
  };

  /** Moves the dialer up to `now` before a request reads agent states; a busy store only delays that. */
  function catchUp(now: Date): void {
    try {
      dialer.tick(now);
    } catch (error) {
      log(`sandbox: dialer tick failed: ${error instanceof Error ? error.message : 'error'}`);
    }
  }

  async function serveJodo(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const now = clock();
    const httpMethod = req.method ?? 'GET';
    if (httpMethod === 'OPTIONS') {
      const asked = req.headers['access-control-request-headers'];
      res.writeHead(204, {
        ...CORS,
        'access-control-allow-methods': 'GET, POST',
        // Echo what the caller asks for (an idempotency key, an authorisation header): the sandbox holds no secrets.
        'access-control-allow-headers': asked && TOKEN_LIST.test(asked) ? asked : 'content-type',
        'access-control-max-age': '600',
      });
      res.end();
      return;
    }
    if (httpMethod !== 'GET' && httpMethod !== 'POST') {
      sendJson(res, 405, failure(undefined, now, new Refusal(2, 'Wrong format of received request: use POST')), { ...CORS, allow: 'GET, POST' });
      return;
    }
    let body = '';
    try {
      if (httpMethod === 'POST') body = await readBody(req);
    } catch (error) {
      const tooLarge = error instanceof BodyTooLargeError;
      const reply = failure(undefined, now, new Refusal(2, tooLarge ? 'Request body is larger than 1 MiB' : 'Request body could not be read'));
      if (!res.destroyed) sendJson(res, tooLarge ? 413 : 400, reply, { ...CORS, connection: 'close' });
      return;
    }
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const request = parseRequest(requestText(httpMethod, url, req.headers['content-type'] ?? '', body));
    const method = methodOf(request);
    counts.add(method);
    const fault = faults.pending ? faults.take(method) : undefined;
    if (fault && (await answerWithFault(res, fault, method))) return;
    const at = fault?.delayMs ? clock() : now;
    catchUp(at);
    const origin = originOf(req);
    sendJson(res, 200, answer(request, { db, now: at, log, recordingUrl: (id) => origin + recordingPath(id) }), CORS);
  }

  /** Plays a fault; true when it answered the request (a delay alone lets the real answer follow). */
  async function answerWithFault(res: ServerResponse, fault: Fault, method: JodoMethod | undefined): Promise<boolean> {
    if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (res.destroyed) return true;
    const page = { ...CORS, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' };
    if (fault.body !== undefined) {
      res.writeHead(fault.http ?? 200, page);
      res.end(fault.body);
    } else if (fault.status !== undefined) {
      sendJson(res, fault.http ?? 200, failure(method, clock(), new Refusal(fault.status)), CORS);
    } else if (fault.http !== undefined) {
      res.writeHead(fault.http, page);
      res.end(`<html><body><h1>${fault.http}</h1><p>The service is unavailable.</p></body></html>`);
    } else {
      return false;
    }
    return true;
  }

  async function handle(req: IncomingMessage, res: ServerResponse, next?: () => void): Promise<void> {
    const path = pathOf(req.url);
    if (!owns(path)) {
      if (next) next();
      else sendJson(res, 404, { ok: false, error: 'not found' });
      return;
    }
    const part = path === JODO_PATH ? 'Jodo endpoint' : 'control API';
    try {
      if (path === JODO_PATH) {
        await serveJodo(req, res);
      } else {
        const now = clock();
        catchUp(now);
        const origin = originOf(req);
        await handleControl(req, res, path, { db, dialer, faults, counts, now, recordingUrl: (id) => origin + recordingPath(id) });
      }
    } catch (error) {
      log(`sandbox: a request to the ${part} failed: ${error instanceof Error ? error.name : 'error'}`);
      if (res.headersSent || res.destroyed) {
        res.destroy();
      } else if (path === JODO_PATH) {
        sendJson(res, 200, failure(undefined, clock(), new Refusal(5, 'Error while processing')), CORS);
      } else {
        sendJson(res, 500, { ok: false, error: 'internal error' });
      }
    }
  }

  return {
    handle,
    owns,
    db,
    dialer,
    faults,
    counts,
    close() {
      dialer.stop();
      db.close();
    },
  };
}
