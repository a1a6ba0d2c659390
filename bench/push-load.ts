/**
 * The push mode of `npm run bench:load` (issue 20): agents hold the
 * gateway's event stream (`GET /jodo/events?logins=<own>`) instead of
 * polling, while the bench changes agents' states in the sandbox and times
 * each change from the request that made it to the moment the agent's stream
 * carried it. Stepped up to 20,000 agents on one gateway process (SQLite) and
 * on two replicas sharing Redis (one poller between them).
 *
 * A step passes with the changes' p99 within 1.5 s and no error (a stream
 * refused, cut or ended, an event of another agent, a change not carried
 * within 10 s). Per step it also reports what Jodo carried (the sandbox's
 * count of userStatus requests per second), the gateways' CPU and memory
 * per open stream (resident memory over the gateways' own before any
 * stream, divided by the streams), and the bytes a stream carried per agent
 * per hour.
 */
import { fork } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startRedis, type RunningRedis } from '../test/helpers/redis-server.js';
import { latenciesOf, type Latencies } from './lib/latencies.js';
import { CONFIRM_MS, type FromAgents, type ToAgents } from './lib/push-agents.js';
import { ROOT, addUsers, benchRedisState, benchSqliteState, cpuMs, gatewayTarget, jodoUrl, launch, launchGateway, loginOf, randomGatewaySecret, sleep, stop, type Server } from './lib/servers.js';

export const PUSH_LATENCY_LIMIT_MS = 1500;

export interface PushConfiguration {
  store: 'sqlite' | 'redis';
  replicas: number;
}

/** A step: the changes' latencies from the state change asked for to its agent's stream carrying it. */
export interface PushRow extends Latencies {
  agents: number;
  changes: number;
  errors: number;
  errorKinds: string;
  /** userStatus requests the sandbox answered per second over the window. */
  jodoRps: number;
  /** CPU of each gateway replica, % of one core over the window. */
  gatewayCpu: number[];
  sandboxCpu: number;
  redisCpu: number;
  /** Resident memory of the gateways over theirs before any stream, per open stream, kB. */
  kBPerStream: number;
  /** Resident memory of each gateway, MB. */
  rssMb: number[];
  /** Bytes one stream carried per hour, kB (from the window's bytes, all streams averaged). */
  kBPerHour: number;
}

export interface PushResult {
  config: PushConfiguration;
  rows: PushRow[];
  held: PushRow | undefined;
  seconds: number;
}

/** A process's resident memory (Linux /proc), kB. */
function rssKb(pid: number | undefined): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
  } catch {
    return NaN;
  }
}

async function userStatusCount(sandbox: Server): Promise<number> {
  const stats = (await (await fetch(new URL('/sandbox/stats', sandbox.url))).json()) as { requests: Record<string, number> };
  return stats.requests['userStatus'] ?? 0;
}

export interface PushOptions {
  steps: number[];
  warmupMs: number;
  measureMs: number;
  /** State changes the bench makes per second during a window. */
  changesPerSecond: number;
  work: string;
  log: (line: string) => void;
}

/** Streams one agents' process holds at most (this machine allows 20,000 open files per process). */
const PER_PROCESS = 10_000;

/** A forked process of agents (bench/lib/push-agents.ts), asked over IPC. */
function forkAgents(): { ask(message: ToAgents): Promise<FromAgents>; close(): Promise<void> } {
  const child = fork(join(ROOT, 'bench/lib/push-agents.ts'), [], { execArgv: ['--import', 'tsx'], cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return {
    ask: (message) =>
      new Promise((resolve, reject) => {
        child.once('message', (answer) => resolve(answer as FromAgents));
        child.once('exit', () => reject(new Error('a process of agents exited')));
        child.send(message);
      }),
    async close() {
      try {
        child.send({ type: 'close' } satisfies ToAgents);
      } catch {
        // Already gone.
      }
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

const add = (into: Map<string, number>, from: Record<string, number>) => Object.entries(from).forEach(([kind, n]) => into.set(kind, (into.get(kind) ?? 0) + n));

/** Runs one configuration's steps; its servers start afresh and stop at the end. */
export async function runPush(config: PushConfiguration, options: PushOptions): Promise<PushResult> {
  const { log } = options;
  const name = `push, ${config.replicas} ${config.replicas === 1 ? 'replica' : 'replicas'} on ${config.store}`;
  const started = performance.now();
  const most = Math.max(...options.steps);
  const db = join(options.work, `push-${config.store}-${config.replicas}.db`);
  const store = join(options.work, `push-gateway-${config.replicas}.db`);
  for (const file of [db, store]) for (const end of ['', '-wal', '-shm']) rmSync(file + end, { force: true });
  const sandbox = await launch('sandbox', 'src/server/cli/sandbox.ts', ['--port', '0', '--db', db, '--no-dialer'], {});
  let redis: RunningRedis | undefined;
  const gateways: Server[] = [];
  const workers = Array.from({ length: Math.ceil(most / PER_PROCESS) }, forkAgents);
  try {
    log(`${name}: adding ${most} agents to the sandbox`);
    await addUsers(jodoUrl(sandbox), 0, most);
    const shared = config.store === 'redis' ? { url: (redis = await startRedis()).url, secret: randomGatewaySecret() } : undefined;
    for (let k = 0; k < config.replicas; k++) gateways.push(await launchGateway(jodoUrl(sandbox), shared ?? store, undefined, `gateway ${k + 1}`));
    const state = shared ? benchRedisState(shared) : benchSqliteState(store);
    if (!(await state.ready(5000))) throw new Error(`the bench could not reach its store (${config.store}) to write the agents' sessions`);
    const target = await gatewayTarget(gateways[0]!, state, most);
    await state.close();
    await sleep(1000);
    const baseRss = gateways.map((g) => rssKb(g.child.pid));

    const rows: PushRow[] = [];
    let open = 0;
    for (const agents of options.steps) {
      // Agent i: on replica i % N, held by process i % W.
      const growErrors = new Map<string, number>();
      const added = Array.from({ length: agents - open }, (_, k) => open + k).map((i) => ({ i, login: loginOf(i), cookie: target.headers(i)['cookie']!, gateway: gateways[i % gateways.length]!.url.replace(/\/jodo$/, '') }));
      const grown = await Promise.all(workers.map((w, k) => w.ask({ type: 'grow', agents: added.filter((a) => a.i % workers.length === k) })));
      for (const g of grown) if (g.type === 'grown') add(growErrors, g.errors);
      open = agents;
      log(`${name}: ${agents} streams open${growErrors.size ? ` (${[...growErrors].map(([kind, n]) => `${n} ${kind}`).join(', ')})` : ''}`);
      await sleep(options.warmupMs);
      const before = { jodo: await userStatusCount(sandbox), at: performance.now(), gateways: gateways.map((g) => cpuMs(g.child.pid)), sandbox: cpuMs(sandbox.child.pid), redis: cpuMs(redis?.pid) };
      const windows = (await Promise.all(workers.map((w) => w.ask({ type: 'window', ms: options.measureMs, changesPerSecond: options.changesPerSecond / workers.length, sandbox: sandbox.url })))).filter((w) => w.type === 'window');
      const seconds = (performance.now() - before.at) / 1000;
      const jodo = await userStatusCount(sandbox);
      const cpu = (now: number, then: number) => (now - then) / 10 / seconds;
      const errors = new Map(growErrors);
      for (const w of windows) add(errors, w.errors);
      const live = windows.reduce((sum, w) => sum + w.live, 0);
      if (live < agents) errors.set('streams without their state', agents - live);
      const sorted = windows.flatMap((w) => w.latencies).sort((a, b) => a - b);
      const windowSeconds = Math.max(...windows.map((w) => w.seconds));
      const rss = gateways.map((g) => rssKb(g.child.pid));
      const row: PushRow = {
        agents,
        changes: windows.reduce((sum, w) => sum + w.changes, 0),
        ...latenciesOf(sorted),
        errors: [...errors.values()].reduce((a, b) => a + b, 0),
        errorKinds: [...errors].map(([kind, n]) => `${n} ${kind}`).join(', '),
        // Counted over the whole wait, the last changes' included: requests per second of it.
        jodoRps: (jodo - before.jodo) / seconds,
        gatewayCpu: gateways.map((g, k) => cpu(cpuMs(g.child.pid), before.gateways[k]!)),
        sandboxCpu: cpu(cpuMs(sandbox.child.pid), before.sandbox),
        redisCpu: redis ? cpu(cpuMs(redis.pid), before.redis) : NaN,
        kBPerStream: (rss.reduce((a, b) => a + b, 0) - baseRss.reduce((a, b) => a + b, 0)) / agents,
        rssMb: rss.map((kb) => kb / 1024),
        kBPerHour: ((windows.reduce((sum, w) => sum + w.bytes, 0) / agents / windowSeconds) * 3600) / 1000,
      };
      rows.push(row);
      log(`${name}: ${agents} agents: p99 ${row.p99.toFixed(0)} ms over ${row.changes} changes, ${row.errors} errors${row.errors ? ` (${row.errorKinds})` : ''}, Jodo ${row.jodoRps.toFixed(1)} userStatus/s, gateway CPU ${row.gatewayCpu.map((c) => `${c.toFixed(0)}%`).join('+')}, ${row.kBPerStream.toFixed(1)} kB per stream, ${row.kBPerHour.toFixed(0)} kB per stream-hour`);
      if (row.p99 > PUSH_LATENCY_LIMIT_MS || row.errors) break;
    }
    const held = rows.filter((r) => r.p99 <= PUSH_LATENCY_LIMIT_MS && r.errors === 0).at(-1);
    return { config, rows, held, seconds: (performance.now() - started) / 1000 };
  } finally {
    await Promise.all(workers.map((w) => w.close()));
    await Promise.all([...gateways, sandbox].map(stop));
    await redis?.stop();
  }
}

const configName = (c: PushConfiguration) => `${c.replicas} ${c.replicas === 1 ? 'replica' : 'replicas'} on ${c.store === 'sqlite' ? 'SQLite' : 'Redis'}`;
const fixed = (v: number, digits = 0) => (Number.isFinite(v) ? v.toFixed(digits) : '-');

/**
 * The report's push section: each configuration's steps, and beside them what polling held in the same run
 * (`polling`: agents held and the requests per second Jodo then carried, one per agent poll).
 */
export function pushSection(results: PushResult[], options: PushOptions, polling: { name: string; agents: number; jodoRps: number } | undefined): string {
  const summary = results.map((r) => {
    const h = r.held;
    return `| push, ${configName(r.config)} | **${h ? h.agents : 'none'}** | ${h ? fixed(h.jodoRps, 1) : '-'} | ${h ? fixed(h.jodoRps / (h.agents / 1000), 2) : '-'} | ${h ? fixed(h.p99) : '-'} | ${h ? h.gatewayCpu.map((c) => `${fixed(c)}%`).join(' + ') : '-'} | ${h ? fixed(h.kBPerStream, 1) : '-'} |`;
  });
  const pollRow = polling ? [`| polling (above), ${polling.name} | **${polling.agents}** | ${fixed(polling.jodoRps)} | ${fixed(polling.jodoRps / (polling.agents / 1000))} | (p99 of a poll under 100 ms) | - | - |`] : [];
  const tables = results.map((r) => {
    const rows = r.rows.map(
      (row) =>
        `| ${row.agents} | ${row.changes} | ${fixed(row.p50)} | ${fixed(row.p95)} | ${fixed(row.p99)} | ${fixed(row.max)} | ${row.errors}${row.errors ? ` (${row.errorKinds})` : ''} | ${fixed(row.jodoRps, 1)} | ${row.gatewayCpu.map((c) => `${fixed(c)}%`).join(' + ')} | ${fixed(row.redisCpu)}${Number.isFinite(row.redisCpu) ? '%' : ''} | ${fixed(row.sandboxCpu)}% | ${row.rssMb.map((m) => fixed(m)).join(' + ')} | ${fixed(row.kBPerStream, 1)} | ${fixed(row.kBPerHour)} |`,
    );
    const failed = r.rows.find((row) => row !== r.held && (row.p99 > PUSH_LATENCY_LIMIT_MS || row.errors));
    const last = r.rows.at(-1);
    const limit = failed
      ? `At ${failed.agents} agents the step failed (${failed.errors ? `${failed.errors} errors: ${failed.errorKinds}` : `p99 ${fixed(failed.p99)} ms`}), with the gateway${r.config.replicas > 1 ? 's' : ''} at ${failed.gatewayCpu.map((c) => `${fixed(c)}%`).join(' + ')} of a core and the sandbox at ${fixed(failed.sandboxCpu)}%.`
      : `Every step held: what limits the figure is the step list${r.config.replicas === 1 ? ", which for one process stops at 19,500 streams, below the machine's 20,000 open files per process" : ''}. At ${last?.agents ?? 0} agents the gateway${r.config.replicas > 1 ? 's' : ''} used ${last?.gatewayCpu.map((c) => `${fixed(c)}%`).join(' + ') ?? '-'} of a core: the streams are far from the CPU's limit; the changes' latency is the wait for the next round (up to the 1 s interval) plus the round itself (Jodo's answers to up to ${Math.ceil((last?.agents ?? 0) / 1000)} requests of 1,000 logins, ${fixed(last?.sandboxCpu ?? NaN)}% of a core for the sandbox) and the delivery.`;
    return `### push, ${configName(r.config)}

${fixed(r.seconds)} s for this configuration. ${r.held ? `**${r.held.agents} agents held.**` : '**No step held.**'} ${limit}

| agents | changes | p50 ms | p95 ms | p99 ms | max ms | errors | Jodo userStatus/s | gateway CPU | Redis CPU | sandbox CPU | gateway RSS MB | kB per stream | kB per stream-hour |
|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|
${rows.join('\n')}
`;
  });
  return `## Push: agents holding event streams

Method: each agent holds the gateway's event stream for its own login (\`GET /jodo/events?logins=<own>&confirm=${CONFIRM_MS}\`, its own session and connection, told of good rounds every ${CONFIRM_MS / 1000} s as the toolbar asks at its default poll interval), from processes of agents forked by the bench (at most ${PER_PROCESS} streams each: this machine allows 20,000 open files per process, which also caps one gateway process at about 19,900 streams). With two replicas agent i holds its stream on replica i % 2. The sandbox runs without its dialer. Each step opens streams up to its count, waits ${options.warmupMs / 1000} s, then for ${options.measureMs / 1000} s changes ${options.changesPerSecond} random agents' states a second (Ready ↔ Talking, through the sandbox's control API), timing each from sending the change to its agent's stream carrying it. A step holds with the changes' p99 within ${PUSH_LATENCY_LIMIT_MS / 1000} s and no error (a stream refused, cut or ended by the gateway, another agent's state on it, a change not carried within 10 s, a stream that never showed its state). The gateway polls Jodo every second (\`--events-interval 1\`, the default), so a change waits half a second for the next round on average and up to one, plus the round itself. "Jodo userStatus/s": requests the sandbox answered per second over the window, for every agent; "kB per stream": the gateways' resident memory over theirs before any stream, divided by the streams; "kB per stream-hour": what one stream carried (status events, the end of every round, heartbeats), per hour.

| mode, configuration | agents held | Jodo userStatus/s | per 1,000 agents | p99 ms at held | gateway CPU at held | kB per stream |
|---|---:|---:|---:|---:|---:|---:|
${[...summary, ...pollRow].join('\n')}

${tables.join('\n')}`;
}
