/** The support report of `<jodo-diagnostics>`: built from the request log and the outbox, it holds no secret and no customer data. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { JodoClient } from '../../src/api/index.js';
import { buildReport, reportText } from '../../src/elements/diagnostics/report.js';
import { Outbox } from '../../src/outbox/outbox.js';
import { MemoryOutboxStore } from '../../src/outbox/outbox-store.js';
import { RequestLog } from '../../src/requests/request-log.js';

describe('the support report', () => {
  test('holds the facts and no key, token, password, remarks or customer data', async () => {
    const log = new RequestLog();
    const client = new JodoClient({
      endpoint: 'https://jodo.test/CustomerWebServices/handleCustomerWS?apikey=test_org',
      apikey: 'test_org',
      servicekey: 'VoiceProcess',
      headers: { authorization: 'Bearer eyJ.secret-token.sig', cookie: 'jodo_session=s3cr3t-cookie' },
      retries: 0,
      observe: log.record,
      fetch: async (_url, init) => {
        const method = JSON.parse(new URLSearchParams(String(init?.body)).get('data')!).method as string;
        if (method === 'getProcessData') {
          return new Response(JSON.stringify({ method, resdatetime: '2026-11-28 09:00:00', statuscode: '001', statusdesc: 'success', data: [{ name: 'Tanmay K', mobilenumber: '7507959484' }] }));
        }
        if (method === 'addEditUser') return new Response(JSON.stringify({ method, status: 3, statusdesc: 'success', userid: 7 }));
        return new Response(JSON.stringify({ method, resdatetime: '2026-11-28 09:00:01', status: 32, statusdesc: 'Contact 7507959484 (Tanmay K) is on the DNC list' }));
      },
    });
    await client.getProcessData({ searchparam: 'mobilenumber', mobilenumber: '7507959484' });
    await client.addEditUser({ action: 'add', username: 'Asha K', loginid: 'asha.k@crm.example', usertype: 'User', mediadetails: [{ media: 'Voice In' }], newpassword: 'd8578edf8458ce06fbc5bb76a58c5ca4', confirmpassword: 'd8578edf8458ce06fbc5bb76a58c5ca4' } as never).catch(() => undefined);
    const outbox = new Outbox({ client, owner: 'tanmay.k', store: new MemoryOutboxStore() });
    const refused = await outbox.send('saveDisposition', { login: 'tanmay.k', dispomasterid: 1, disporeasonid: 1, contactvalue: '7507959484', remarks: 'Tanmay K wants the gold plan', selecteddatetime: '' });
    assert.equal(refused.status, 'failed');
    // A refused write kept for the agent to fix (as after the form closed), and one waiting.
    const store = new MemoryOutboxStore();
    await store.put({ ...refused.entry, id: 'refused-1', state: 'failed', failure: { kind: 'api', code: 32, description: 'Contact is in DNC list', statusdesc: 'Contact 7507959484 (Tanmay K) is on the DNC list' } });
    await store.put({ ...refused.entry, id: 'queued-1', state: 'queued', attempts: 2, lastProblem: 'Cannot reach Jodo. Check the network connection.' });
    const kept = new Outbox({ owner: 'tanmay.k', store });
    kept.start();
    await new Promise((resolve) => setTimeout(resolve, 20));
    kept.stop();
    assert.equal(kept.entries.length, 2);

    const report = buildReport({ now: Date.now(), login: 'tanmay.k', servicekey: 'VoiceProcess', language: 'en', requests: log, outbox: { entries: kept.entries, persistent: true } });
    const json = JSON.stringify(report);
    const text = reportText(report);
    for (const secret of ['test_org', 'secret-token', 's3cr3t-cookie', 'eyJ', '7507959484', 'Tanmay K', 'gold plan', 'd8578edf', 'Asha', 'asha.k', 'on the DNC list']) {
      assert.ok(!json.includes(secret), `the JSON report holds ${secret}`);
      assert.ok(!text.includes(secret), `the text report holds ${secret}`);
    }
    assert.deepEqual(report.requests.last.map((r) => r.method), ['getProcessData', 'addEditUser', 'saveDisposition']);
    assert.deepEqual(
      report.outbox.entries.map(({ method, state, code, attempts }) => ({ method, state, code, attempts })),
      [
        { method: 'saveDisposition', state: 'queued', code: undefined, attempts: 2 },
        { method: 'saveDisposition', state: 'refused', code: 32, attempts: 0 },
      ],
    );
    assert.match(text, /Requests \(last 3 of 3\)/);
    assert.match(text, /saveDisposition api http 200 code 32/);
  });
});
