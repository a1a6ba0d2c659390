/**
 * `npm run bench:load [-- --store sqlite|redis --replicas N --steps 250,500,1000 --refine 2 --warmup 4 --measure 12 --compare 500 --no-profile
 *   --mode poll|push|both --push-steps 5000,10000,15000,20000 --push-measure 20 --out bench/LOAD-RESULTS.md]`
 *
 * Two modes, both by default, in one report: polling (below) and push
 * (push-load.ts: agents holding the gateway's event streams, up to 20,000,
 * on one gateway process and on two replicas sharing Redis).
 *
 * Load benchmark (not a test): simulated agents poll userStatus for their own
 * login every 2 s through the gateway, stepping the agent count up until p99
 * reaches 100 ms or a request fails, then halving the gap between the last
 * step held and the first failed (--refine times).
 *
 * Without --store and --replicas (the default) it runs three configurations
 * in turn and writes one report comparing them: one gateway on its SQLite
 * store, one on Redis, and two replicas sharing that Redis (agent i polls
 * replica i % N over its own connection, as a browser behind a load balancer
 * with sticky connections would). With --store and/or --replicas it runs
 * that one configuration (more than one replica needs --store redis). With
 * Redis the bench starts its own redis-server (a free port, nothing
 * persisted, its folder removed afterwards) and a random
 * JODO_GATEWAY_SECRET for the replicas.
 *
 * The first configuration run also gets the comparison with calling the
 * sandbox directly at --compare agents and at the level held (the gateway's
 * cost), and a profiled rerun. The sandbox, each gateway replica and Redis
 * run as processes of their own; this process is only the load generator (it
 * still shares the machine's cores with them, which the results say).
 *
 * The default run takes about 10 to 15 minutes on the project's 2-core
 * machine. A trial of the whole path in about a minute:
 * `npx tsx bench/load.ts --steps 100,300 --warmup 1 --measure 3 --no-profile --out /tmp/load.md`.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { startRedis, type RunningRedis } from '../test/helpers/redis-server.js';
import { mainThreadProfile, summarise } from './lib/cpu-profile.js';
import { latenciesOf, type Latencies } from './lib/latencies.js';
import { pushSection, runPush, type PushConfiguration, type PushOptions, type PushResult } from './push-load.js';
import {
  ROOT,
  addUsers,
  benchRedisState,
  benchSqliteState,
  connectionsTo,
  cpuMs,
  gatewayTarget,
  jodoUrl,
  keyedTarget,
  launchGateway,
  launchSandbox,
  loginOf,
  machineBusyMs,
  problemOf,
  randomGatewaySecret,
  sleep,
  stop,
  stopAll,
  userStatusBody,
  type Server,
  type SharedRedis,
  type Target,
} from './lib/servers.js';

const PERIOD_MS = 2000;
const P99_LIMIT_MS = 100;
const TIMEOUT_MS = 10_000;
/** The event-loop delay histogram counts its own timer's interval in every sample: subtracted again. */
const LOOP_RESOLUTION_MS = 1;
/** Other people's CPU (% of one core) above which a measurement is repeated; how often; how long to wait for quiet. */
const OTHER_LIMIT = 30;
const MAX_TRIES = 3;
const QUIET_WAIT_MS = 120_000;
/** Refined steps are rounded to this many agents. */
const REFINE_GRAIN = 50;
/**
 * After a failed step the servers may still be working off requests whose agents gave up (the gateway keeps
 * them queued for the sandbox until its own deadline): before a step below it, every agent stops and the
 * servers get up to SETTLE_MS to fall under IDLE_CPU (% of one core, all of them together).
 */
const SETTLE_MS = 60_000;
const IDLE_CPU = 10;
/** A single process at this much of a core is saturated (Node's main thread and Redis each use one core). */
const SATURATED = 90;
/** Redis may cost at most this share of the agents one replica holds on SQLite. */
const REDIS_COST_AIM = 0.15;

const { values: args } = parseArgs({
  options: {
    store: { type: 'string' },
    replicas: { type: 'string' },
    steps: { type: 'string', default: '250,500,1000,2000,3000,4000,5000,6000,7000,8000' },
    refine: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '4' },
    measure: { type: 'string', default: '12' },
    compare: { type: 'string', default: '500' },
    'no-profile': { type: 'boolean', default: false },
    mode: { type: 'string', default: 'both' },
    'push-steps': { type: 'string', default: '5000,10000,15000,20000' },
    'push-measure': { type: 'string', default: '20' },
    out: { type: 'string', default: 'bench/LOAD-RESULTS.md' },
  },
});
const STEPS = args.steps.split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0);
const REFINE = Math.max(0, Number(args.refine) || 0);
const WARMUP_MS = Number(args.warmup) * 1000;
const MEASURE_MS = Number(args.measure) * 1000;
const COMPARE_AT = Number(args.compare);
/** Users (and sessions) every step and comparison needs. */
const USERS = Math.max(...STEPS, COMPARE_AT);
const COMMAND = ['npm run bench:load', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' ');

const log = (line: string) => process.stderr.write(`${line}\n`);

const MODE = args.mode;
const PUSH_STEPS = args['push-steps'].split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0);
/** One gateway process holds at most this many streams here: 20,000 open files per process, a few for itself. */
const ONE_PROCESS_STREAMS = 19_500;
const PUSH_CONFIGS: PushConfiguration[] = [
  { store: 'sqlite', replicas: 1 },
  { store: 'redis', replicas: 2 },
];

// ---------------------------------------------------------------- configurations

interface Configuration {
  store: 'sqlite' | 'redis';
  replicas: number;
}

/** What the default run compares: Redis's cost to one replica, then what a second replica adds. */
const COMPARED: Configuration[] = [
  { store: 'sqlite', replicas: 1 },
  { store: 'redis', replicas: 1 },
  { store: 'redis', replicas: 2 },
];

const nameOf = (c: Configuration) => `${c.replicas} ${c.replicas === 1 ? 'replica' : 'replicas'} on ${c.store === 'sqlite' ? 'SQLite' : 'Redis'}`;
const isBaseline = (c: Configuration) => c.store === 'sqlite' && c.replicas === 1;
const isRedisAlone = (c: Configuration) => c.store === 'redis' && c.replicas === 1;

/** The configurations asked for (all three without --store and --replicas), or what is wrong with the flags. */
function configurations(): { configs: Configuration[] } | { error: string } {
  if (args.store === undefined && args.replicas === undefined) return { configs: COMPARED };
  const replicas = Number(args.replicas ?? 1);
  if (!Number.isInteger(replicas) || replicas < 1) return { error: `--replicas must be a whole number from 1 (got ${args.replicas})` };
  const store = args.store ?? (replicas > 1 ? 'redis' : 'sqlite');
  if (store !== 'sqlite' && store !== 'redis') return { error: `--store must be sqlite or redis (got ${store})` };
  if (store === 'sqlite' && replicas > 1) {
    return { error: `--replicas ${replicas} needs --store redis: an SQLite store belongs to one gateway process; replicas share sessions, idempotency keys and rate limits through Redis` };
  }
  return { configs: [{ store, replicas }] };
}

// ---------------------------------------------------------------- machine

/** Kernel count of connections dropped because a listener's accept queue was full (Linux; NaN elsewhere). */
function listenOverflows(): number {
  try {
    const [names, values] = readFileSync('/proc/net/netstat', 'utf8').split('\n').filter((l) => l.startsWith('TcpExt:'));
    const at = names!.split(/\s+/).indexOf('ListenOverflows');
    return Number(values!.split(/\s+/)[at]);
  } catch {
    return NaN;
  }
}

function redisVersion(): string {
  try {
    return /v=(\S+)/.exec(execFileSync('redis-server', ['--version'], { encoding: 'utf8' }))?.[1] ?? '?';
  } catch {
    return '?';
  }
}

// ---------------------------------------------------------------- agents

/** The requests sent while a window is open; agents keep polling between windows. */
interface Window {
  latencies: number[];
  errors: Map<string, number>;
  pending: number;
}
let measuring: Window | undefined;

interface Agent {
  stop(): void;
}

/**
 * One simulated agent: its own keep-alive connection (as each browser has),
 * a random phase, then a request every 2 s by the clock whether or not the
 * last one came back (so a slow server gets no relief from slower polling).
 */
function startAgent(i: number, target: Target): Agent {
  const login = loginOf(i);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const headers = { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8', accept: 'application/json', ...target.headers(i) };
  const fire = () => {
    const body = userStatusBody(target, i);
    const window = measuring;
    if (window) window.pending++;
    const t0 = performance.now();
    let settled = false;
    // The deadline runs from sending, so time queued behind this agent's earlier request counts too.
    // (A plain timer: AbortSignal.timeout costs the generator more CPU, which the servers would miss.)
    const deadline = setTimeout(() => req.destroy(new Error('timeout')), TIMEOUT_MS);
    const done = (problem: string | undefined) => {
      clearTimeout(deadline);
      // An abort mid-answer is reported by both the request and the response: count it once.
      if (!window || settled) return;
      settled = true;
      window.pending--;
      if (problem) window.errors.set(problem, (window.errors.get(problem) ?? 0) + 1);
      else window.latencies.push(performance.now() - t0);
    };
    const req = http.request(target.url, { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.on('end', () => done(problemOf(res.statusCode, text, login)));
      res.on('error', (error) => done(error.message));
    });
    req.on('error', (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
    req.end(body);
  };
  let next = performance.now() + Math.random() * PERIOD_MS;
  let timer: NodeJS.Timeout;
  const tick = () => {
    fire();
    next += PERIOD_MS;
    timer = setTimeout(tick, Math.max(0, next - performance.now()));
  };
  timer = setTimeout(tick, next - performance.now());
  return {
    stop() {
      clearTimeout(timer);
      agent.destroy();
    },
  };
}

/** Agents spread over targets: agent i always polls target i % N (sticky, as behind a load balancer). */
class Pool {
  private readonly agents: Agent[] = [];
  constructor(readonly targets: Target[]) {}
  get kind(): Target['kind'] {
    return this.targets[0]!.kind;
  }
  get size(): number {
    return this.agents.length;
  }
  /** Adds agents, or stops the last ones started. */
  resize(n: number): void {
    while (this.agents.length < n) this.agents.push(startAgent(this.agents.length, this.targets[this.agents.length % this.targets.length]!));
    while (this.agents.length > n) this.agents.pop()!.stop();
  }
  stop(): void {
    this.resize(0);
  }
}

// ---------------------------------------------------------------- servers

interface Servers {
  sandbox: Server;
  /** The gateway's replicas, each its own process. */
  gateways: Server[];
  /** The replicas' shared store, when on Redis (it outlives restarts of the others). */
  redis: RunningRedis | undefined;
  /** One per replica, the same sessions: agent i goes to replica i % N. */
  gatewayTargets: Target[];
  directTarget: Target;
}

/** CPU used so far by each of our server processes, ms (Redis NaN when there is none). */
function serverCpu(servers: Servers): { gateways: number[]; sandbox: number; redis: number } {
  return { gateways: servers.gateways.map((g) => cpuMs(g.child.pid)), sandbox: cpuMs(servers.sandbox.child.pid), redis: servers.redis ? cpuMs(servers.redis.pid) : NaN };
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
/** A process's CPU in a sum: none (NaN, no Redis) counts nothing. */
const orZero = (v: number) => (Number.isNaN(v) ? 0 : v);

/**
 * Starts the sandbox, then the gateway's replicas in front of it, their state in the SQLite `store` file or
 * in `redis`; writes every user's session into that state. With `profileDir`, each writes a CPU profile into
 * a folder of its own there (`sandbox`, `gateway-1`…).
 */
async function startServers(config: Configuration, files: { db: string; store: string }, redis: { server: RunningRedis; shared: SharedRedis } | undefined, profileDir?: string): Promise<Servers> {
  const sandbox = await launchSandbox(files.db, profileDir && join(profileDir, 'sandbox'));
  const sandboxUrl = jodoUrl(sandbox);
  // The default rate limit (120 per user per minute) is 4x the 30 a minute an agent polls here, so it never bites.
  const gateways = await Promise.all(
    Array.from({ length: config.replicas }, (_, k) =>
      launchGateway(sandboxUrl, redis?.shared ?? files.store, profileDir && join(profileDir, `gateway-${k + 1}`), config.replicas > 1 ? `gateway ${k + 1}` : 'gateway'),
    ),
  );
  const state = redis ? benchRedisState(redis.shared) : benchSqliteState(files.store);
  try {
    if (!(await state.ready(5000))) throw new Error(`the bench could not reach its store (${config.store}) to write the agents' sessions`);
    const at = performance.now();
    const sessions = await gatewayTarget(gateways[0]!, state, USERS);
    log(`  ${USERS} sessions written into ${config.store} in ${((performance.now() - at) / 1000).toFixed(1)} s`);
    return {
      sandbox,
      gateways,
      redis: redis?.server,
      gatewayTargets: gateways.map((g) => ({ ...sessions, url: new URL(g.url) })),
      directTarget: keyedTarget('direct', sandboxUrl),
    };
  } finally {
    await state.close();
  }
}

const stopServers = (servers: Servers) => Promise.all([...servers.gateways, servers.sandbox].map(stop));

// ---------------------------------------------------------------- measuring

interface Row extends Latencies {
  kind: 'gateway' | 'direct';
  agents: number;
  /** A step added after the first failure, between the last step held and the first failed. */
  refined: boolean;
  requests: number;
  rps: number;
  errors: number;
  errorKinds: string;
  /**
   * CPU used over the window, % of one core: each replica and their sum, Redis (NaN without it), the sandbox,
   * this process; `other`: the rest of the machine (not ours).
   */
  cpu: { gateways: number[]; gateway: number; redis: number; sandbox: number; generator: number; other: number };
  /** Connections the kernel dropped for a full accept queue (the client retries after 1 s, then 3 s). */
  overflows: number;
  /** Connections from the gateways to the sandbox: most open at once, and how many different ones were seen (churn). */
  upstream: { max: number; seen: number };
  /** Measurements taken (more than 1: the earlier ones were disturbed by other processes). */
  tries: number;
  /** The generator's own event-loop delay p99 (ms): high means the client, not the server, added latency. */
  loopP99: number;
}


/** CPU (% of one core) the rest of the machine used over `ms`: other people's work on a shared box. */
async function otherCpu(servers: Servers, ms: number): Promise<number> {
  const ours = () => {
    const { gateways, sandbox, redis } = serverCpu(servers);
    const own = process.cpuUsage();
    return sum(gateways) + sandbox + orZero(redis) + own.user / 1000 + own.system / 1000;
  };
  const [machine, mine, at] = [machineBusyMs(), ours(), performance.now()];
  await sleep(ms);
  return Math.max(0, ((machineBusyMs() - machine - (ours() - mine)) / (performance.now() - at)) * 100);
}

/**
 * A step measured while other processes took more than OTHER_LIMIT of a core
 * measures them, not the servers: wait (a while) for a quiet machine and
 * measure again, up to MAX_TRIES times; the table flags what stayed noisy.
 */
async function measure(pool: Pool, agents: number, servers: Servers, options: { maxTries?: number; refined?: boolean } = {}): Promise<Row> {
  let row: Row | undefined;
  let quietest: Row | undefined;
  const maxTries = options.maxTries ?? MAX_TRIES;
  for (let tries = 1; tries <= maxTries; tries++) {
    // A disturbed window that failed may have left a backlog that agents below the edge never work off (each
    // sends on by the clock): the next try starts from idle servers with new agents.
    if (row && !passes(row)) await settle(pool, servers);
    const until = performance.now() + QUIET_WAIT_MS;
    for (let said = false; performance.now() < until && (await otherCpu(servers, 1000)) > OTHER_LIMIT; said = true) {
      if (!said) log('  waiting for other processes to quieten down');
    }
    row = { ...(await measureOnce(pool, agents, servers)), tries, refined: options.refined ?? false };
    // Kept by how disturbed the window was, never by its result.
    if (!quietest || row.cpu.other < quietest.cpu.other) quietest = { ...row };
    if (!(row.cpu.other > OTHER_LIMIT)) break; // NaN (no /proc): nothing to go on, so no retries
    log(`  other processes used ${row.cpu.other.toFixed(0)}% of a core${tries < maxTries ? ': measuring again' : ''}`);
  }
  return { ...quietest!, tries: row!.tries };
}

/** Stops every agent and waits for the servers to go (nearly) idle, so that the next step starts afresh. */
async function settle(pool: Pool, servers: Servers): Promise<void> {
  pool.stop();
  for (const until = performance.now() + SETTLE_MS; ; ) {
    const [before, at] = [serverCpu(servers), performance.now()];
    await sleep(1000);
    const after = serverCpu(servers);
    const busy = ((sum(after.gateways) - sum(before.gateways) + after.sandbox - before.sandbox + orZero(after.redis - before.redis)) / (performance.now() - at)) * 100;
    if (!Number.isFinite(busy) || busy < IDLE_CPU) return; // no /proc: the second waited is all there is
    if (performance.now() > until) {
      log(`  the servers still use ${busy.toFixed(0)}% of a core after ${SETTLE_MS / 1000} s without agents: going on`);
      return;
    }
  }
}

async function measureOnce(pool: Pool, agents: number, servers: Servers): Promise<Row> {
  // Fewer agents than polling now: the step is below a failed one, started from idle servers with new agents.
  if (agents < pool.size) await settle(pool, servers);
  pool.resize(agents);
  await sleep(WARMUP_MS);
  const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  const before = { servers: serverCpu(servers), generator: process.cpuUsage(), machine: machineBusyMs(), overflows: listenOverflows(), at: performance.now() };
  const window: Window = { latencies: [], errors: new Map(), pending: 0 };
  measuring = window;
  loop.enable();
  // The gateways' pools to the sandbox may open and drop connections: each new local port is a new connection.
  const upstreamPort = Number(new URL(servers.sandbox.url).port);
  const upstream = { max: 0, ports: new Set<number>() };
  for (const end = performance.now() + MEASURE_MS; performance.now() < end; ) {
    const open = pool.kind === 'gateway' ? connectionsTo(upstreamPort) : [];
    upstream.max = Math.max(upstream.max, open.length);
    open.forEach((p) => upstream.ports.add(p));
    await sleep(Math.min(500, end - performance.now()));
  }
  measuring = undefined;
  loop.disable();
  const wall = performance.now() - before.at;
  const after = serverCpu(servers);
  const generator = process.cpuUsage(before.generator);
  const share = (used: number) => (used / wall) * 100;
  const gateways = after.gateways.map((used, k) => share(used - before.servers.gateways[k]!));
  const cpu = {
    gateways,
    gateway: sum(gateways),
    redis: share(after.redis - before.servers.redis),
    sandbox: share(after.sandbox - before.servers.sandbox),
    generator: share((generator.user + generator.system) / 1000),
    other: 0,
  };
  cpu.other = Math.max(0, share(machineBusyMs() - before.machine) - cpu.gateway - orZero(cpu.redis) - cpu.sandbox - cpu.generator);
  const overflows = listenOverflows() - before.overflows;
  // Requests sent in the window count even if they come back after it.
  for (const until = performance.now() + TIMEOUT_MS + 1000; window.pending > 0 && performance.now() < until; ) await sleep(20);
  const sorted = window.latencies.sort((a, b) => a - b);
  const errors = [...window.errors.values()].reduce((a, b) => a + b, 0) + window.pending;
  if (window.pending) window.errors.set('no answer', window.pending);
  const row: Row = {
    tries: 1,
    refined: false,
    kind: pool.kind === 'gateway' ? 'gateway' : 'direct',
    agents,
    requests: sorted.length + errors,
    rps: (sorted.length + errors) / (MEASURE_MS / 1000),
    ...latenciesOf(sorted),
    errors,
    errorKinds: [...window.errors].map(([kind, n]) => `${kind} ×${n}`).join(', '),
    cpu,
    overflows,
    upstream: { max: upstream.max, seen: upstream.ports.size },
    loopP99: Math.max(0, loop.percentile(99) / 1e6 - LOOP_RESOLUTION_MS),
  };
  const redisCpu = Number.isNaN(cpu.redis) ? '' : ` redis ${cpu.redis.toFixed(0)}%`;
  log(`${row.kind.padEnd(7)} ${String(agents).padStart(5)} agents: ${row.rps.toFixed(0)} req/s p50 ${row.p50.toFixed(1)} p99 ${row.p99.toFixed(1)} max ${row.max.toFixed(1)} ms, errors ${errors}` +
    ` | cpu gw ${gateways.map((g) => `${g.toFixed(0)}%`).join('+')}${redisCpu} sb ${cpu.sandbox.toFixed(0)}% gen ${cpu.generator.toFixed(0)}% other ${cpu.other.toFixed(0)}%, overflows ${overflows}, upstream conns max ${upstream.max} seen ${upstream.ports.size}, gen loop p99 ${row.loopP99.toFixed(1)} ms`);
  return row;
}

const passes = (row: Row) => row.p99 < P99_LIMIT_MS && row.errors === 0;

/** The largest step held below the smallest that failed, and that failure (steps may be measured out of order once refined). */
function outcome(steps: Row[]): { held: Row | undefined; failed: Row | undefined } {
  const failed = steps.filter((r) => !passes(r)).sort((a, b) => a.agents - b.agents)[0];
  const held = steps.filter((r) => passes(r) && (!failed || r.agents < failed.agents)).sort((a, b) => b.agents - a.agents)[0];
  return { held, failed };
}

/** CPU per request over a window, µs, for a process that used `cpu` % of a core. */
const perRequest = (cpu: number, row: Row) => ((cpu / 100) * MEASURE_MS * 1000) / Math.max(1, row.requests);

// ---------------------------------------------------------------- one configuration

interface Result {
  config: Configuration;
  steps: Row[];
  held: Row | undefined;
  failed: Row | undefined;
  comparison: { gateway: Row; direct: Row }[];
  profile: string;
  tookMs: number;
}

/** Sandbox users are added once (its database file outlives the sandbox's restarts): how many there are. */
let users = 0;
async function ensureUsers(servers: Servers, n: number): Promise<void> {
  if (n <= users) return;
  const at = performance.now();
  await addUsers(servers.directTarget.url, users, n);
  log(`  users ${users} to ${n - 1} added in ${((performance.now() - at) / 1000).toFixed(1)} s`);
  users = n;
}

/** The Redis of the configuration being run: stopped with the process, however it ends (Ctrl-C too). */
let running: RunningRedis | undefined;
process.on('exit', () => {
  if (running?.pid) process.kill(running.pid, 'SIGKILL');
  if (running) rmSync(running.dir, { recursive: true, force: true });
});

/**
 * Steps one configuration up to its first failure and refines the edge; with `full`, then the gateway's cost
 * (against the sandbox directly) and a profiled rerun.
 */
async function runConfiguration(config: Configuration, work: string, full: boolean): Promise<Result> {
  const started = performance.now();
  log(`\n== ${nameOf(config)}`);
  const files = { db: join(work, 'sandbox.db'), store: join(work, `gateway-${config.store}-${config.replicas}.db`) };
  const redisServer = config.store === 'redis' ? await startRedis() : undefined;
  running = redisServer;
  const redis = redisServer && { server: redisServer, shared: { url: redisServer.url, secret: randomGatewaySecret() } };
  let servers = await startServers(config, files, redis);
  try {
    log(`sandbox ${servers.sandbox.url} (pid ${servers.sandbox.child.pid}), ${servers.gateways.map((g) => `${g.name} ${g.url} (pid ${g.child.pid})`).join(', ')}${redisServer ? `, redis ${redisServer.url} (pid ${redisServer.pid})` : ''}`);

    // 1. Step up through the gateway, agents accumulating, until a step fails; then halve the gap to the failure.
    const steps: Row[] = [];
    const pool = new Pool(servers.gatewayTargets);
    for (const agents of STEPS) {
      await ensureUsers(servers, agents);
      const row = await measure(pool, agents, servers);
      steps.push(row);
      if (!passes(row)) break;
    }
    for (let r = 0; r < REFINE; r++) {
      const { held, failed } = outcome(steps);
      if (!failed) break;
      const low = held?.agents ?? 0;
      const mid = Math.round((low + failed.agents) / 2 / REFINE_GRAIN) * REFINE_GRAIN;
      if (mid <= low || mid >= failed.agents) break;
      steps.push(await measure(pool, mid, servers, { refined: true }));
    }
    await settle(pool, servers);
    const { held, failed } = outcome(steps);

    // 2. The gateway's cost: the same agents through the gateway, then straight to the sandbox, back to back.
    const comparison: { gateway: Row; direct: Row }[] = [];
    const levels = full ? [...new Set([COMPARE_AT, ...(held ? [held.agents] : [])])].filter((n) => n > 0) : [];
    for (const agents of levels) {
      await ensureUsers(servers, agents);
      const pair = {} as { gateway: Row; direct: Row };
      for (const kind of ['gateway', 'direct'] as const) {
        const p = new Pool(kind === 'gateway' ? servers.gatewayTargets : [servers.directTarget]);
        pair[kind] = await measure(p, agents, servers);
        await settle(p, servers);
      }
      comparison.push(pair);
    }

    // 3. Where the time goes: the sandbox and the replicas restarted under --cpu-prof at the largest step held
    // with p99 under half the limit. Steady there, so the profile is the cost of a request; nearer the edge the
    // profiler's own overhead tips the gateway over, and the profile shows the collapse instead.
    let profile = '';
    const profileAt = [...steps].sort((a, b) => b.agents - a.agents).find((r) => passes(r) && r.p99 < P99_LIMIT_MS / 2 && (!failed || r.agents < failed.agents))?.agents ?? steps[0]?.agents;
    if (full && !args['no-profile'] && profileAt) {
      await stopServers(servers);
      const dir = join(work, `prof-${config.store}-${config.replicas}`);
      servers = await startServers(config, files, redis, dir);
      const p = new Pool(servers.gatewayTargets);
      const row = await measure(p, profileAt, servers, { maxTries: 1 }); // one window: the profile covers all of them anyway
      p.stop();
      await stopServers(servers);
      const gatewayName = config.replicas > 1 ? `Gateway process (replica 1 of ${config.replicas})` : 'Gateway process';
      profile =
        `The sandbox and ${config.replicas > 1 ? 'every replica' : 'the gateway'} restarted with \`node --cpu-prof\` and run at ${profileAt} agents through the gateway ` +
        `(under profiling: p50 ${ms(row.p50)} ms, p99 ${ms(row.p99)} ms, ${row.errors} errors; gateway CPU ${gatewayCpu(row)}, ${Number.isNaN(row.cpu.redis) ? '' : `Redis CPU ${pct(row.cpu.redis)}, `}sandbox CPU ${pct(row.cpu.sandbox)}, other processes ${pct(row.cpu.other)} of one core). ` +
        `Samples from before the process listened (loading the CLI) are left out.\n\n` +
        `#### ${gatewayName}\n\n${summarise(mainThreadProfile(join(dir, 'gateway-1')), servers.gateways[0]!.startMs)}\n#### Sandbox process\n\n${summarise(mainThreadProfile(join(dir, 'sandbox')), servers.sandbox.startMs)}`;
    }
    return { config, steps, held, failed, comparison, profile, tookMs: performance.now() - started };
  } finally {
    await stopServers(servers);
    await redisServer?.stop();
    running = undefined;
  }
}


// ---------------------------------------------------------------- report

const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : '-');
const pct = (v: number) => (Number.isFinite(v) ? `${v.toFixed(0)}%` : '-');
const us = (v: number) => (Number.isFinite(v) ? `${v.toFixed(0)} µs` : '-');
/** The gateway CPU of a row: the replicas' sum, each replica's share beside it when there are several. */
const gatewayCpu = (r: Row) => (r.cpu.gateways.length > 1 ? `${pct(r.cpu.gateway)} (${r.cpu.gateways.map(pct).join(' + ')})` : pct(r.cpu.gateway));

function table(rows: Row[]): string {
  const head =
    '| via | agents | req/s | p50 ms | p95 ms | p99 ms | max ms | errors | gateway CPU | Redis CPU | sandbox CPU | generator CPU | other CPU | generator loop p99 ms | accept-queue drops | gateway→sandbox connections (max open / seen) |\n' +
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|';
  const lines = rows.map((r) =>
    `| ${r.kind} | ${r.agents}${r.refined ? ' ↕' : ''} | ${r.rps.toFixed(0)} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${ms(r.max)} | ${r.errors}${r.errorKinds ? ` (${r.errorKinds})` : ''} | ${r.kind === 'gateway' ? gatewayCpu(r) : '-'} | ${pct(r.cpu.redis)} | ${pct(r.cpu.sandbox)} | ${pct(r.cpu.generator)} | ${pct(r.cpu.other)}${r.cpu.other > OTHER_LIMIT ? ' ⚠' : ''}${r.tries > 1 ? ` (${r.tries} tries)` : ''} | ${ms(r.loopP99)} | ${Number.isFinite(r.overflows) ? r.overflows : '-'} | ${r.kind === 'gateway' ? `${r.upstream.max} / ${r.upstream.seen}` : '-'} |`,
  );
  return [head, ...lines].join('\n');
}

/** Our processes in a row, by name, % of one core each (Redis only when there is one). */
function processesOf(row: Row): [string, number][] {
  const gateways = row.cpu.gateways.map((cpu, k): [string, number] => [row.cpu.gateways.length > 1 ? `gateway replica ${k + 1}` : 'gateway', cpu]);
  return [...gateways, ...(Number.isNaN(row.cpu.redis) ? [] : [['Redis', row.cpu.redis] as [string, number]]), ['sandbox', row.cpu.sandbox], ['load generator', row.cpu.generator]];
}

/** What a failing step's numbers say about the limit: facts from the row, no guessing. */
function diagnose(row: Row, cores: number) {
  const processes = processesOf(row);
  const [busiest, most] = [...processes].sort((a, b) => b[1] - a[1])[0]!;
  const total = sum(processes.map(([, cpu]) => cpu)) + row.cpu.other;
  const failure = row.p99 >= P99_LIMIT_MS ? `p99 ${ms(row.p99)} ms` : `${row.errors} errors (${row.errorKinds})`;
  return { processes, busiest, most, total, failure, saturated: most >= SATURATED, full: total >= cores * 100 * (SATURATED / 100) };
}

/** What limited a figure, in a few words, for the summary table. */
function limitInShort(result: Result, cores: number): string {
  if (!result.failed) return `the step list: no step failed up to ${result.steps.at(-1)?.agents ?? 0} agents`;
  const d = diagnose(result.failed, cores);
  const why = d.saturated
    ? `the ${d.busiest} saturated (${pct(d.most)} of a core)`
    : d.full
      ? `the machine's ${cores} cores full (${pct(d.total)} of ${cores * 100}%; busiest the ${d.busiest}, ${pct(d.most)})`
      : `queueing for ${cores} shared cores, no process saturated (busiest the ${d.busiest}, ${pct(d.most)}; all ${pct(d.total)} of ${cores * 100}%)`;
  return `${why}; at ${result.failed.agents}: ${d.failure}`;
}

/** What limited a figure, in full: the failing step's CPU, per-request costs and connections. */
function limits(row: Row, cores: number): string {
  const d = diagnose(row, cores);
  const costs: [string, number][] = [[row.cpu.gateways.length > 1 ? 'the replicas together' : 'the gateway', row.cpu.gateway], ...(Number.isNaN(row.cpu.redis) ? [] : [['Redis', row.cpu.redis] as [string, number]]), ['the sandbox', row.cpu.sandbox]];
  const [largest] = [...costs].sort((a, b) => b[1] - a[1])[0]!;
  return [
    `At ${row.agents} agents the step failed (${d.failure}).`,
    `CPU over that step, % of one core: ${d.processes.map(([name, cpu]) => `${name} ${pct(cpu)}`).join(', ')}, other processes ${pct(row.cpu.other)}: ${pct(d.total)} of the machine's ${cores * 100}%.`,
    d.saturated
      ? `The ${d.busiest} is saturated (${pct(d.most)}: a single-threaded process near 100% of a core).`
      : d.full
        ? `The machine is full: together the processes used ${pct(d.total)} of its ${cores * 100}%, so each waits for a core and latency climbs though none is at 100% of one. On this machine another replica only shares the same cores.`
        : `No process was saturated (the busiest, the ${d.busiest}, used ${pct(d.most)} of a core): latency climbs before any one core is full, because the processes share ${cores} cores and every request is handed generator → gateway${Number.isNaN(row.cpu.redis) ? '' : ' → Redis'} → sandbox and back, waiting for a core at each hand-off.`,
    `CPU per request: ${costs.map(([name, cpu]) => `${name} ${us(perRequest(cpu, row))}`).join(', ')} (the largest: ${largest}).`,
    row.upstream.max ? `The gateway's connections to the sandbox reached ${row.upstream.max} open at once (${row.upstream.seen} different ones seen in the window)${row.overflows ? `, and the kernel dropped ${row.overflows} connection attempts for a full accept queue` : ''}.` : '',
    row.loopP99 > 10 ? `The load generator's own event loop lagged (p99 ${ms(row.loopP99)} ms): part of that latency is the client's.` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/** The per-configuration summary, and the aim (Redis's cost to one replica) when both are in the run. */
function summary(results: Result[], cores: number): string {
  const baseline = results.find((r) => isBaseline(r.config));
  const versus = (r: Result) => (baseline?.held ? `${(((r.held?.agents ?? 0) / baseline.held.agents) * 100).toFixed(0)}%` : '-');
  // Against one replica on SQLite, when it is in the run with others.
  const against = baseline && results.length > 1;
  const rows = results.map((r) => {
    const h = r.held;
    const cost = h ? [h.cpu.gateway, h.cpu.redis, h.cpu.sandbox].map((cpu) => us(perRequest(cpu, h))).join(' / ') : '-';
    return `| ${nameOf(r.config)} | **${h ? h.agents : 'none'}** |${against ? ` ${versus(r)} |` : ''} ${r.failed ? r.failed.agents : '-'} | ${h ? h.rps.toFixed(0) : '-'} | ${h ? ms(h.p99) : '-'} | ${cost} | ${limitInShort(r, cores)} |`;
  });
  const head =
    `| configuration | agents held |${against ? ' of 1 replica on SQLite |' : ''} first failing step | req/s at held | p99 ms at held | CPU per request at held: gateway(s) / Redis / sandbox | what limited it |\n` +
    `|---|---:|${against ? '---:|' : ''}---:|---:|---:|---:|---|`;
  const redis = results.find((r) => isRedisAlone(r.config));
  let aim = '';
  if (baseline && redis) {
    const floor = Math.ceil((1 - REDIS_COST_AIM) * (baseline.held?.agents ?? 0));
    const held = redis.held?.agents ?? 0;
    const bound = baseline.failed ? '' : ` One replica on SQLite failed no step: its ${baseline.held?.agents ?? 0} is a lower bound, and so is this comparison.`;
    aim =
      `**The aim is ${held >= floor ? 'met' : 'missed'}**: one replica on Redis held ${held} agents, ${versus(redis)} of the ${baseline.held?.agents ?? 0} one replica held on SQLite ` +
      `(the aim: Redis costs at most ${REDIS_COST_AIM * 100}% of them, so at least ${floor}).${bound}`;
  }
  const replicas = results.find((r) => r.config.store === 'redis' && r.config.replicas > 1);
  let more = '';
  if (redis?.held && replicas?.held) {
    const gatewayPerRequest = (h: Row) => us(perRequest(h.cpu.gateway, h));
    more =
      `${nameOf(replicas.config)} held ${replicas.held.agents} agents, ${((replicas.held.agents / redis.held.agents) * 100).toFixed(0)}% of one replica on Redis: here every replica shares the same ${cores} cores, ` +
      `and per request the replicas together used ${gatewayPerRequest(replicas.held)} of gateway CPU at their level held, against ${gatewayPerRequest(redis.held)} for one.`;
  }
  const grain = 'A figure is exact to the gap between it and its first failing step (the refined steps halve that gap).';
  return `${[head, ...rows].join('\n')}\n\n${[aim, more, grain].filter(Boolean).join(' ')}`;
}

function section(result: Result, cores: number): string {
  const { steps, held, failed, comparison, profile } = result;
  const again = comparison.find((c) => c.gateway.agents === held?.agents)?.gateway;
  const recheck =
    again && held && !passes(again)
      ? `Measured again for the comparison below, ${held.agents} agents gave p99 ${ms(again.p99)} ms and ${again.errors} errors: that level is at the edge on this machine, not comfortably held.`
      : again && held
        ? `Measured again for the comparison below, ${held.agents} agents held again (p99 ${ms(again.p99)} ms, ${again.errors} errors).`
        : '';
  // Issue 8's aim, for the gateway on its own.
  const aim = isBaseline(result.config) ? (held && held.agents >= 2000 ? `Issue 8's aim of 2,000 agents is met.` : `Issue 8's aim of 2,000 agents is missed.`) : '';
  const compareTable = comparison
    .map(({ gateway: g, direct: d }) =>
      `| ${g.agents} | ${ms(g.p50)} | ${ms(d.p50)} | ${(g.p50 / d.p50).toFixed(2)}x (+${ms(g.p50 - d.p50)} ms) | ${ms(g.p99)} | ${ms(d.p99)} | ${(g.p99 / d.p99).toFixed(2)}x | ${g.errors + d.errors} | ${us(perRequest(g.cpu.gateway, g))} | ${us(perRequest(d.cpu.sandbox, d))} |`,
    )
    .join('\n');
  return `## ${nameOf(result.config)}

${(result.tookMs / 1000).toFixed(0)} s for this configuration.

${table(steps)}

${[held ? `**${held.agents} agents** held with p99 < ${P99_LIMIT_MS} ms and zero errors (${held.rps.toFixed(0)} req/s, p50 ${ms(held.p50)} ms, p99 ${ms(held.p99)} ms).` : 'No step held.', aim, recheck].filter(Boolean).join(' ')}

${failed ? limits(failed, cores) : `No step failed up to ${steps.at(-1)?.agents} agents (the last step run): the step list limited this figure, not the servers.`}
${
  comparison.length
    ? `
### The gateway's cost: through the gateway vs straight to the sandbox

The same agents and request mix, measured back to back in this run (the direct requests carry the key the gateway would add).

| agents | gateway p50 ms | direct p50 ms | p50 ratio | gateway p99 ms | direct p99 ms | p99 ratio | errors | gateway CPU per request | sandbox CPU per request (direct) |
|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|
${compareTable}

${table(comparison.flatMap(({ gateway, direct }) => [gateway, direct]))}
`
    : ''
}${profile ? `\n### Profile\n\n${profile}` : ''}`;
}

// ---------------------------------------------------------------- run

async function main(): Promise<void> {
  const asked = configurations();
  if ('error' in asked) {
    log(`bench:load: ${asked.error}`);
    process.exit(2);
  }
  if (!['poll', 'push', 'both'].includes(MODE)) {
    log(`bench:load: --mode must be poll, push or both (got ${MODE})`);
    process.exit(2);
  }
  const started = new Date();
  const work = join(ROOT, '.jodo', 'bench-load');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });

  // The first configuration gets the gateway's cost against the sandbox and the profile; the others, only steps.
  const results: Result[] = [];
  if (MODE !== 'push') for (const [n, config] of asked.configs.entries()) results.push(await runConfiguration(config, work, n === 0));

  const pushOptions: PushOptions = { steps: PUSH_STEPS, warmupMs: WARMUP_MS, measureMs: Number(args['push-measure']) * 1000, changesPerSecond: 20, work, log };
  const pushed: PushResult[] = [];
  if (MODE !== 'poll') {
    for (const config of PUSH_CONFIGS) {
      const steps = config.replicas === 1 ? [...new Set(PUSH_STEPS.map((n) => Math.min(n, ONE_PROCESS_STREAMS)))] : PUSH_STEPS;
      pushed.push(await runPush(config, { ...pushOptions, steps }));
    }
  }
  const baseline = results.find((r) => isBaseline(r.config));
  const polling = baseline?.held ? { name: nameOf(baseline.config), agents: baseline.held.agents, jodoRps: baseline.held.rps } : undefined;
  const push = pushed.length ? pushSection(pushed, pushOptions, polling) : '';
  if (!results.length) {
    const report = `# Load benchmark: agents holding the gateway's event streams (push)

Produced by \`${COMMAND}\` on ${started.toISOString()} (${((Date.now() - started.getTime()) / 1000).toFixed(0)} s), Node ${process.version}, ${os.cpus().length} cores.

${push}`;
    writeFileSync(resolve(ROOT, args.out), report);
    process.stdout.write(`${report}\n`);
    log(`written to ${args.out}`);
    return;
  }

  const cpus = os.cpus();
  const several = results.length > 1;
  const withRedis = results.some((r) => r.config.store === 'redis');
  const title = several ? `Load benchmark: agents polling userStatus through the gateway, on SQLite and on Redis, one replica and two` : `Load benchmark: agents polling userStatus through the gateway (${nameOf(results[0]!.config)})`;
  const report = `# ${title}

Produced by \`${COMMAND}\` on ${started.toISOString()} (${((Date.now() - started.getTime()) / 1000).toFixed(0)} s).

- Machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB memory, ${os.type()} ${os.release()}
- Node ${process.version}${withRedis ? `; redis-server ${redisVersion()} (started by the bench on a free port, nothing persisted)` : ''}
- The sandbox (\`src/server/cli/sandbox.ts --db <file>\`, dialer running, SQLite file in WAL mode), each replica of the gateway (\`src/server/cli/gateway.ts --upstream <sandbox>\` with \`--store <file>\`, or \`--redis <url>\` and a random \`JODO_GATEWAY_SECRET\`) and Redis each run as a process of their own; this process generates the load. **All of them share the ${cpus.length} cores**: the generator's CPU (column below) is CPU the servers did not get, so the agent counts held are a lower bound for the servers on a machine of their own.
- Each agent is its own Jodo user (added with addEditUser) with its own gateway session (an opaque id, written by the bench into the gateway's store, SQLite or Redis, as its sign-in would) and its own keep-alive connection. With several replicas agent i polls replica i % N, always the same one (sticky, as behind a load balancer). It asks userStatus for its own login every ${PERIOD_MS / 1000} s by the clock (random phase, not waiting for the last answer). Latency is measured in the generator from sending the request to the end of the answer.
- Each step adds agents to those already polling, waits ${WARMUP_MS / 1000} s, then measures ${MEASURE_MS / 1000} s. A step passes with p99 < ${P99_LIMIT_MS} ms and no errors (an error: no answer in ${TIMEOUT_MS / 1000} s, a network error, HTTP other than 200, or an answer that is not the agent's own status 3). Stepping stops at the first failing step; then up to ${REFINE} more steps (↕) halve the gap between the largest step held and the smallest failed, stopping agents when they go down. Each configuration starts its own servers (and Redis) afresh; the sandbox's database and its users carry over.
- The gateway's rate limit stays at its default (120 requests per user per minute; on Redis, counted in Redis); an agent sends 30.
- The machine may be shared: "other CPU" is what processes other than ours used during the window. A window where that passed ${OTHER_LIMIT}% of a core was measured again after waiting (up to ${QUIET_WAIT_MS / 1000} s) for a quiet machine, up to ${MAX_TRIES} times, and the least disturbed window kept (chosen by "other CPU", not by its latencies); "(n tries)" says how many windows a row took, ⚠ that even the kept one was disturbed.

## Agents held

${summary(results, cpus.length)}

CPU columns below: % of one core used by each process over the measured window; "gateway CPU" is the sum over replicas, each replica's share in brackets. "generator loop p99": the generator's own event-loop delay; when it is high, part of the latency is the client's. "accept-queue drops": connections the kernel dropped for a full listen queue (the client then retries after 1 s, then 3 s). "gateway→sandbox connections": the gateways' pools of connections to the sandbox (at most 64 each), sampled every 0.5 s: the most open at once / how many different connections were seen in the window (more seen than open means connections are closed and opened again).

${results.map((r) => section(r, cpus.length)).join('\n')}
${push}`;
  writeFileSync(resolve(ROOT, args.out), report);
  process.stdout.write(`${report}\n`);
  log(`written to ${args.out}`);
}

main().catch(async (error: unknown) => {
  log(`bench:load failed: ${error instanceof Error ? error.stack : String(error)}`);
  await stopAll();
  process.exit(1);
});
