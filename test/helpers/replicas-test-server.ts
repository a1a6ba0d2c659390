/**
 * For the browser tests' server (web-test-runner.config.mjs): two replicas of
 * the gateway sharing one redis-server, behind a round-robin proxy at
 * `/replicas/jodo` (each request to the next replica in turn, the `Host` kept
 * as a load balancer keeps it), both in front of the runner's sandbox over
 * its private socket. Each replica is an HTTP server of its own, on a Unix
 * socket in a folder only this user can enter.
 *
 * Test-only routes beside the proxy (test/server/gateway/replicas.browser.test.ts):
 * - `GET /replicas/stats`: requests per replica and the log of proxied requests;
 * - `POST /replicas/reset`: empties both;
 * - `POST /replicas/sign-out?login=…`: an administrator ends the login's
 *   sessions through the replica that served last (`DELETE sessions/<login>`
 *   over HTTP); the next proxied request goes to the other one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, createServer, request, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_USERS } from '../../src/server/gateway/demo-users.js';
import { createGateway, type Gateway } from '../../src/server/gateway/gateway.js';
import { SESSION_COOKIE } from '../../src/server/gateway/session-cookie-names.js';
import { listenPrivately } from '../../src/server/sandbox/private-listener.js';
import type { Sandbox } from '../../src/server/sandbox/sandbox.js';
import { silentLogger } from './log-lines.js';
import { startRedis, type RunningRedis } from './redis-server.js';

export const REPLICAS_BASE = '/replicas/jodo';
const REPLICAS = 2;
/** The same on both replicas (idempotency fingerprints must agree); at least 32 characters. */
const SECRET = 'replicas-browser-test-secret-0123456789';
/** The log keeps this many requests (a test resets it first). */
const LOG_LIMIT = 2000;
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade']);

/** One request the proxy sent on, in the order it sent them. */
export interface ProxiedRequest {
  seq: number;
  /** 0 or 1: the replica that served it. */
  replica: number;
  method: string;
  path: string;
  /** The replica's HTTP status; absent while it has not answered. */
  status?: number;
  idempotencyKey?: string;
  /** The replica answered with a kept answer (`Idempotent-Replayed: true`). */
  replayed: boolean;
}

export interface ReplicaStats {
  /** Requests per replica. */
  served: number[];
  log: ProxiedRequest[];
}

export interface SignOutAnswer {
  /** The replica the administrator's request went to. */
  replica: number;
  /** Sessions it ended. */
  ended: number;
  /** Requests the proxy sends from now on have this `seq` or a later one; the first goes to the other replica. */
  after: number;
}

interface Replica {
  gateway: Gateway;
  server: Server;
  socketPath: string;
}

const withoutHopByHop = (headers: IncomingHttpHeaders) => Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));

const json = (res: ServerResponse, status: number, body: unknown) =>
  void res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));

/**
 * Starts Redis and both replicas (`port`: the test server's, which browsers name in `Host`).
 * Fails with a message saying how to install redis-server when it is missing.
 */
export async function replicasTestServer(sandbox: Sandbox, port: number) {
  let redis: RunningRedis;
  try {
    redis = await startRedis();
  } catch (error) {
    throw new Error(`The gateway replicas' browser test (test/server/gateway/replicas.browser.test.ts) needs a redis-server: ${(error as Error).message}`);
  }
  const folder = mkdtempSync(join(tmpdir(), 'jodo-replicas-')); // created 0700
  const upstream = listenPrivately((req, res) => void sandbox.handle(req, res));
  const host = `localhost:${port}`;
  const replicas: Replica[] = [];
  const agent = new Agent({ keepAlive: true });
  let closed = false;

  /** Everything stopped and removed, without waiting (it runs in the process's `exit` handler too). */
  function close(): void {
    if (closed) return;
    closed = true;
    for (const { server, gateway } of replicas) {
      server.closeAllConnections();
      server.close();
      gateway.close().catch(() => undefined);
    }
    agent.destroy();
    upstream.close();
    rmSync(folder, { recursive: true, force: true });
    redis.stopNow();
  }

  try {
    for (let i = 0; i < REPLICAS; i++) {
      const gateway = createGateway({
        upstream: upstream.url,
        upstreamSocketPath: upstream.socketPath,
        apikey: 'test_org',
        basePath: REPLICAS_BASE,
        redis: redis.url,
        secret: SECRET,
        users: DEMO_USERS,
        // Browsers reach the replicas through the test server, by its name.
        publicOrigins: [`http://localhost:${port}`, `http://127.0.0.1:${port}`],
        logger: silentLogger(),
        // The tests poll every few hundred ms, faster than an agent's 120 requests a minute.
        rateLimit: { limit: 10_000, windowMs: 60_000 },
      });
      const socketPath = join(folder, `replica-${i}.sock`);
      const server = createServer((req, res) => void gateway.handle(req, res));
      replicas.push({ gateway, server, socketPath });
      await new Promise<void>((resolve, reject) => server.once('error', reject).listen(socketPath, resolve));
      if (!(await gateway.state.ready(10_000))) throw new Error(`gateway replica ${i} got no answer from redis-server at ${redis.url}`);
    }
  } catch (error) {
    close();
    throw error;
  }

  const served = replicas.map(() => 0);
  let log: ProxiedRequest[] = [];
  let seq = 0;
  let next = 0;

  /** Sends the request on to the next replica, the answer back as it came. */
  function proxy(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const replica = next;
    next = (next + 1) % REPLICAS;
    served[replica]!++;
    const key = req.headers['idempotency-key'];
    const entry: ProxiedRequest = {
      seq: seq++,
      replica,
      method: req.method ?? 'GET',
      path: (req.url ?? '/').split('?')[0]!,
      replayed: false,
      ...(typeof key === 'string' ? { idempotencyKey: key } : {}),
    };
    log.push(entry);
    if (log.length > LOG_LIMIT) log = log.slice(-LOG_LIMIT);
    return new Promise((resolve) => {
      res.once('close', resolve);
      const outgoing = request(
        { socketPath: replicas[replica]!.socketPath, agent, method: req.method, path: req.url, headers: withoutHopByHop(req.headers) },
        (answer) => {
          entry.status = answer.statusCode;
          entry.replayed = answer.headers['idempotent-replayed'] === 'true';
          res.writeHead(answer.statusCode ?? 502, withoutHopByHop(answer.headers));
          answer.pipe(res);
        },
      );
      outgoing.once('error', () => {
        if (res.headersSent) return void res.destroy();
        json(res, 502, { error: `replica ${replica} did not answer` });
      });
      req.pipe(outgoing);
    });
  }

  /** A request of the test server's own straight to one replica, as a browser on the public origin would name it. */
  function send(replica: number, method: string, path: string, cookie: string): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      const outgoing = request({ socketPath: replicas[replica]!.socketPath, agent, method, path, headers: { host, cookie } }, (answer) => {
        let text = '';
        answer.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        answer.once('end', () => resolve({ status: answer.statusCode ?? 0, text }));
      });
      outgoing.once('error', reject).end();
    });
  }

  /** An administrator, signed in on the replica that served last, ends every session of `login` there. */
  async function signOut(login: string): Promise<SignOutAnswer> {
    const replica = (next + REPLICAS - 1) % REPLICAS;
    const admin = DEMO_USERS.find((user) => user.role === 'admin')!;
    const cookie = `${SESSION_COOKIE}=${await replicas[replica]!.gateway.sessions.create(admin)}`;
    const ended = await send(replica, 'DELETE', `${REPLICAS_BASE}/sessions/${encodeURIComponent(login)}`, cookie);
    await send(replica, 'DELETE', `${REPLICAS_BASE}/session`, cookie);
    if (ended.status !== 200) throw new Error(`replica ${replica} answered ${ended.status} to ending ${login}'s sessions: ${ended.text}`);
    next = (replica + 1) % REPLICAS;
    return { replica, ended: (JSON.parse(ended.text) as { ended: number }).ended, after: seq };
  }

  async function control(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (req.method === 'GET' && path === '/replicas/stats') return json(res, 200, { served, log } satisfies ReplicaStats);
    if (req.method === 'POST' && path === '/replicas/reset') {
      served.fill(0);
      log = [];
      return json(res, 200, { ok: true });
    }
    if (req.method === 'POST' && path === '/replicas/sign-out') {
      const login = new URL(req.url ?? '/', 'http://test.invalid').searchParams.get('login');
      if (!login) return json(res, 400, { error: 'login= is missing' });
      try {
        return json(res, 200, await signOut(login));
      } catch (error) {
        return json(res, 500, { error: (error as Error).message });
      }
    }
    json(res, 404, { error: 'no such replicas route' });
  }

  return {
    owns: (url: string) => url.startsWith('/replicas/'),
    async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
      const path = (req.url ?? '/').split('?')[0]!;
      if (path === REPLICAS_BASE || path.startsWith(`${REPLICAS_BASE}/`)) return proxy(req, res);
      await control(req, res, path);
    },
    close,
  };
}
