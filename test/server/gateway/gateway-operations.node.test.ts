/**
 * What an operator runs the gateway by: health and readiness probes, the
 * Prometheus metrics, and the log: one line per request, with nothing in it
 * that is anyone's secret or a customer's.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { AgentStates } from '../../../src/api/codes.js';
import { REQUEST_LINE_DELAY_MS } from '../../../src/server/gateway/request-log.js';
import { KEY, clientFor, rawPost, signIn, startGateway, withSandboxAndGateway, type RunningGateway } from '../../helpers/gateway-server.js';
import { startRedis, type RunningRedis } from '../../helpers/redis-server.js';
import { startSandbox, type RunningSandbox } from '../../helpers/sandbox-server.js';

const SECRET = 'an-operations-test-secret-of-48-characters-long!';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function readyz(gateway: RunningGateway, headers: Record<string, string> = {}) {
  const response = await fetch(`${gateway.origin}/jodo/readyz`, { headers });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Polls readyz until it answers `status` (readiness is worked out at most once a second). */
async function readyzBecomes(gateway: RunningGateway, status: number, withinMs: number) {
  const started = Date.now();
  for (;;) {
    const answer = await readyz(gateway);
    if (answer.status === status) return { ...answer, afterMs: Date.now() - started };
    assert.ok(Date.now() - started < withinMs, `readyz still ${answer.status} ${JSON.stringify(answer.body)} after ${withinMs} ms`);
    await sleep(100);
  }
}

describe('health, readiness and metrics on Redis', () => {
  let redis: RunningRedis;
  let sandbox: RunningSandbox;
  let gateway: RunningGateway;
  before(async () => {
    redis = await startRedis();
    sandbox = await startSandbox();
    gateway = await startGateway({ upstream: sandbox.endpoint, redis: redis.url, secret: SECRET, redisPrefix: 'ops:', rateLimit: { limit: 5, windowMs: 60_000 } });
    assert.ok(await gateway.gateway.state.ready(5000));
  });
  after(async () => {
    await gateway.close();
    await sandbox.close();
    await redis.stop();
  });

  test('healthz and readyz answer probes by any host name; nothing else does', async () => {
    assert.deepEqual(await readyz(gateway), { status: 200, body: { ok: true, store: 'ok', jodo: 'ok' } });
    const strict = await startGateway({ upstream: sandbox.endpoint, publicOrigins: ['https://crm.example.com'] });
    try {
      // A probe comes by the pod's address, not the public name.
      const statusFor = (path: string) =>
        new Promise<number>((resolve, reject) =>
          request(`${strict.origin}${path}`, { headers: { host: '10.1.2.3:8788' } }, (res) => (res.resume(), resolve(res.statusCode ?? 0))).on('error', reject).end(),
        );
      assert.equal(await statusFor('/jodo/healthz'), 200);
      assert.equal(await statusFor('/jodo/readyz'), 200);
      assert.equal(await statusFor('/jodo/session'), 421, 'every other route still checks the host');
    } finally {
      await strict.close();
    }
  });

  test('readyz names the store when Redis is away, and is ready again soon after Redis returns; healthz stays up', async () => {
    await redis.kill();
    const down = await readyzBecomes(gateway, 503, 3000);
    assert.deepEqual(down.body, { ok: false, store: 'unreachable', jodo: 'ok' });
    assert.equal((await fetch(`${gateway.origin}/jodo/healthz`)).status, 200, 'the process itself is alive');
    await redis.restart();
    const up = await readyzBecomes(gateway, 200, 5000);
    assert.ok(up.afterMs < 5000);
    assert.match(await gateway.gateway.metrics.registry.getSingleMetricAsString('jodo_gateway_store_errors_total'), /jodo_gateway_store_errors_total [1-9]/);
  });

  test('metrics count requests by method and outcome, replays, rate limits, Jodo\u2019s time and live sessions', async () => {
    const metric = (name: string) => gateway.gateway.metrics.registry.getSingleMetricAsString(name);
    const session = await signIn(gateway, 'user1');
    const host = {};
    await sandbox.control('/sandbox/agents/state', { login: 'user1', currentstatus: AgentStates.Wrapup });
    const write = { method: 'saveDisposition', login: 'user1', dispomasterid: 1, disporeasonid: 2, contactvalue: '7507959484' };
    assert.equal((await rawPost(gateway, session, { method: 'userStatus', loginids: ['user1'] }, host)).status, 200);
    assert.equal((await rawPost(gateway, 'jodo_session=nobody', { method: 'userStatus', loginids: ['user1'] }, host)).status, 401);
    const key = { ...host, 'idempotency-key': `metrics-write-${Date.now()}` };
    assert.equal((await rawPost(gateway, session, write, key)).status, 200);
    const replay = await rawPost(gateway, session, write, key);
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    let limited = 0;
    for (let i = 0; i < 5; i++) if ((await rawPost(gateway, session, { method: 'userStatus', loginids: ['user1'] }, host)).status === 429) limited++;
    assert.ok(limited >= 1, 'the limit of 5 a minute bit');

    const requests = await metric('jodo_gateway_requests_total');
    assert.match(requests, /jodo_gateway_requests_total\{method="userStatus",outcome="ok"\} [1-9]/);
    assert.match(requests, /jodo_gateway_requests_total\{method="jodo",outcome="unauthenticated"\} 1/);
    assert.match(requests, /jodo_gateway_requests_total\{method="saveDisposition",outcome="ok"\} 2/);
    assert.match(requests, /jodo_gateway_requests_total\{method="jodo",outcome="rate-limited"\} [1-9]/);
    assert.match(await metric('jodo_gateway_idempotent_replays_total'), /jodo_gateway_idempotent_replays_total 1\b/);
    assert.match(await metric('jodo_gateway_rate_limited_total'), new RegExp(`jodo_gateway_rate_limited_total ${limited}\\b`));
    assert.match(await metric('jodo_gateway_jodo_duration_seconds'), /jodo_gateway_jodo_duration_seconds_count\{method="saveDisposition"\} 1\b/);
    assert.match(await metric('jodo_gateway_sessions_active'), /jodo_gateway_sessions_active [1-9]/);
    assert.doesNotMatch(requests, /user1|7507959484/, 'no login or value as a label');
  });

  test('readyz names Jodo when it does not answer, and says when the gateway is shutting down', async () => {
    const lonely = await startGateway({ upstream: 'http://127.0.0.1:9/nowhere', upstreamTimeoutMs: 1000 });
    try {
      assert.deepEqual(await readyz(lonely), { status: 503, body: { ok: false, store: 'ok', jodo: 'unreachable' } });
    } finally {
      await lonely.close();
    }
    gateway.gateway.drain();
    assert.deepEqual(await readyz(gateway), { status: 503, body: { ok: false, store: 'ok', jodo: 'ok', draining: true } });
  });
});

describe('the log', () => {
  let sandbox: RunningSandbox;
  let gateway: RunningGateway;
  withSandboxAndGateway((running) => ({ sandbox, gateway } = running));
  /** Request lines are written together, at most REQUEST_LINE_DELAY_MS after their answers. */
  const linesWritten = () => new Promise((resolve) => setTimeout(resolve, REQUEST_LINE_DELAY_MS + 100));
  const requestLines = () => gateway.logs.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line['msg'] === 'request');

  test("request lines are written together within the delay, each with its answer's end; closing writes those still waiting", async () => {
    const cookie = await signIn(gateway, 'user1');
    await linesWritten();
    const before = requestLines().length;
    const sentAt = Date.now();
    const ids: (string | null)[] = [];
    for (let i = 0; i < 3; i++) {
      const answer = await rawPost(gateway, cookie, { method: 'userStatus', loginids: ['user1'] });
      assert.equal(answer.status, 200);
      ids.push(answer.headers.get('x-request-id'));
    }
    const answeredAt = Date.now();
    await linesWritten();
    const written = requestLines().slice(before);
    assert.deepEqual(written.map((line) => line['reqId']), ids);
    for (const line of written) {
      assert.ok(Number(line['at']) >= sentAt && Number(line['at']) <= answeredAt, `at ${line['at']} is when the answer ended`);
      assert.ok(Number(line['time']) >= Number(line['at']), 'time: when the line was written');
    }

    // A gateway closed with lines waiting writes them.
    let lastId: string | null = null;
    const closing = await startGateway({ upstream: sandbox.endpoint });
    try {
      const closingCookie = await signIn(closing, 'user1');
      await linesWritten(); // the sign-in's line: no wait is under way when the request's line starts one
      const answer = await rawPost(closing, closingCookie, { method: 'userStatus', loginids: ['user1'] });
      assert.equal(answer.status, 200);
      lastId = answer.headers.get('x-request-id');
      assert.ok(!closing.logs.some((line) => line.includes(`"reqId":"${lastId}"`)), 'the line waits');
    } finally {
      await closing.close();
    }
    assert.ok(closing.logs.some((line) => line.includes(`"reqId":"${lastId}"`)), 'the waiting line was written by close');
  });

  test('one line per request, and after a whole call and a failed sign-in no secret and no customer data in any', async () => {
    const cookie = await signIn(gateway, 'user1');
    const client = clientFor(gateway, cookie);
    const call = (await (await fetch(`${sandbox.origin}/sandbox/calls`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'user1', mobilenumber: '7507959484', servicekey: 'VoiceProcess' }) })).json()) as { systemcallid: string };
    const customer = await client.getProcessData({ searchparam: 'mobilenumber', mobilenumber: ['7507959484'] });
    // The record's words (names, e-mail): its codes, such as leadstatus 1001, are no one's data and can turn up in an id.
    const names = customer.data.records.flatMap((record) => Object.values(record)).filter((value): value is string => typeof value === 'string' && value.length > 3 && /[A-Za-z]/.test(value));
    const recording = await client.customerRecording({ servicekey: 'VoiceProcess', systemcallid: call.systemcallid });
    assert.equal((await fetch(`${gateway.origin}${recording.data.recordingUrl}`, { headers: { cookie } })).status, 200);
    const remarks = 'Customer asked about policy 4471-SECRET, call back after six';
    await client.saveDisposition({ login: 'user1', dispomasterid: 1, disporeasonid: 2, contactvalue: '7507959484', remarks });
    const failed = await fetch(`${gateway.origin}/jodo/session`, { method: 'POST', body: new URLSearchParams({ login: 'mallory', password: 'hunter2-correct-horse' }), redirect: 'manual' });
    assert.equal(failed.status, 401);
    const bearer = await rawPost(gateway, '', { method: 'userStatus', loginids: ['user1'] }, { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2VjcmV0LXNpZ25hdHVyZQ' });
    assert.equal(bearer.status, 401);

    await linesWritten();
    const lines = gateway.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
    const requests = lines.filter((line) => line['msg'] === 'request');
    assert.ok(requests.length >= 6, `a line per request: ${requests.length}`);
    for (const line of requests) {
      assert.match(String(line['reqId']), /^[0-9a-f-]{36}$/);
      assert.equal(typeof line['outcome'], 'string');
    }
    const wrapUp = requests.find((line) => line['method'] === 'saveDisposition')!;
    assert.equal(wrapUp['login'], 'user1');
    assert.equal(wrapUp['outcome'], 'ok');
    assert.ok(Number(wrapUp['jodoMs']) > 0, 'the time Jodo took');
    // The key, the session id, a password, a token's signature, the remarks, the customer's number and record.
    const secrets = [KEY, cookie.split('=')[1]!, 'hunter2-correct-horse', 'c2VjcmV0LXNpZ25hdHVyZQ', '4471-SECRET', '7507959484', ...names];
    for (const text of gateway.logs) {
      for (const secret of secrets) assert.ok(!text.includes(secret), `${JSON.stringify(secret)} is in the log: ${text}`);
    }
  });

  test('an X-Request-Id of a sane shape is kept, anything else replaced, and either is sent back', async () => {
    const cookie = await signIn(gateway, 'user1');
    const kept = await rawPost(gateway, cookie, { method: 'userStatus', loginids: ['user1'] }, { 'x-request-id': 'lb-7f3a:0001' });
    assert.equal(kept.headers.get('x-request-id'), 'lb-7f3a:0001');
    const replaced = await rawPost(gateway, cookie, { method: 'userStatus', loginids: ['user1'] }, { 'x-request-id': '<script>alert(1)</script>' });
    assert.match(replaced.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
    await linesWritten();
    const ids = gateway.logs.map((line) => JSON.parse(line) as Record<string, unknown>).map((line) => line['reqId']);
    assert.ok(ids.includes('lb-7f3a:0001'));
    assert.ok(ids.includes(replaced.headers.get('x-request-id')));
    assert.ok(!gateway.logs.some((line) => line.includes('<script>')));
    // On a refusal, and on the gateway's other routes, too.
    const refused = await rawPost(gateway, 'jodo_session=nobody', { method: 'userStatus', loginids: ['user1'] }, { 'x-request-id': 'lb-7f3a:0002' });
    assert.deepEqual([refused.status, refused.headers.get('x-request-id')], [401, 'lb-7f3a:0002']);
    const session = await fetch(`${gateway.origin}/jodo/session`, { headers: { cookie, 'x-request-id': 'lb-7f3a:0003' } });
    assert.deepEqual([session.status, session.headers.get('x-request-id')], [200, 'lb-7f3a:0003']);
    const health = await fetch(`${gateway.origin}/jodo/healthz`);
    assert.match(health.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
  });
});
