/**
 * For the browser benchmarks: one node:http server on 127.0.0.1 serving the
 * pages a benchmark gives it, the script-tag bundle (`/jodo-toolbar.js`,
 * minified, as `buildToolbarBundle()` makes it), any extra scripts, and the
 * in-process sandbox (the Jodo endpoint and `/sandbox/*`) on the same origin.
 *
 * It also counts what crosses the wire: requests by path, and bytes read and
 * written on every socket (HTTP/1.1 as sent: request line, headers, body,
 * status line, response headers and body), so a benchmark can say what a
 * period of polling cost without trusting the page's own account.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import puppeteer, { type Browser } from 'puppeteer-core';
import { createSandbox, type Sandbox } from '../../src/server/sandbox/sandbox.js';
// @ts-expect-error: a plain .mjs build script without types
import { buildToolbarBundle } from '../../scripts/bundle.mjs';

/** The Jodo endpoint path of the sandbox (what `<jodo-provider endpoint>` is given). */
export const JODO_ENDPOINT = '/CustomerWebServices/handleCustomerWS';

/** A page: its HTML, or a function of the request's query string. */
export type PageSource = string | ((query: URLSearchParams) => string);

export interface PageServerOptions {
  /** Pages by path (`/`, `/bare`…), served as text/html. */
  pages: Record<string, PageSource>;
  /** Extra scripts by path, served as text/javascript. */
  scripts?: Record<string, string>;
  /** A sandbox of the caller's; by default an in-memory one with no dialer ticking and no log. */
  sandbox?: Sandbox;
  /** Tried before the pages (a gateway mounted on the same origin): true when it took the request. */
  route?: (req: IncomingMessage, res: ServerResponse) => boolean;
}

/** Totals since the server started; take two and subtract (`since`). */
export interface WireCounts {
  /** Requests answered, by path. */
  requests: Record<string, number>;
  /** Bytes received from browsers (request lines, headers, bodies). */
  bytesIn: number;
  /** Bytes sent to browsers (status lines, headers, bodies). */
  bytesOut: number;
}

export interface PageServer {
  origin: string;
  sandbox: Sandbox;
  /** What crossed the wire so far. */
  counts(): WireCounts;
  /** Requests to the Jodo endpoint so far (every method). */
  jodoRequests(): number;
  /** When each request to the Jodo endpoint arrived (`performance.now()` of this process), oldest first. */
  jodoTimes(): readonly number[];
  close(): Promise<void>;
}

/** `later - earlier`, path by path. */
export function since(earlier: WireCounts, later: WireCounts): WireCounts {
  const requests: Record<string, number> = {};
  for (const [path, n] of Object.entries(later.requests)) {
    const d = n - (earlier.requests[path] ?? 0);
    if (d) requests[path] = d;
  }
  return { requests, bytesIn: later.bytesIn - earlier.bytesIn, bytesOut: later.bytesOut - earlier.bytesOut };
}

/**
 * Headless Chromium as test/helpers/browser-page.ts launches it, but without CDP's Network domain
 * (puppeteer's `networkEnabled: false`): with it, every request of the page costs CDP events in this
 * process (the one serving the page) and a record DevTools keeps in the renderer, which a benchmark
 * of requests or memory would measure too. Pages then cannot use request interception.
 */
export function launchBenchBrowser(extraArgs: string[] = []): Promise<Browser> {
  return puppeteer.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...extraArgs],
    networkEnabled: false,
  });
}

let bundleText: Promise<string> | undefined;
/** The script-tag bundle, built once per process. */
export function toolbarBundle(): Promise<string> {
  return (bundleText ??= buildToolbarBundle() as Promise<string>);
}

export async function startPageServer(options: PageServerOptions): Promise<PageServer> {
  const sandbox = options.sandbox ?? createSandbox({ db: ':memory:', dialer: false, tickMs: 0, log: () => {} });
  const bundle = await toolbarBundle();
  const requests: Record<string, number> = {};
  const jodoTimes: number[] = [];
  const sockets = new Set<Socket>();
  // Bytes of sockets already closed.
  let closedIn = 0;
  let closedOut = 0;

  const send = (res: ServerResponse, type: string, body: string) => {
    res.writeHead(200, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store' });
    res.end(body);
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const [path = '/', query = ''] = (req.url ?? '/').split('?');
    requests[path] = (requests[path] ?? 0) + 1;
    if (path === JODO_ENDPOINT) jodoTimes.push(performance.now());
    if (options.route?.(req, res)) return;
    const page = options.pages[path];
    if (page !== undefined) send(res, 'text/html', typeof page === 'string' ? page : page(new URLSearchParams(query)));
    else if (path === '/jodo-toolbar.js') send(res, 'text/javascript', bundle);
    else if (options.scripts?.[path] !== undefined) send(res, 'text/javascript', options.scripts[path]);
    else if (path === '/favicon.ico') {
      res.writeHead(204);
      res.end();
    } else void sandbox.handle(req, res);
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => {
      closedIn += socket.bytesRead;
      closedOut += socket.bytesWritten;
      sockets.delete(socket);
    });
  });
  server.listen(0, '127.0.0.1');
  await new Promise((done) => server.once('listening', done));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    sandbox,
    counts() {
      let bytesIn = closedIn;
      let bytesOut = closedOut;
      for (const socket of sockets) {
        bytesIn += socket.bytesRead;
        bytesOut += socket.bytesWritten;
      }
      return { requests: { ...requests }, bytesIn, bytesOut };
    },
    jodoRequests: () => requests[JODO_ENDPOINT] ?? 0,
    jodoTimes: () => jodoTimes,
    async close() {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
      if (!options.sandbox) sandbox.close();
    },
  };
}
