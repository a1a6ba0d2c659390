/**
 * `npm run gateway -- --port P --upstream URL [--redis URL] [--metrics-port M] [--rate-limit N] [--demo-sign-in]`
 * (gateway-config.ts has every flag and variable, checked at start).
 *
 * The same-origin gateway on its own. Without --upstream it runs the sandbox
 * in the same process as its upstream, on a private socket (and offers the
 * demo sign-in page). Who is signed in: the CRM's JWTs when JODO_JWT_* are set,
 * else the session cookie of the demo sign-in page (on by default only with
 * the in-process sandbox; --demo-sign-in offers it with any upstream, for
 * trials). Its state: an SQLite file (--store) when it runs alone, Redis
 * (--redis or JODO_REDIS_URL, with JODO_GATEWAY_SECRET) for replicas.
 *
 * With --static DIR it also serves a built app on the same origin, under the
 * strict page policy (app-files.ts): one process to try the toolbar in an app.
 * The server itself is `startGatewayServer` (gateway-server.ts), which a CRM's
 * developer calls from their own script; this file reads flags, logs, serves
 * metrics and shuts down gracefully.
 *
 * Logs are JSON lines (pino) on stdout; Prometheus metrics on --metrics-port
 * only. On SIGTERM it answers readyz with 503 (and keeps serving for
 * --drain-delay), then stops taking connections, lets what is in flight
 * finish within --shutdown-timeout, closes its store and exits.
 */
import { createServer, type Server } from 'node:http';
import { pino } from 'pino';
import { AppFolderError } from '../gateway/app-files.js';
import { GatewayServerOptionsError, ListenError, startGatewayServer, type GatewayServer } from '../gateway/gateway-server.js';
import type { Authenticator } from '../gateway/identity.js';
import { jwtAuthenticatorFromEnv } from '../gateway/jwt-authenticator.js';
import { USAGE, readGatewayConfig } from './gateway-config.js';

function fail(errors: string[]): never {
  process.stderr.write(`${errors.map((error) => `gateway: ${error}`).join('\n')}\n${USAGE}\n`);
  process.exit(2);
}

const read = readGatewayConfig(process.argv.slice(2), process.env);
if ('errors' in read) fail(read.errors);
const config = read.config;
if (config.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

// Buffered: a line per request must not cost a write to stdout each. Written synchronously once 4 kB are waiting
// (pino's default mode): an asynchronous write goes through libuv's thread pool and back, which in the gateway
// benchmark cost more CPU per request than the write itself (bench/RESULTS.md, Gateway). The price: a log pipe that
// stops reading holds the gateway up, where asynchronous writes grew its memory without bound. Flushed every second
// too, so a quiet gateway's lines are not held back.
const destination = pino.destination({ dest: 1, sync: true, minLength: 4096 });
setInterval(() => destination.flush(), 1000).unref();
const logger = pino({ level: config.logLevel, base: { service: 'jodo-gateway' } }, destination);
/** Starting, listening and stopping are told at any --log-level: whatever watches the process needs them. */
const lifecycle = logger.child({}, { level: 'info' });

let jwt: Authenticator | undefined;
try {
  jwt = jwtAuthenticatorFromEnv(process.env, { log: (line) => logger.warn(line) });
} catch (error) {
  fail([error instanceof Error ? error.message : String(error)]);
}

// Demo users are a way in for anyone who reaches the gateway: never offered in front of a real Jodo unless asked for
// (startGatewayServer warns when they are). Both may be on: a demo session is looked up first, then the bearer token.
const demoSignIn = config.demoSignIn ?? (!config.upstream && !jwt);

let running: GatewayServer;
try {
  running = await startGatewayServer({
    // Without an upstream the sandbox in this process is Jodo, with its own key.
    ...(config.upstream ? { upstream: config.upstream, apikey: config.apikey! } : { sandbox: { db: config.db } }),
    basePath: config.basePath,
    ...(jwt ? { authenticate: jwt } : {}),
    demoSignIn,
    store: config.store,
    ...(config.redis ? { redis: config.redis } : {}),
    ...(config.secret ? { secret: config.secret } : {}),
    upstreamTimeoutMs: config.upstreamTimeoutSeconds * 1000,
    events: { intervalMs: Math.round(config.eventsIntervalSeconds * 1000) },
    ...(config.rateLimit ? { rateLimit: { limit: config.rateLimit, windowMs: 60_000 } } : {}),
    ...(config.publicOrigins.length ? { publicOrigins: config.publicOrigins } : {}),
    ...(config.staticDir ? { app: config.staticDir, trustedTypes: config.trustedTypes } : {}),
    port: config.port,
    host: config.host,
    logger,
  });
} catch (error) {
  if (error instanceof ListenError) fail([error.code === 'EADDRINUSE' ? `--port port ${config.port} is in use: pick another` : error.message]);
  if (error instanceof AppFolderError) fail([`--static ${error.message}`]);
  // The flags were checked already; what is left (a store that cannot be opened) is said in a line, without a stack.
  fail(error instanceof GatewayServerOptionsError ? [...error.problems] : [error instanceof Error ? error.message : String(error)]);
}
const { server, gateway } = running;
if (!running.storeReady) lifecycle.warn('Redis does not answer yet: serving anyway, readyz says 503 until it does');

let metricsServer: Server | undefined;
if (config.metricsPort !== undefined) {
  gateway.metrics.collectProcessMetrics();
  const registry = gateway.metrics.registry;
  metricsServer = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' });
      return void res.end('GET /metrics\n');
    }
    registry.metrics().then(
      (text) => (res.writeHead(200, { 'content-type': registry.contentType }), res.end(text)),
      () => (res.writeHead(500), res.end()),
    );
  });
}

const listen = (target: Server, port: number, host: string, what: string) =>
  new Promise<number>((resolve) => {
    target.once('error', (error: NodeJS.ErrnoException) => {
      fail([error.code === 'EADDRINUSE' ? `${what} port ${port} is in use: pick another` : `could not listen on ${host}:${port}: ${error.message}`]);
    });
    target.listen(port, host, () => {
      const address = target.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });

const host = config.host.includes(':') ? `[${config.host}]` : config.host;
const listeningOn = `http://${host}:${running.port}`;
const metricsHost = config.metricsHost ?? config.host;
const metricsPort = metricsServer ? await listen(metricsServer, config.metricsPort!, metricsHost, '--metrics-port') : undefined;
lifecycle.info(
  {
    answers: running.publicOrigins,
    upstream: config.upstream ?? `the sandbox in this process (${config.db})`,
    store: config.redis ? 'redis' : config.store,
    ...(metricsPort !== undefined ? { metrics: `http://${metricsHost.includes(':') ? `[${metricsHost}]` : metricsHost}:${metricsPort}/metrics` } : {}),
    ...(demoSignIn ? { signIn: `${listeningOn}${gateway.basePath}/login` } : {}),
    ...(config.staticDir ? { app: `${listeningOn}/ (${config.staticDir})` } : {}),
    ...(jwt ? { jwt: process.env['JODO_JWT_JWKS_URL']?.trim() || process.env['JODO_JWT_PUBLIC_KEY_FILE']?.trim() } : {}),
  },
  `Jodo gateway listening on ${listeningOn}${gateway.basePath}`,
);
destination.flush();

let stopping = false;
/** Stops taking connections, lets requests in flight finish (within --shutdown-timeout), then closes everything. */
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  gateway.drain();
  if (config.drainDelaySeconds > 0) {
    // Still serving while the load balancer sees readyz fail and stops sending here: no client meets a closed port.
    lifecycle.info({ signal, drainDelaySeconds: config.drainDelaySeconds }, 'draining: readyz says 503, still serving until the load balancer has let go');
    await new Promise((resolve) => setTimeout(resolve, config.drainDelaySeconds * 1000));
  }
  lifecycle.info({ signal, timeoutSeconds: config.shutdownTimeoutSeconds }, 'shutting down: no new connections, finishing what is in flight');
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // Kept-alive connections with nothing in flight close now; busy ones close once their answer is out.
  server.closeIdleConnections();
  const idle = setInterval(() => server.closeIdleConnections(), 100);
  const deadline = new Promise<'timeout'>((resolve) => setTimeout(resolve, config.shutdownTimeoutSeconds * 1000, 'timeout').unref());
  const finished = await Promise.race([closed.then(() => 'done' as const), deadline]);
  clearInterval(idle);
  if (finished === 'timeout') {
    lifecycle.warn('requests still in flight at the shutdown deadline were cut off');
    server.closeAllConnections();
  }
  metricsServer?.close();
  metricsServer?.closeAllConnections();
  await running.close();
  lifecycle.info('stopped');
  destination.flushSync();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
