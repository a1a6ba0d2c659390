/**
 * The provider's request log: the skew estimate (median, half the round trip, Jodo's whole
 * seconds), the ring of the last 100 requests, and what the client's `observe` hands it.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { JodoApiError, JodoClient, formatJodoDateTime, type JodoExchange } from '../../src/api/index.js';
import { REQUEST_LOG_SIZE, RequestLog, jodoTimeOfInput, median, skewSample } from '../../src/requests/request-log.js';

const T0 = new Date(2026, 10, 28, 9, 0, 0).getTime();
const exchange = (sentAt: number, ms: number, serverTime?: string): JodoExchange => ({
  method: 'userStatus',
  sentAt,
  ms,
  outcome: 'ok',
  httpStatus: 200,
  code: 1,
  ...(serverTime ? { serverTime } : {}),
});

describe('the skew estimate', () => {
  test('median of odd and even counts', () => {
    assert.equal(median([]), undefined);
    assert.equal(median([5, 1, 3]), 3);
    assert.equal(median([4, 1, 3, 2]), 2.5);
  });

  test('one answer: Jodo time (middle of its second) minus the middle of the round trip', () => {
    // Sent at T0, answered 400 ms later; Jodo wrote 09:00:00 -> its clock read 09:00:00.5 at T0 + 200.
    assert.equal(skewSample(exchange(T0, 400, '2026-11-28 09:00:00')), 300);
    // Jodo an hour ahead.
    assert.equal(skewSample(exchange(T0, 0, '2026-11-28 10:00:00')), 3_600_500);
    assert.equal(skewSample(exchange(T0, 100, 'yesterday')), undefined, 'no time, no sample');
    assert.equal(skewSample(exchange(T0, 20_000, '2026-11-28 09:00:00')), undefined, 'too slow to tell');
  });

  test('the median over recent answers shrugs off a slow one; within a second nothing is corrected', () => {
    const log = new RequestLog(() => T0);
    assert.equal(log.skewMs, undefined);
    assert.equal(log.correctionMs, 0);
    // This computer is 2 hours behind Jodo; one answer took 9 s on the way back (its sample is off by 4.5 s).
    const ahead = (at: number) => formatJodoDateTime(new Date(at + 2 * 3_600_000));
    for (const [sentAt, ms] of [[T0, 100], [T0 + 5000, 120], [T0 + 10_000, 9000], [T0 + 20_000, 80], [T0 + 25_000, 100]] as const) {
      log.record(exchange(sentAt, ms, ahead(sentAt + ms / 2)));
    }
    assert.ok(Math.abs(log.skewMs! - 2 * 3_600_000) <= 1000, `about 2 h: ${log.skewMs}`);
    assert.equal(log.correctionMs, log.skewMs);
    assert.equal(log.now().getTime(), T0 + log.skewMs!);
    assert.equal(log.fromJodo(log.toJodo(new Date(T0))).getTime(), T0);
    // "In one hour" by this computer's clock is sent as Jodo's now + 1 h.
    const inOneHour = new Date(T0 + 3_600_000);
    const input = `${formatJodoDateTime(inOneHour).slice(0, 16).replace(' ', 'T')}`;
    assert.equal(jodoTimeOfInput(log, input), formatJodoDateTime(new Date(inOneHour.getTime() + log.correctionMs)));
    assert.equal(jodoTimeOfInput(undefined, input), `${input.replace('T', ' ')}:00`);

    const close = new RequestLog(() => T0);
    close.record(exchange(T0, 200, formatJodoDateTime(new Date(T0 + 100))));
    assert.ok(Math.abs(close.skewMs!) < 1000);
    assert.equal(close.correctionMs, 0, 'within Jodo\'s one-second resolution');
  });

  test("a tab that makes no polls takes the polling tab's estimate, until it has answers of its own", () => {
    const follower = new RequestLog(() => T0);
    let changes = 0;
    follower.addEventListener('change', () => changes++);
    assert.equal(follower.ownSkew, undefined);
    follower.adopt({ skewMs: 7_200_000, samples: 9 });
    follower.adopt({ skewMs: 7_200_000, samples: 9 });
    assert.equal(changes, 1, 'the same estimate again changes nothing');
    assert.equal(follower.skewMs, 7_200_000);
    assert.equal(follower.skewSamples, 9);
    assert.equal(follower.correctionMs, 7_200_000);
    assert.equal(follower.ownSkew, undefined, 'nothing of its own to share');
    // Its own answer wins from then on.
    follower.record(exchange(T0, 100, formatJodoDateTime(new Date(T0 + 60_000))));
    assert.ok(Math.abs(follower.skewMs! - 60_000) <= 1000, `its own: ${follower.skewMs}`);
    assert.deepEqual(follower.ownSkew, { skewMs: follower.skewMs, samples: 1 });
    assert.equal(follower.skewSamples, 1);
  });
});

describe('the request log', () => {
  test('keeps the last 100 requests, oldest first, and counts them all', () => {
    const log = new RequestLog();
    for (let i = 0; i < 130; i++) log.record({ ...exchange(T0 + i, i), outcome: i % 2 ? 'ok' : 'network' });
    assert.equal(log.entries.length, REQUEST_LOG_SIZE);
    assert.equal(log.count, 130);
    assert.deepEqual(log.entries.map((e) => e.sentAt).slice(0, 2), [T0 + 30, T0 + 31]);
    assert.equal(log.entries.at(-1)!.sentAt, T0 + 129);
  });

  test('the client tells it each request: method, outcome, HTTP status, code, ms; never the body or Jodo time', async () => {
    const log = new RequestLog();
    const answers = [
      { status: 200, body: { method: 'userStatus', resdatetime: '2026-11-28 09:00:00', statuscode: '001', statusdata: [{ login: 'user1', status: 3, currentstatus: 1, currentstatusdesc: 'Ready', duration: 3 }] } },
      { status: 200, body: { method: 'saveDisposition', resdatetime: '2026-11-28 09:00:01', status: 32, statusdesc: 'Contact 7507959484 is on the DNC list' } },
      { status: 502, body: 'Bad Gateway' },
    ];
    const client = new JodoClient({
      endpoint: 'https://jodo.test/CustomerWebServices/handleCustomerWS',
      apikey: 'test_org',
      servicekey: 'VoiceProcess',
      retries: 0,
      observe: log.record,
      fetch: async () => {
        const { status, body } = answers.shift()!;
        return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status });
      },
    });
    await client.userStatus({ loginids: ['user1'] });
    await assert.rejects(
      client.saveDisposition({ login: 'tanmay.k', dispomasterid: 1, disporeasonid: 1, contactvalue: '7507959484', remarks: 'Tanmay K wants the gold plan', selecteddatetime: '' }),
      JodoApiError,
    );
    await assert.rejects(client.getProcessData({ searchparam: 'mobilenumber', mobilenumber: '7507959484' }));
    assert.deepEqual(
      log.entries.map(({ method, outcome, httpStatus, code }) => ({ method, outcome, httpStatus, code })),
      [
        { method: 'userStatus', outcome: 'ok', httpStatus: 200, code: 1 },
        { method: 'saveDisposition', outcome: 'api', httpStatus: 200, code: 32 },
        { method: 'getProcessData', outcome: 'http', httpStatus: 502, code: undefined },
      ],
    );
    assert.equal(log.skewSamples, 2);
    for (const entry of log.entries) assert.deepEqual(Object.keys(entry).sort(), Object.keys(entry).filter((k) => ['method', 'sentAt', 'ms', 'outcome', 'httpStatus', 'code'].includes(k)).sort());
  });

  test('an observer that throws never fails a request', async () => {
    const client = new JodoClient({
      endpoint: 'https://jodo.test/x',
      apikey: 'k',
      observe: () => {
        throw new Error('broken observer');
      },
      fetch: async () => new Response(JSON.stringify({ method: 'deleteUser', status: 1, statusdesc: 'success' })),
    });
    assert.equal((await client.deleteUser({ loginid: 'a@b.c' })).code, 1);
  });
});
