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
import { CONTROL_PREFIX } from '../sandbox/control-paths.js';
import { listenPrivately, type PrivateListener } from '../sandbox/private-listener.js';
import { createSandbox, type Sandbox, type SandboxOptions } from '../sandbox/sandbox.js';
import { appFiles, appFolderProblems } from './app-files.js';
import { DEMO_USERS } from './demo-users.js';
import { createGateway, type Gateway, type GatewayOptions } from './gateway.js';
import { originGuard } from './gateway-guards.js';

/** The sandbox fixture's organisation key: the in-process sandbox is Jodo, and this is its key. */
const SANDBOX_APIKEY = 'test_org';
/** How long start-up waits for Redis before it listens anyway (readyz says 503 until Redis answers). */
const REDIS_WAIT_MS = 5000;

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
  /** Where a browser opens it: the first public origin (`http://127.0.0.1:8788`). */
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
  if (options.upstream && !options.apikey) errors.push('apikey is missing: an upstream needs the organisation key');
  if (options.redis && !options.upstream) errors.push('redis needs an upstream: replicas share a Jodo, not a sandbox inside one of them');
  if (options.trustedTypes?.length && !options.app) errors.push('trustedTypes needs app: they are the policies of the app served');
  for (const origin of options.publicOrigins ?? []) {
    const parsed = URL.canParse(origin) ? new URL(origin) : undefined;
    if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.origin !== origin.replace(/\/+$/, '')) errors.push(`publicOrigins: ${origin} is not an origin such as https://crm.example.com`);
  }
  if (options.app) {
    const files = { store: options.store, 'sandbox.db': options.upstream ? undefined : options.sandbox?.db };
    errors.push(...appFolderProblems(options.app, { files, ...(options.basePath ? { basePath: options.basePath } : {}), names: { app: 'app', basePath: 'basePath' } }));
  }
  return errors;
}

/** Starts the server and resolves once it listens; rejects (having closed what it opened) on bad options or a port in use. */
export async function startGatewayServer(options: GatewayServerOptions = {}): Promise<GatewayServer> {
  const problems = gatewayServerProblems(options);
  if (problems.length) throw new Error(problems.join('\n'));
  const { upstream, apikey, app: appDir, trustedTypes, sandbox: sandboxOptions, demoSignIn: askedDemoSignIn, port = 8788, host = '127.0.0.1', publicOrigins: givenOrigins, ...gatewayOptions } = options;
  // Before anything opens: a folder that cannot be served throws here.
  const app = appDir ? appFiles({ root: appDir, ...(trustedTypes ? { trustedTypes } : {}) }) : undefined;
  // Demo users are a way in for anyone who reaches the server: never offered in front of a real Jodo unless asked for.
  const demoSignIn = askedDemoSignIn ?? (!upstream && !gatewayOptions.authenticate);

  /** Known once it listens, unless given. */
  let publicOrigins: readonly string[] = (givenOrigins ?? []).map((origin) => new URL(origin).origin);
  let sandbox: Sandbox | undefined;
  let internal: PrivateListener | undefined;
  if (!upstream) {
    // The in-process sandbox answers on a socket in a private folder: only the gateway reaches it, no page can.
    sandbox = createSandbox({ db: ':memory:', ...sandboxOptions });
    internal = listenPrivately((req, res) => void sandbox!.handle(req, res));
  }
  const gateway = createGateway({
    ...gatewayOptions,
    upstream: upstream ?? internal!.url,
    ...(internal ? { upstreamSocketPath: internal.socketPath } : {}),
    apikey: apikey ?? SANDBOX_APIKEY,
    ...(demoSignIn ? { users: DEMO_USERS } : {}),
    publicOrigins: () => publicOrigins,
    // Public origins all on https: a TLS proxy sits in front, so the session cookie is Secure (and __Host-).
    ...(gatewayOptions.secureCookies === undefined && publicOrigins.length && publicOrigins.every((origin) => origin.startsWith('https:')) ? { secureCookies: true } : {}),
  });

  const hostGuard = originGuard({ secureFor: () => false, publicOrigins: () => publicOrigins });
  const server = createServer((req, res) => {
    void gateway.handle(req, res, () => {
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

  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= (async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      internal?.close();
      await gateway.close();
      sandbox?.close();
    })());

  const storeReady = gatewayOptions.redis ? await gateway.state.ready(REDIS_WAIT_MS) : true;
  let actual: number;
  try {
    actual = await new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        const address = server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  } catch (error) {
    await close();
    throw error;
  }
  if (!publicOrigins.length) {
    const loopback = ['127.0.0.1', 'localhost', '::1'].includes(host);
    const listening = `http://${host.includes(':') ? `[${host}]` : host}:${actual}`;
    publicOrigins = loopback ? [`http://127.0.0.1:${actual}`, `http://localhost:${actual}`, `http://[::1]:${actual}`] : [listening];
  }
  return { origin: publicOrigins[0]!, publicOrigins, port: actual, server, gateway, sandbox, demoSignIn, storeReady, close };
}
