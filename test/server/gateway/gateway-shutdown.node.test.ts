/**
 * The gateway command as an orchestrator runs it: metrics on their own port
 * only, and SIGTERM during a request (the request is answered, nothing new
 * is let in, the process exits 0), or past --shutdown-timeout (cut off).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { test } from 'node:test';

interface Cli {
  base: string;
  origin: string;
  metrics: string | undefined;
  stdout: () => string;
  exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): void;
}

/** The gateway command with its in-process sandbox; resolves once its start-up line is out. */
async function startCli(args: string[]): Promise<Cli> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/cli/gateway.ts', '--port', '0', '--store', ':memory:', '--db', ':memory:', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, JODO_APIKEY: '', JODO_REDIS_URL: '', JODO_METRICS_PORT: '', JODO_JWT_JWKS_URL: '', JODO_JWT_PUBLIC_KEY_FILE: '' },
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const started = await new Promise<Record<string, unknown>>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      stdout += d;
      for (const line of stdout.split('\n')) if (line.includes('listening on')) resolve(JSON.parse(line) as Record<string, unknown>);
    });
    void exited.then((code) => reject(new Error(`gateway exited with ${code}: ${stderr}`)));
  });
  const base = /listening on (\S+)/.exec(String(started['msg']))![1]!;
  return { base, origin: new URL(base).origin, metrics: started['metrics'] as string | undefined, stdout: () => stdout, exited, kill: (signal) => child.kill(signal) };
}

/** A request on a connection of its own (no kept-alive one to reuse): its status, or the error's code. */
function freshRequest(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status?: number; text?: string; error?: string }> {
  return new Promise((resolve) => {
    const req = request(url, { method: init.method ?? 'GET', headers: init.headers ?? {}, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, text }));
      res.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    req.end(init.body);
  });
}

async function signIn(cli: Cli): Promise<string> {
  const response = await fetch(`${cli.base}/session`, { method: 'POST', body: new URLSearchParams({ login: 'user1' }), redirect: 'manual' });
  return (response.headers.get('set-cookie') ?? '').split(';')[0]!;
}

/** A userStatus poll that the sandbox holds for `delayMs` before answering. */
async function slowPoll(cli: Cli, cookie: string, delayMs: number) {
  const fault = await fetch(`${cli.origin}/sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ method: 'userStatus', delayMs, times: 1 }) });
  assert.equal(fault.status, 200, await fault.text());
  const body = new URLSearchParams({ data: JSON.stringify({ method: 'userStatus', loginids: ['user1'] }) }).toString();
  return freshRequest(cli.base, { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('metrics are served on --metrics-port only, never on the public port', async () => {
  const cli = await startCli(['--metrics-port', '0']);
  try {
    assert.ok(cli.metrics, 'the start-up line names the metrics address');
    const cookie = await signIn(cli);
    assert.equal((await fetch(cli.base, { method: 'POST', headers: { cookie }, body: new URLSearchParams({ data: '{"method":"userStatus","loginids":["user1"]}' }) })).status, 200);
    const scraped = await fetch(cli.metrics!);
    assert.equal(scraped.status, 200);
    assert.match(scraped.headers.get('content-type') ?? '', /^text\/plain/);
    const text = await scraped.text();
    assert.match(text, /jodo_gateway_requests_total\{method="userStatus",outcome="ok"\} 1/);
    assert.match(text, /jodo_gateway_process_cpu_seconds_total/);
    assert.match(text, /jodo_gateway_nodejs_eventloop_lag_seconds/);
    for (const path of ['/metrics', '/jodo/metrics']) assert.equal((await fetch(`${cli.origin}${path}`)).status, 404, path);
    assert.equal((await fetch(new URL('/other', cli.metrics!))).status, 404);
  } finally {
    cli.kill('SIGTERM');
    assert.equal(await cli.exited, 0);
  }
});

test('SIGTERM during a request: it is answered, no new connection is taken, and the process exits 0', async () => {
  const cli = await startCli([]);
  const cookie = await signIn(cli);
  const started = Date.now();
  const inFlight = slowPoll(cli, cookie, 1500);
  await sleep(300);
  cli.kill('SIGTERM');
  await sleep(300);
  const late = await freshRequest(`${cli.base}/healthz`);
  assert.equal(late.error, 'ECONNREFUSED', `a new connection after SIGTERM: ${JSON.stringify(late)}`);
  const answer = await inFlight;
  assert.equal(answer.status, 200, JSON.stringify(answer));
  assert.equal((JSON.parse(answer.text!) as Record<string, unknown>)['statuscode'], '001');
  assert.ok(Date.now() - started >= 1500, 'answered after the sandbox let it go');
  assert.equal(await cli.exited, 0);
  const messages = cli.stdout().split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { msg: string }).msg);
  assert.ok(messages.includes('shutting down: no new connections, finishing what is in flight'));
  assert.equal(messages.at(-1), 'stopped');
  assert.ok(!messages.includes('requests still in flight at the shutdown deadline were cut off'));
});

test('a request still in flight at --shutdown-timeout is cut off, and the process exits anyway', async () => {
  const cli = await startCli(['--shutdown-timeout', '1']);
  const cookie = await signIn(cli);
  const inFlight = slowPoll(cli, cookie, 10_000);
  await sleep(300);
  const stopping = Date.now();
  cli.kill('SIGTERM');
  assert.equal(await cli.exited, 0);
  assert.ok(Date.now() - stopping < 4000, `exited ${Date.now() - stopping} ms after SIGTERM`);
  assert.ok((await inFlight).error, 'the request was cut off');
  assert.match(cli.stdout(), /requests still in flight at the shutdown deadline were cut off/);
});

test('with --drain-delay, SIGTERM first fails readyz and keeps serving, so the load balancer lets go before the port closes', async () => {
  const cli = await startCli(['--drain-delay', '1.5']);
  const cookie = await signIn(cli);
  assert.equal((await freshRequest(`${cli.base}/readyz`)).status, 200);
  cli.kill('SIGTERM');
  await sleep(300);
  const probe = await freshRequest(`${cli.base}/readyz`);
  assert.equal(probe.status, 503, JSON.stringify(probe));
  assert.equal((JSON.parse(probe.text!) as Record<string, unknown>)['draining'], true);
  const body = new URLSearchParams({ data: JSON.stringify({ method: 'userStatus', loginids: ['user1'] }) }).toString();
  const poll = await freshRequest(cli.base, { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body });
  assert.equal(poll.status, 200, 'still serving while draining');
  assert.equal(await cli.exited, 0);
  assert.match(cli.stdout(), /draining: readyz says 503/);
});
