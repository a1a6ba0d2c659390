/**
 * The Jodo-compatible sandbox as one request handler, to mount in a plain
 * Node server (the CLI), the vite dev server or web-test-runner: its store,
 * its dialer, its messenger (speech for messenger processes), and the Hono
 * app of its Jodo endpoint and control API.
 */
import { RequestError, getRequestListener, type HttpBindings } from '@hono/node-server';
import { Hono } from 'hono';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { jsonResponse } from '../http/web-responses.js';
import { controlRoutes, type ClockShift } from './control.js';
import { CONTROL_PREFIX } from './control-paths.js';
import { DEFAULT_TIMINGS, Dialer, type DialerTimings } from './dialer.js';
import { JODO_PATH } from './endpoint.js';
import { Faults, RequestCounts } from './faults.js';
import { FIXTURE, loadFixture, type FixtureOptions } from './fixture.js';
import { jodoRoutes } from './jodo-routes.js';
import { Messenger, type MessengerTimings } from './messenger.js';
import { speak, type Speech } from './speech-engine.js';
import { inWriteTransaction, isEmpty, openStore, sql, type SandboxDatabase } from './store.js';

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
  /** The fixture's messenger processes ask this webhook for speech instead of the sandbox's own engine (`--tts-webhook`). */
  ttsWebhook?: string;
  /** How long a webhook may take and how retries back off (tests shorten them). */
  messengerTimings?: MessengerTimings;
  /** How often messenger records are looked for, in ms; 0 leaves it to the caller (`sandbox.messenger.tick()`). Default 200. */
  messengerTickMs?: number;
  /** The sandbox's own speech engine (`/sandbox/tts`, and `Reminders` in-process); tests pass one whose binary is missing. */
  speak?: (text: unknown) => Promise<Speech>;
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
  /** Asks messenger processes' webhooks for speech, in the background. */
  readonly messenger: Messenger;
  /** Faults queued through `POST /sandbox/faults`. */
  readonly faults: Faults;
  /** Requests answered per method since the last reset (`GET /sandbox/stats`). */
  readonly counts: RequestCounts;
  close(): void;
}

/** The path of a request target as it came, without parsing it as a URL (any bytes may arrive there): what routes match. */
function pathOf(url: string | undefined): string {
  return (url ?? '/').split('?')[0]!;
}

export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const base = options.now ?? (() => new Date());
  // `POST /sandbox/clock` shifts it: a Jodo whose clock is off from the browser's, for the toolbar's skew correction.
  let offsetMs = 0;
  const clock = () => (offsetMs === 0 ? base() : new Date(base().getTime() + offsetMs));
  const shift: ClockShift = { get: () => offsetMs, set: (ms) => void (offsetMs = ms) };
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const db = openStore(options.db ?? ':memory:');
  const fixture: FixtureOptions = options.ttsWebhook ? { ttsWebhook: options.ttsWebhook } : {};
  inWriteTransaction(db, () => {
    if (isEmpty(db)) loadFixture(db, clock(), fixture);
    // A store kept from an earlier run: its fixture's messenger processes take the webhook given now.
    else if (options.ttsWebhook) {
      for (const servicekey of Object.keys(FIXTURE.messengers)) sql(db, 'UPDATE processes SET tts_webhook = ? WHERE servicekey = ?').run(options.ttsWebhook, servicekey);
    }
  });
  const dialer = new Dialer(db, clock, options.dialer ?? true, options.timings ?? DEFAULT_TIMINGS, (error) =>
    log(`sandbox: dialer tick failed: ${error instanceof Error ? error.message : 'error'}`),
  );
  const faults = new Faults();
  const counts = new RequestCounts();
  const tickMs = options.tickMs ?? 500;
  if (tickMs > 0) dialer.start(tickMs);
  const messengerFailed = (error: unknown) => log(`sandbox: a messenger step failed: ${error instanceof Error ? error.message : 'error'}`);
  const engine = options.speak ?? speak;
  const messenger = new Messenger(db, clock, options.messengerTimings, messengerFailed, engine);
  const messengerTickMs = options.messengerTickMs ?? 200;
  if (messengerTickMs > 0) messenger.start(messengerTickMs);

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

  const app = new Hono<{ Bindings: HttpBindings }>({
    // Routes match the path as sent: Hono's own reading decodes it first (`/sandbox/%72eset` would be a reset).
    getPath: (_request, options) => pathOf(options?.env?.incoming.url),
  });
  app.route('/', jodoRoutes({ db, faults, counts, clock, log, catchUp }));
  app.route('/', controlRoutes({ db, dialer, faults, counts, clock, shift, log, catchUp, fixture, speak: engine }));
  app.notFound((c) => jsonResponse(404, { ok: false, error: c.req.path.startsWith(CONTROL_PREFIX) ? 'no such sandbox route' : 'not found' }));

  const listener = getRequestListener(app.fetch, {
    // Reached only before a route runs: a request target or Host that is no URL, or a failure in answering one.
    errorHandler: (error) => {
      if (error instanceof RequestError) return jsonResponse(400, { ok: false, error: 'the request target or Host header is not valid' });
      log(`sandbox: a request failed: ${error instanceof Error ? error.name : 'error'}`);
      return jsonResponse(500, { ok: false, error: 'internal error' });
    },
  });

  async function handle(req: IncomingMessage, res: ServerResponse, next?: () => void): Promise<void> {
    if (next && !owns(req.url)) return next();
    await listener(req, res);
  }

  return {
    handle,
    owns,
    db,
    dialer,
    messenger,
    faults,
    counts,
    close() {
      dialer.stop();
      messenger.stop();
      db.close();
    },
  };
}
