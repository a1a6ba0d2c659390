/**
 * The whole one-process server in one call, `startGatewayServer` (what
 * `npm run gateway` runs): the gateway at its base path; a built app beside it
 * on the same origin under the strict page policy (app-files.ts); and, without
 * an upstream, the sandbox in this process as Jodo, on a private socket, with
 * its control API (`/sandbox/*`) and the demo sign-in page. So a CRM's
 * developer tries the toolbar in their own app with one file and no Jodo
 * account, and the same call serves the gateway alone in front of Jodo.
 *
 * The app and the control API answer only for the server's own host names, as
 * the gateway does: a DNS-rebinding page reaches them under a name of its own.
 */
import { createServer, type Server } from 'node:http';
import { TRUSTED_TYPES_NAME } from '../http/page-policy.js';
import { CONTROL_PREFIX } from '../sandbox/control-paths.js';
import { FIXTURE } from '../sandbox/fixture.js';
import { listenPrivately, type PrivateListener } from '../sandbox/private-listener.js';
import { createSandbox, type Sandbox, type SandboxOptions } from '../sandbox/sandbox.js';
import { appFiles, appFolderProblems } from './app-files.js';
import { DEMO_USERS } from './demo-users.js';
import { createGateway, type Gateway, type GatewayOptions } from './gateway.js';
import { originGuard } from './gateway-guards.js';
import { MIN_SECRET_LENGTH } from './state/state.js';

/** How long start-up waits for Redis before it listens anyway (readyz says 503 until Redis answers). */
const REDIS_WAIT_MS = 5000;
const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '::1'];

/** Options that cannot work together or are wrong: `problems` names each. */
export class GatewayServerOptionsError extends Error {
  override name = 'GatewayServerOptionsError';
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
  }
}

/** The server could not listen (`code`: EADDRINUSE, EACCES, ENOTFOUND, …); everything it had opened is closed. */
export class ListenError extends Error {
  override name = 'ListenError';
  readonly code: string | undefined;
  constructor(readonly host: string, readonly port: number, cause: NodeJS.ErrnoException) {
    super(`could not listen on ${host}:${port}: ${cause.message}`, { cause });
    this.code = cause.code;
  }
}

export interface GatewayServerOptions extends Omit<GatewayOptions, 'upstream' | 'upstreamSocketPath' | 'apikey' | 'publicOrigins' | 'users'> {
  /** Jodo's `handleCustomerWS` URL. Without it the sandbox runs in this process as Jodo. */
  upstream?: string;
  /** The organisation's key; needed with `upstream` (the in-process sandbox has its own). */
  apikey?: string;
  /** A built app's folder (the one its build writes, `dist/`, with `index.html`), served at `/`. */
  app?: string;
  /** Trusted Types policies the app's framework creates, allowed beside `lit-html` (Vue: `vue`; Svelte: `svelte-trusted-html`). */
  trustedTypes?: readonly string[];
  /** The in-process sandbox's options (`db`: its SQLite file, default `:memory:`; `dialer`: start with it paused). */
  sandbox?: SandboxOptions;
  /** Offer the demo sign-in page (`<base>/login`) with the sandbox's users. Default: only in front of the in-process sandbox, when no `authenticate` is given. */
  demoSignIn?: boolean;
  /** Default 8788; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The origins browsers reach this server at (behind a proxy, the ones it serves). Default: the address it listens on. */
  publicOrigins?: readonly string[];
}

export interface GatewayServer {
  /** Where a browser opens it: the first public origin, else the address it listens on (`http://127.0.0.1:8788`). */
  readonly origin: string;
  /** Every origin it answers for; a request naming another host is refused. */
  readonly publicOrigins: readonly string[];
  readonly port: number;
  readonly server: Server;
  readonly gateway: Gateway;
  /** The in-process sandbox (no `upstream`), whose store and control API tests and demos use. */
  readonly sandbox: Sandbox | undefined;
  readonly demoSignIn: boolean;
  /** False when Redis did not answer within 5 s of start: the server listens anyway and readyz says 503 until it does. */
  readonly storeReady: boolean;
  /** Stops listening, cuts open connections, closes the gateway's store and the sandbox. */
  close(): Promise<void>;
}

/** What is wrong with the options, one line each (empty when they are fine). */
export function gatewayServerProblems(options: GatewayServerOptions): string[] {
  const errors: string[] = [];
  const { upstream, host = '127.0.0.1' } = options;
  if (upstream !== undefined && !(URL.canParse(upstream) && /^https?:$/.test(new URL(upstream).protocol))) errors.push(`upstream ${upstream || '(empty)'} is not an http or https URL`);
  if (upstream && !options.apikey) errors.push('apikey is missing: an upstream needs the organisation key');
  // A key without an upstream is most likely an upstream left unset (an empty variable): not a reason to fall back to the sandbox.
  if (!upstream && options.apikey) errors.push('apikey without upstream: the sandbox in this process has its own key; give the upstream the key is for');
  if (upstream && options.sandbox) errors.push('sandbox options with upstream: the sandbox runs only when there is no upstream');
  if (options.redis && !upstream) errors.push('redis needs an upstream: replicas share a Jodo, not a sandbox inside one of them');
  if (options.redis && !options.secret) errors.push('redis needs a secret: every replica must have the same one');
  if (options.secret !== undefined && options.secret.length < MIN_SECRET_LENGTH) errors.push(`secret must be at least ${MIN_SECRET_LENGTH} characters (openssl rand -base64 48)`);
  if (options.trustedTypes?.length && !options.app) errors.push('trustedTypes needs app: they are the policies of the app served');
  for (const name of options.trustedTypes ?? []) if (!TRUSTED_TYPES_NAME.test(name)) errors.push(`trustedTypes: ${JSON.stringify(name)} is not a Trusted Types policy name`);
  for (const origin of options.publicOrigins ?? []) {
    const parsed = URL.canParse(origin) ? new URL(origin) : undefined;
    if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.origin !== origin.replace(/\/+$/, '')) errors.push(`publicOrigins: ${origin} is not an origin such as https://crm.example.com`);
  }
  const wildcard = host === '0.0.0.0' || host === '::' || host === '';
  if (wildcard && !options.publicOrigins?.length) errors.push(`host ${host || '(empty)'} listens on every address: give publicOrigins, the origins browsers reach it at`);
  // The sandbox's control API (reset, faults, webhooks) and the demo sign-in have no password: this machine only.
  if (!upstream && !LOOPBACK_HOSTS.includes(host)) errors.push(`host ${host || '(empty)'} with the sandbox: its control API and demo sign-in have no password, so they listen on 127.0.0.1, localhost or ::1 only`);
  if (options.app) {
    const files = { store: options.store, 'sandbox.db': upstream ? undefined : options.sandbox?.db };
    errors.push(...appFolderProblems(options.app, { files, ...(options.basePath ? { basePath: options.basePath } : {}), names: { app: 'app', basePath: 'basePath' } }));
  }
  return errors;
}

/**
 * Starts the server and resolves once it listens. Rejects, having closed whatever it had opened, with a
 * `GatewayServerOptionsError` naming every problem of the options, an `AppFolderError` for a folder it will not
 * serve, a `ListenError` when it cannot listen, or the gateway's own error (a store it cannot open).
 */
export async function startGatewayServer(options: GatewayServerOptions = {}): Promise<GatewayServer> {
  const problems = gatewayServerProblems(options);
  if (problems.length) throw new GatewayServerOptionsError(problems);
  const { upstream, apikey, app: appDir, trustedTypes, sandbox: sandboxOptions, demoSignIn: askedDemoSignIn, port = 8788, host = '127.0.0.1', publicOrigins: givenOrigins, ...gatewayOptions } = options;
  // Before anything opens: a folder that cannot be served throws here.
  const app = appDir ? appFiles({ root: appDir, ...(trustedTypes ? { trustedTypes } : {}) }) : undefined;
  // Demo users are a way in for anyone who reaches the server: never offered in front of a real Jodo unless asked for.
  const demoSignIn = askedDemoSignIn ?? (!upstream && !gatewayOptions.authenticate);
  if (demoSignIn && upstream) {
    const warning = `demo sign-in lets anyone who reaches this gateway act as a demo user against ${upstream}: for trials only`;
    if (gatewayOptions.logger) gatewayOptions.logger.warn(warning);
    else console.warn(`gateway: ${warning}`);
  }

  /** Known once it listens, unless given. */
  let publicOrigins: readonly string[] = Object.freeze((givenOrigins ?? []).map((origin) => new URL(origin).origin));
  let sandbox: Sandbox | undefined;
  let internal: PrivateListener | undefined;
  let gateway: Gateway | undefined;
  const server = createServer();
  let closed: Promise<void> | undefined;
  /** Closes what is open, in order: no new requests, then the gateway (its calls to the sandbox), then the sandbox. */
  const close = () =>
    (closed ??= (async () => {
      if (server.listening) {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      }
      internal?.close();
      await gateway?.close();
      sandbox?.close();
    })());

  try {
    if (!upstream) {
      // The in-process sandbox answers on a socket in a private folder: only the gateway reaches it, no page can.
      sandbox = createSandbox({ db: ':memory:', ...sandboxOptions });
      internal = listenPrivately((req, res) => void sandbox!.handle(req, res));
    }
    const running = createGateway({
      ...gatewayOptions,
      upstream: upstream ?? internal!.url,
      ...(internal ? { upstreamSocketPath: internal.socketPath } : {}),
      // The in-process sandbox is Jodo, and its fixture's organisation is the key's.
      apikey: apikey ?? FIXTURE.agentOrganisation,
      ...(demoSignIn ? { users: DEMO_USERS } : {}),
      publicOrigins: () => publicOrigins,
      // Public origins all on https: a TLS proxy sits in front, so the session cookie is Secure (and __Host-).
      ...(gatewayOptions.secureCookies === undefined && publicOrigins.length && publicOrigins.every((origin) => origin.startsWith('https:')) ? { secureCookies: true } : {}),
    });
    gateway = running;

    const hostGuard = originGuard({ secureFor: () => false, publicOrigins: () => publicOrigins });
    server.on('request', (req, res) => {
      void running.handle(req, res, () => {
        const control = req.url?.startsWith(CONTROL_PREFIX) ?? false;
        // The app's pages may be opened by a link from anywhere (a navigation); the control API only from its own pages.
        const refused = (control && sandbox) || (!control && app) ? hostGuard(req, !control) : undefined;
        if (refused) {
          res.writeHead(refused.httpStatus, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' });
          res.end(`${refused.message}\n`);
        } else if (sandbox && control) void sandbox.handle(req, res);
        else if (app && !control) void app(req, res);
        else {
          res.writeHead(404, { 'content-type': 'application/json' });
          res.end('{"ok":false,"error":"not found"}');
        }
      });
    });

    const storeReady = gatewayOptions.redis ? await running.state.ready(REDIS_WAIT_MS) : true;
    const actual = await new Promise<number>((resolve, reject) => {
      const failed = (error: NodeJS.ErrnoException) => reject(new ListenError(host, port, error));
      server.once('error', failed);
      server.listen(port, host, () => {
        server.off('error', failed);
        const address = server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
    if (!publicOrigins.length) {
      const listening = `http://${host.includes(':') ? `[${host}]` : host}:${actual}`;
      // The address it listens on first (what `origin` says), then the loopback names' other spellings.
      const loopback = LOOPBACK_HOSTS.includes(host) ? [`http://127.0.0.1:${actual}`, `http://localhost:${actual}`, `http://[::1]:${actual}`] : [];
      publicOrigins = Object.freeze([listening, ...loopback.filter((origin) => origin !== listening)]);
    }
    return { origin: publicOrigins[0]!, publicOrigins, port: actual, server, gateway: running, sandbox, demoSignIn, storeReady, close };
  } catch (error) {
    await close();
    throw error;
  }
}
