/**
 * `npm run gateway -- [--port 8788] [--upstream URL] [--key-file PATH] [--base-path /jodo] [--store .jodo/gateway.db] [--demo-sign-in]`
 * The same-origin gateway on its own. Without --upstream it runs the sandbox
 * in the same process as its upstream, on a private socket (and offers the
 * demo sign-in page). Who is signed in: the CRM's JWTs when JODO_JWT_* are set
 * (JODO_JWT_JWKS_URL or JODO_JWT_PUBLIC_KEY_FILE, JODO_JWT_ISSUER,
 * JODO_JWT_AUDIENCE, JODO_JWT_LOGIN_CLAIM), else the session cookie of the
 * demo sign-in page (on by default only with the in-process sandbox;
 * --demo-sign-in offers it with any upstream, for trials).
 * The organisation key comes from --key-file or JODO_APIKEY (the sandbox's
 * `test_org` when the upstream is the sandbox). Sessions are kept in the
 * --store file, so they outlast a restart.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { DEMO_USERS } from '../gateway/demo-users.js';
import { createGateway } from '../gateway/gateway.js';
import type { Authenticator } from '../gateway/identity.js';
import { jwtAuthenticatorFromEnv } from '../gateway/jwt-authenticator.js';
import { CONTROL_PREFIX } from '../sandbox/control-paths.js';
import { listenPrivately } from '../sandbox/private-listener.js';
import { createSandbox, type Sandbox } from '../sandbox/sandbox.js';

const USAGE = 'usage: npm run gateway -- [--port 8788] [--host 127.0.0.1] [--upstream URL] [--key-file PATH] [--base-path /jodo] [--store .jodo/gateway.db] [--db .jodo/sandbox.db] [--demo-sign-in] [--public-origin https://crm.example.com]...\n(JWT sign-in: JODO_JWT_JWKS_URL or JODO_JWT_PUBLIC_KEY_FILE, with JODO_JWT_ISSUER and JODO_JWT_AUDIENCE)';

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function parse() {
  try {
    return parseArgs({
      options: {
        port: { type: 'string', default: '8788' },
        host: { type: 'string', default: '127.0.0.1' },
        upstream: { type: 'string' },
        'key-file': { type: 'string' },
        'base-path': { type: 'string', default: '/jodo' },
        store: { type: 'string', default: '.jodo/gateway.db' },
        db: { type: 'string', default: '.jodo/sandbox.db' },
        // No default: unset means "only in front of the in-process sandbox".
        'demo-sign-in': { type: 'boolean' },
        'public-origin': { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
}
const args = parse();
if (args.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const port = Number(args.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a number from 0 to 65535, not ${args.port}`);

function readKey(): string {
  if (args['key-file']) {
    try {
      return readFileSync(args['key-file'], 'utf8').trim();
    } catch {
      fail(`--key-file ${args['key-file']} cannot be read`);
    }
  }
  if (process.env['JODO_APIKEY']) return process.env['JODO_APIKEY'].trim();
  if (!args.upstream) return 'test_org'; // the sandbox fixture's organisation
  fail('the organisation key is missing: pass --key-file PATH or set JODO_APIKEY');
}

function readJwtSignIn(): Authenticator | undefined {
  try {
    return jwtAuthenticatorFromEnv(process.env);
  } catch (error) {
    return fail(`gateway: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const apikey = readKey();
const jwt = readJwtSignIn();
// Demo users are a way in for anyone who reaches the gateway: never offered in front of a real Jodo unless asked for.
// Both may be on: a demo session is looked up first, then the bearer token.
const demoSignIn = args['demo-sign-in'] ?? (!args.upstream && !jwt);
if (demoSignIn && args.upstream) process.stderr.write(`gateway: --demo-sign-in lets anyone who reaches this gateway act as a demo user against ${args.upstream}: for trials only.\n`);

/**
 * The origins browsers reach this gateway at: a request naming any other host is refused (a DNS-rebinding page).
 * Given with --public-origin (behind a proxy, the names the proxy serves); otherwise the address it listens on,
 * known once it listens.
 */
let publicOrigins: string[] = [];
for (const origin of args['public-origin'] ?? []) {
  const url = URL.canParse(origin) ? new URL(origin) : undefined;
  if (!url || !/^https?:$/.test(url.protocol) || url.origin !== origin.replace(/\/+$/, '')) fail(`--public-origin must be an origin such as https://crm.example.com, not ${origin}`);
  publicOrigins.push(url.origin);
}

let sandbox: Sandbox | undefined;
let listeningOn = '';
// The in-process sandbox answers on a socket in a private folder: only the gateway reaches it, no page can.
const internal = args.upstream ? undefined : listenPrivately((req, res) => void sandbox?.handle(req, res));
if (!args.upstream) sandbox = createSandbox({ db: args.db });
const gateway = createGateway({
  upstream: args.upstream ?? internal!.url,
  ...(internal ? { upstreamSocketPath: internal.socketPath } : {}),
  apikey,
  basePath: args['base-path'],
  ...(jwt ? { authenticate: jwt } : {}),
  store: args.store,
  ...(demoSignIn ? { users: DEMO_USERS } : {}),
  publicOrigins: () => publicOrigins,
  // Public origins all on https: a TLS proxy sits in front, so the session cookie is Secure (and __Host-).
  ...(publicOrigins.length && publicOrigins.every((origin) => origin.startsWith('https:')) ? { secureCookies: true } : {}),
});

const server = createServer((req, res) => {
  void gateway.handle(req, res, () => {
    if (sandbox && req.url?.startsWith(CONTROL_PREFIX)) void sandbox.handle(req, res);
    else {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"ok":false,"error":"not found"}');
    }
  });
});
server.on('error', (error: NodeJS.ErrnoException) => {
  fail(error.code === 'EADDRINUSE' ? `port ${port} is in use: pick another with --port` : `could not listen: ${error.message}`);
});
server.listen(port, args.host, () => {
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  const host = args.host.includes(':') ? `[${args.host}]` : args.host;
  listeningOn = `http://${host}:${actual}`;
  if (!args['public-origin']?.length) {
    const loopback = ['127.0.0.1', 'localhost', '::1'].includes(args.host);
    publicOrigins = loopback ? [`http://127.0.0.1:${actual}`, `http://localhost:${actual}`, `http://[::1]:${actual}`] : [listeningOn];
  }
  process.stdout.write(
    `Jodo gateway listening on ${listeningOn}${gateway.basePath}\n` +
      `  answers:  ${publicOrigins.join(', ')}\n` +
      `  upstream: ${args.upstream ?? `the sandbox in this process (${args.db})`}\n` +
      (demoSignIn ? `  sign in:  ${listeningOn}${gateway.basePath}/login\n` : '') +
      (jwt ? `  sign in:  bearer JWTs (${process.env['JODO_JWT_JWKS_URL']?.trim() || process.env['JODO_JWT_PUBLIC_KEY_FILE']?.trim()})\n` : ''),
  );
});

function stop() {
  internal?.close();
  server.close(() => {
    gateway.close();
    sandbox?.close();
    process.exit(0);
  });
  server.closeAllConnections?.();
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
