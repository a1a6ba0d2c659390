/**
 * The servers a benchmark runs against, each a CLI in a Node process of its
 * own (its own event loop), and what the load generator needs to talk to
 * them: the sandbox, the gateway in front of it, Jodo users made through the
 * sandbox's addEditUser and signed gateway sessions for them. Shared by
 * `bench/load.ts` and `bench/gateway.ts`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { formatJodoDateTime } from '../../src/api/rules.js';
import { openRedisState } from '../../src/server/gateway/state/redis-state.js';
import { openSqliteState } from '../../src/server/gateway/state/sqlite-state.js';
import type { GatewayState } from '../../src/server/gateway/state/state.js';
import { JODO_PATH } from '../../src/server/sandbox/endpoint.js';

export const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
/** The sandbox fixture's organisation key, and the process every bench user works in. */
export const APIKEY = 'test_org';
export const SERVICEKEY = 'VoiceProcess';

export const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));
/** The login of bench user `i`: each simulated agent is a Jodo user of its own. */
export const loginOf = (i: number) => `load-agent-${String(i).padStart(5, '0')}@bench.test`;

let stamp = { second: -1, text: '' };
/** Jodo's reqdatetime for now, formatted once a second. */
export function reqdatetime(): string {
  const second = Math.floor(Date.now() / 1000);
  if (second !== stamp.second) stamp = { second, text: formatJodoDateTime(new Date()) };
  return stamp.text;
}

export interface Server {
  name: string;
  child: ChildProcess;
  url: string;
  exited: Promise<void>;
  stderr: string[];
  /** From spawn to listening: the start-up a CPU profile leaves out. */
  startMs: number;
}
const live = new Set<Server>();

/** Starts a script in its own Node process (under tsx) and waits for its "listening on <url>" line. */
export function launch(name: string, script: string, cliArgs: string[], env: Record<string, string>, profileDir?: string): Promise<Server> {
  const flags = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, [...flags, '--import', 'tsx', script, ...cliArgs], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stderr: string[] = [];
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => stderr.push(...chunk.split('\n').filter(Boolean)));
  return new Promise((ok, fail) => {
    // Read until the "listening on" line, then only drained: the gateway logs a line per request, which
    // kept (and searched again on every chunk) would cost this process more CPU by the second.
    let out: string | undefined = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      if (out === undefined) return;
      out += chunk;
      const match = /listening on (http:\/\/[^\s"]+)/.exec(out);
      if (match) {
        out = undefined;
        live.add(server);
        server.url = match[1]!;
        server.startMs = performance.now() - spawnedAt;
        ok(server);
      }
    });
    const server: Server = { name, child, url: '', exited, stderr, startMs: 0 };
    void exited.then(() => fail(new Error(`${name} exited before listening: ${stderr.join(' | ')}`)));
  });
}

/** SIGTERM (the CLIs stop cleanly, which also writes a --cpu-prof profile), SIGKILL if it hangs. */
export async function stop(server: Server): Promise<void> {
  if (!live.delete(server)) return;
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 10_000);
  await server.exited;
  clearTimeout(timer);
}

/** Stops every server still running (on failure or Ctrl-C). */
export const stopAll = () => Promise.all([...live].map(stop));
process.on('exit', () => live.forEach((s) => s.child.kill('SIGKILL')));
process.on('SIGINT', () => void stopAll().then(() => process.exit(130)));

/** CPU time a process has used, in ms (Linux /proc; NaN elsewhere). */
export function cpuMs(pid: number | undefined): number {
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return NaN;
  }
}

/** Whole-machine busy CPU so far, in ms summed over cores: minus our own processes, what others used. */
export function machineBusyMs(): number {
  return os.cpus().reduce((sum, { times }) => sum + times.user + times.nice + times.sys + times.irq, 0);
}

/** Local ports of the open TCP connections to `port` (Linux /proc; empty elsewhere): the gateway's pool to the sandbox. */
export function connectionsTo(port: number): number[] {
  const hex = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  try {
    return readFileSync('/proc/net/tcp', 'utf8')
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter(([, local, remote, state]) => state === '01' && remote?.endsWith(hex) && local)
      .map(([, local]) => parseInt(local!.split(':')[1]!, 16));
  } catch {
    return [];
  }
}

/** Where a load generator sends userStatus, and what it adds to each request. */
export interface Target {
  kind: 'gateway' | 'baseline' | 'direct' | 'proxy';
  url: URL;
  /** Per-agent headers (the gateway session) and request fields (the key, when not through the gateway). */
  headers(i: number): Record<string, string>;
  fields: Record<string, unknown>;
}

/** The form body of a userStatus request for agent `i`'s own login. */
export const userStatusBody = (target: Target, i: number) =>
  new URLSearchParams({ data: JSON.stringify({ ...target.fields, method: 'userStatus', loginids: [loginOf(i)], reqdatetime: reqdatetime() }) }).toString();

/** What counts as a good userStatus answer: HTTP 200, Jodo success, the agent's own entry with status 3. */
export function problemOf(status: number | undefined, text: string, login: string): string | undefined {
  if (status !== 200) return `HTTP ${status}`;
  try {
    const body = JSON.parse(text) as { statuscode?: unknown; status?: unknown; statusdata?: { login?: string; status?: unknown }[] };
    const entry = body.statusdata?.[0];
    if (entry?.login !== login || Number(entry.status) !== 3) return `status ${String(body.status ?? entry?.status ?? body.statuscode)}`;
    return undefined;
  } catch {
    return 'not JSON';
  }
}

/** Users `from` to `to - 1` (loginOf), added through the sandbox's own addEditUser. */
export async function addUsers(sandboxUrl: URL, from: number, to: number): Promise<void> {
  const agent = new http.Agent({ keepAlive: true });
  const add = (i: number) =>
    new Promise<void>((ok, fail) => {
      const data = JSON.stringify({ method: 'addEditUser', apikey: APIKEY, action: 'add', username: `Load agent ${i}`, loginid: loginOf(i), usertype: 'user', mediadetails: [{ media: 'Voice In' }, { media: 'Voice Out' }], reqdatetime: reqdatetime() });
      const body = new URLSearchParams({ data }).toString();
      const req = http.request(sandboxUrl, { method: 'POST', agent, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (c: string) => (text += c));
        res.on('end', () => (/"status":\s*3\b/.test(text) ? ok() : fail(new Error(`addEditUser ${loginOf(i)}: ${text}`))));
      });
      req.on('error', fail);
      req.end(body);
    });
  let next = from;
  // A few in flight hide the round trip; the sandbox runs them one at a time anyway.
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (next < to) await add(next++);
  }));
  agent.destroy();
}

/** Starts the sandbox CLI on a database file; its Jodo endpoint is `new URL(JODO_PATH, server.url)`. */
export const launchSandbox = (db: string, profileDir?: string) => launch('sandbox', 'src/server/cli/sandbox.ts', ['--port', '0', '--db', db], {}, profileDir);

/** A Redis the gateway's replicas share, and the secret they all start with (JODO_GATEWAY_SECRET). */
export interface SharedRedis {
  url: string;
  secret: string;
}

/** A random JODO_GATEWAY_SECRET for one run (the gateway wants 32 characters at least; this is 43). */
export const randomGatewaySecret = () => randomBytes(32).toString('base64url');

/**
 * Starts the gateway CLI in front of `sandboxUrl`, its state in the SQLite file `store`, or in a shared
 * Redis (`--redis`, with the secret in the environment): one replica of several.
 */
export function launchGateway(sandboxUrl: URL, store: string | SharedRedis, profileDir?: string, name = 'gateway') {
  const state = typeof store === 'string' ? ['--store', store] : ['--redis', store.url];
  const env: Record<string, string> = typeof store === 'string' ? { JODO_APIKEY: APIKEY } : { JODO_APIKEY: APIKEY, JODO_GATEWAY_SECRET: store.secret };
  // The default rate limit (120 per user per minute) stays: each bench keeps its users under it.
  return launch(name, 'src/server/cli/gateway.ts', ['--port', '0', '--upstream', sandboxUrl.href, ...state], env, profileDir);
}

/** The sandbox's Jodo endpoint. */
export const jodoUrl = (sandbox: Server) => new URL(JODO_PATH, sandbox.url);

/** Sessions written by the bench last the whole run, however long its steps. */
const BENCH_SESSION_TIMES = { ttlMs: 3600_000 * 4, idleMs: 3600_000 * 4 };

/** The gateway's SQLite store file, opened from this process as the gateway's sign-in would write to it. */
export const benchSqliteState = (store: string) => openSqliteState({ file: store, times: BENCH_SESSION_TIMES });

/** The replicas' Redis, opened from this process with their secret, as a replica's sign-in would write to it. */
export const benchRedisState = (redis: SharedRedis) => openRedisState({ url: redis.url, secret: Buffer.from(redis.secret, 'utf8'), times: BENCH_SESSION_TIMES });

/**
 * What the toolbar sends through the gateway: no key, the process named, agent i's own session cookie.
 * Sessions for agents 0 to `users` - 1 are written into the gateway's store first, as its sign-in would
 * (it has no sign-in page with a real upstream).
 */
export async function gatewayTarget(gateway: Server, state: GatewayState, users: number): Promise<Target> {
  const cookies: string[] = [];
  for (let i = 0; i < users; i++) cookies.push(`jodo_session=${await state.sessions.create({ login: loginOf(i), role: 'agent', servicekeys: [SERVICEKEY], team: [] })}`);
  const cookie = (i: number) => {
    if (i >= cookies.length) throw new Error(`no session for bench user ${i}: sign in ${i + 1} users`);
    return cookies[i]!;
  };
  return { kind: 'gateway', url: new URL(gateway.url), headers: (i) => ({ cookie: cookie(i) }), fields: { servicekey: SERVICEKEY } };
}

/** The same request as the gateway forwards it, key included, sent to `url` (the sandbox, or a bare proxy in front of it). */
export const keyedTarget = (kind: 'direct' | 'proxy', url: URL): Target => ({ kind, url, headers: () => ({}), fields: { apikey: APIKEY, servicekey: SERVICEKEY } });
