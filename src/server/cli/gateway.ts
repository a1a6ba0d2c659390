/**
 * `npm run gateway -- [--port 8788] [--upstream URL] [--key-file PATH] [--base-path /jodo] [--store .jodo/gateway.db]`
 * The same-origin gateway on its own. Without --upstream it runs the sandbox
 * in the same process as its upstream (and offers the demo sign-in page).
 * The organisation key comes from --key-file or JODO_APIKEY (the sandbox's
 * `test_org` when the upstream is the sandbox). Sessions are kept in the
 * --store file, so they outlast a restart.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { DEMO_USERS } from '../gateway/demo-users.js';
import { createGateway } from '../gateway/gateway.js';
import { CONTROL_PREFIX } from '../sandbox/control.js';
import { JODO_PATH } from '../sandbox/endpoint.js';
import { createSandbox, type Sandbox } from '../sandbox/sandbox.js';

const USAGE = 'usage: npm run gateway -- [--port 8788] [--host 127.0.0.1] [--upstream URL] [--key-file PATH] [--base-path /jodo] [--store .jodo/gateway.db] [--db .jodo/sandbox.db]';

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

const apikey = readKey();
let sandbox: Sandbox | undefined;
let listeningOn = '';
// The in-process sandbox's Jodo endpoint listens on a loopback port only the gateway calls.
const internal = args.upstream ? undefined : createServer((req, res) => void sandbox?.handle(req, res)).listen(0, '127.0.0.1');
if (!args.upstream) sandbox = createSandbox({ db: args.db });
const gateway = createGateway({
  upstream: args.upstream ?? (() => `http://127.0.0.1:${(internal!.address() as import('node:net').AddressInfo).port}${JODO_PATH}`),
  apikey,
  basePath: args['base-path'],
  store: args.store,
  ...(sandbox ? { users: DEMO_USERS } : {}),
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
  process.stdout.write(
    `Jodo gateway listening on ${listeningOn}${gateway.basePath}\n` +
      `  upstream: ${args.upstream ?? `the sandbox in this process (${args.db})`}\n` +
      (sandbox ? `  sign in:  ${listeningOn}${gateway.basePath}/login\n` : ''),
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
