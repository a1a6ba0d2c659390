/**
 * The Jodo-compatible sandbox as one request handler, to mount in a plain
 * Node server (the CLI), the vite dev server or web-test-runner.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, readBody } from '../http/body.js';
import { sendJson } from '../http/respond.js';
import { CONTROL_PREFIX, handleControl, recordingPath } from './control.js';
import { DEFAULT_TIMINGS, Dialer, type DialerTimings } from './dialer.js';
import { JODO_PATH, answer, requestMethod, requestText } from './endpoint.js';
import { Faults, type Fault } from './faults.js';
import { loadFixture } from './fixture.js';
import { failure, Refusal } from './replies.js';
import { isEmpty, openStore, type SandboxDatabase } from './store.js';

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
  /** Handles a request under the Jodo path or /sandbox/; calls `next` (or answers 404) for any other path. */
  handle(req: IncomingMessage, res: ServerResponse, next?: () => void): Promise<void>;
  /** Faults queued through `POST /sandbox/faults`. */
  readonly faults: Faults;
  /** True for the paths `handle` answers. */
  owns(url: string | undefined): boolean;
  readonly db: SandboxDatabase;
  readonly dialer: Dialer;
  close(): void;
}

const CORS = { 'access-control-allow-origin': '*' };
const HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** `http://host:port` as the request reached us, so recording links work from where the caller is. */
function originOf(req: IncomingMessage): string {
  const secure = 'encrypted' in req.socket && Boolean(req.socket.encrypted);
  const host = req.headers.host;
  const safeHost = host && HOST.test(host) ? host : `127.0.0.1:${req.socket.localPort}`;
  return `${secure ? 'https' : 'http'}://${safeHost}`;
}

export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const clock = options.now ?? (() => new Date());
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const db = openStore(options.db ?? ':memory:');
  if (isEmpty(db)) loadFixture(db, clock());
  const dialer = new Dialer(db, clock, options.dialer ?? true, options.timings ?? DEFAULT_TIMINGS);
  const faults = new Faults();
  const tickMs = options.tickMs ?? 500;
  if (tickMs > 0) dialer.start(tickMs);

  const owns = (url: string | undefined) => {
    const path = (url ?? '/').split('?')[0]!;
    return path === JODO_PATH || path.startsWith(CONTROL_PREFIX);
  };

  async function serveJodo(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const now = clock();
    const httpMethod = req.method ?? 'GET';
    if (httpMethod === 'OPTIONS') {
      res.writeHead(204, { ...CORS, 'access-control-allow-methods': 'GET, POST', 'access-control-allow-headers': 'content-type', 'access-control-max-age': '600' });
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
      sendJson(res, tooLarge ? 413 : 400, failure(undefined, now, new Refusal(2, tooLarge ? 'Request body is larger than 1 MiB' : 'Request body could not be read')), {
        ...CORS,
        connection: 'close',
      });
      return;
    }
    const text = requestText(httpMethod, url, req.headers['content-type'] ?? '', body);
    const fault = faults.pending ? faults.take(requestMethod(text)) : undefined;
    if (fault && (await answerWithFault(res, fault, requestMethod(text)))) return;
    const at = fault?.delayMs ? clock() : now;
    dialer.tick(at);
    const origin = originOf(req);
    const reply = answer(text, { db, now: at, log, recordingUrl: (id) => origin + recordingPath(id) });
    sendJson(res, 200, reply, CORS);
  }

  /** Plays a fault; true when it answered the request (a delay alone lets the real answer follow). */
  async function answerWithFault(res: ServerResponse, fault: Fault, method: ReturnType<typeof requestMethod>): Promise<boolean> {
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
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    if (!owns(url.pathname)) {
      if (next) next();
      else sendJson(res, 404, { ok: false, error: 'not found' });
      return;
    }
    try {
      if (url.pathname === JODO_PATH) {
        await serveJodo(req, res, url);
      } else {
        const now = clock();
        dialer.tick(now);
        const origin = originOf(req);
        await handleControl(req, res, url.pathname, { db, dialer, faults, now, recordingUrl: (id) => origin + recordingPath(id) });
      }
    } catch (error) {
      log(`sandbox: request to ${url.pathname} failed: ${error instanceof Error ? error.name : 'error'}`);
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: 'internal error' });
      else res.destroy();
    }
  }

  return {
    handle,
    owns,
    db,
    dialer,
    faults,
    close() {
      dialer.stop();
      db.close();
    },
  };
}
