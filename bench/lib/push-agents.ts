/**
 * One process of push-load.ts's agents: it holds their event streams and
 * changes their states in the sandbox, timing each change until the agent's
 * stream carries it. A process holds at most about 10,000 streams (each a
 * socket, and this machine allows 20,000 open files per process), so the
 * bench forks several and sums what they report. Driven over IPC:
 *
 * - `{ type: 'grow', agents: [{ i, login, cookie, gateway }] }` opens these
 *   streams, answered `{ type: 'grown', open }` once each is ready (or failed);
 * - `{ type: 'window', ms, changesPerSecond, sandbox }` makes changes for `ms`,
 *   waits for the last ones, answered with the window's `latencies`, `errors`,
 *   `changes` and `bytes` (what its streams carried meanwhile).
 */
import http from 'node:http';

const CHANGE_TIMEOUT_MS = 10_000;
/** How often a stream is told of good rounds: the toolbar's default poll interval, as its streams ask. */
export const CONFIRM_MS = 5000;
/** Streams opened at once (then waited for), so the gateway's accept queue never overflows. */
const OPEN_BATCH = 250;
/** The states a change alternates between: Ready and Talking. */
const READY = 1;
const TALKING = 5;

export interface AgentSpec {
  i: number;
  login: string;
  cookie: string;
  /** The replica's origin, `http://127.0.0.1:PORT`. */
  gateway: string;
}

export type ToAgents = { type: 'grow'; agents: AgentSpec[] } | { type: 'window'; ms: number; changesPerSecond: number; sandbox: string } | { type: 'close' };

export type FromAgents =
  | { type: 'grown'; open: number; errors: Record<string, number> }
  /** `live`: streams that have shown their agent's state and were not cut. */
  | { type: 'window'; latencies: number[]; errors: Record<string, number>; changes: number; bytes: number; seconds: number; live: number };

interface Stream {
  login: string;
  state: number | undefined;
  /** The change awaited on this stream: the state and when it was asked for. */
  pending?: { state: number; at: number };
  bytes: number;
  request: http.ClientRequest;
  closing: boolean;
  cut: boolean;
}

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

const streams: Stream[] = [];
let errors = new Map<string, number>();
let latencies: number[] = [];
const error = (kind: string) => errors.set(kind, (errors.get(kind) ?? 0) + 1);

function heard(stream: Stream, block: string) {
  const data = block.slice(block.indexOf('data: ') + 6).split('\n')[0]!;
  const { agent } = JSON.parse(data) as { agent: { login: string; state: number } };
  if (agent.login.toLowerCase() !== stream.login.toLowerCase()) return error("another agent's state");
  stream.state = agent.state;
  if (stream.pending && agent.state === stream.pending.state) {
    latencies.push(performance.now() - stream.pending.at);
    delete stream.pending;
  }
}

/** Opens an agent's stream; resolves once it is ready (or failed). */
function open({ login, cookie, gateway }: AgentSpec): Promise<void> {
  const base = new URL(gateway);
  return new Promise((resolve) => {
    const stream: Stream = { login, state: undefined, bytes: 0, closing: false, cut: false, request: undefined as never };
    streams.push(stream);
    let buffer = '';
    let ready = false;
    const settle = () => {
      if (ready) return;
      ready = true;
      resolve();
    };
    const request = http.get({ host: base.hostname, port: base.port, path: `/jodo/events?logins=${encodeURIComponent(login)}&confirm=${CONFIRM_MS}`, headers: { cookie, accept: 'text/event-stream' }, agent: false }, (res) => {
      if (res.statusCode !== 200) {
        error(`HTTP ${res.statusCode}`);
        res.resume();
        return settle();
      }
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        stream.bytes += Buffer.byteLength(chunk);
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.includes('event: ready')) settle();
          else if (block.includes('event: status')) heard(stream, block);
          else if (block.includes('event: end')) error('ended by the gateway');
        }
      });
    });
    stream.request = request;
    request.on('error', () => undefined);
    request.on('close', () => {
      settle();
      if (stream.closing) return;
      stream.cut = true;
      error('cut');
    });
  });
}

/** Changes not carried within CHANGE_TIMEOUT_MS count as errors, and are dropped. */
function expire(): void {
  const before = performance.now() - CHANGE_TIMEOUT_MS;
  for (const stream of streams) {
    if (stream.pending && stream.pending.at < before) {
      error('a change not carried within 10 s');
      delete stream.pending;
    }
  }
}

const control = new http.Agent({ keepAlive: true, maxSockets: 8 });
/** Sets agent `login`'s state in the sandbox through its control API. */
function setState(sandbox: string, login: string, currentstatus: number): Promise<void> {
  const body = JSON.stringify({ login, currentstatus });
  return new Promise((resolve, reject) => {
    const req = http.request(new URL('/sandbox/agents/state', sandbox), { method: 'POST', agent: control, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const bytes = () => streams.reduce((sum, s) => sum + s.bytes, 0);

async function window(ms: number, changesPerSecond: number, sandbox: string): Promise<FromAgents> {
  errors = new Map();
  latencies = [];
  const from = bytes();
  const at = performance.now();
  let changes = 0;
  const gap = 1000 / changesPerSecond;
  while (performance.now() - at < ms) {
    const stream = streams[Math.floor(Math.random() * streams.length)];
    if (stream && !stream.pending && stream.state !== undefined) {
      const next = stream.state === READY ? TALKING : READY;
      stream.pending = { state: next, at: performance.now() };
      changes++;
      // Once more on failure: a kept-alive connection the sandbox closed while idle fails its first reuse.
      void setState(sandbox, stream.login, next)
        .catch(() => setState(sandbox, stream.login, next))
        .catch(() => {
          error('the bench could not change a state');
          delete stream.pending;
        });
    }
    expire();
    await sleep(gap);
  }
  const seconds = (performance.now() - at) / 1000;
  const carried = bytes() - from;
  // The last changes are given their time to arrive before the window is judged.
  const deadline = performance.now() + CHANGE_TIMEOUT_MS + 100;
  while (streams.some((s) => s.pending) && performance.now() < deadline) await sleep(50);
  expire();
  const live = streams.filter((s) => s.state !== undefined && !s.cut).length;
  return { type: 'window', latencies, errors: Object.fromEntries(errors), changes, bytes: carried, seconds, live };
}

// Only as a forked process (push-load.ts imports this module's types and constant too).
if (process.send) process.on('message', (message: ToAgents) => {
  const reply = (answer: FromAgents) => process.send!(answer);
  if (message.type === 'grow') {
    void (async () => {
      for (let k = 0; k < message.agents.length; k += OPEN_BATCH) await Promise.all(message.agents.slice(k, k + OPEN_BATCH).map(open));
      reply({ type: 'grown', open: streams.length, errors: Object.fromEntries(errors) });
      errors = new Map();
    })();
  } else if (message.type === 'window') {
    void window(message.ms, message.changesPerSecond, message.sandbox).then(reply);
  } else {
    for (const stream of streams) {
      stream.closing = true;
      stream.request.destroy();
    }
    control.destroy();
    process.disconnect();
  }
});
