/**
 * getProcessData's records, spliced from the JSON they are stored as: the same text as parsing and encoding them again;
 * each with who holds it (`userlogin`, reallocatedata's agent) and its place in calling (`leadstatus`).
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { JodoClient } from '../../../src/api/client.js';
import { LeadStatuses } from '../../../src/api/codes.js';
import { formatJodoDateTime } from '../../../src/api/rules.js';
import { JsonText, encodeJson } from '../../../src/server/http/respond.js';
import { postJodo, startSandbox, type RunningSandbox } from '../../helpers/sandbox-server.js';

const KEYS = { apikey: 'test_org', servicekey: 'VoiceProcess', reqdatetime: '2026-01-05 10:00:00' };
const NOW = new Date(2026, 0, 5, 10, 0, 0);

/** The answer's text, as it came over the wire. */
async function rawAnswer(endpoint: string, request: unknown): Promise<string> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ data: JSON.stringify(request) }),
  });
  return response.text();
}

describe('getProcessData records', () => {
  let running: RunningSandbox;
  before(async () => {
    running = await startSandbox({ now: () => NOW });
  });
  after(() => running.close());

  test('each record is its stored form and storedatetime, byte for byte as JSON.stringify of the parsed form', async () => {
    // Parsed from text so `__proto__` is a plain key, as it is when it arrives over the wire.
    const records = JSON.parse(
      JSON.stringify([
        { customercode: 'T1', name: 'Zoë "Q" \\ O\'Brien\n\u2028', mobilenumber: '9100000001', 10: 'ten', 2: 'two', nested: { a: [1, 2.5, null, true, 1e21] } },
        { customercode: 'T2', storedatetime: '1999-01-01 00:00:00', name: 'a form with a storedatetime of its own' },
        { customercode: 'T3', note: 'storedatetime' },
        {},
      ]).replace('"customercode":"T3"', '"customercode":"T3","__proto__":{"polluted":true}'),
    ) as Record<string, unknown>[];
    const imported = await postJodo(running.endpoint, { method: 'ImportProcessData', ...KEYS, media: 1, updateparam: 'customercode', data: records });
    assert.equal(imported.body['statuscode'], '001');

    const stamp = formatJodoDateTime(NOW);
    const text = await rawAnswer(running.endpoint, { method: 'getProcessData', ...KEYS, searchparam: 'daterange', fromdate: stamp, todate: stamp });
    // What the sandbox answered before it spliced: each stored form parsed, the store's fields set, encoded again.
    const expected = records.map((r) => JSON.stringify({ ...JSON.parse(JSON.stringify(r)), leadstatus: LeadStatuses.FreshCall, storedatetime: stamp }));
    assert.ok(text.includes(`"data":[${expected.join(',')}]`), text);
    const answer = JSON.parse(text) as { data: Record<string, unknown>[] };
    assert.equal(answer.data[1]!['storedatetime'], stamp, 'the stored time replaces a storedatetime of the form, in its place');
    assert.deepEqual(Object.keys(answer.data[1]!), ['customercode', 'storedatetime', 'name', 'leadstatus']);
    assert.deepEqual(answer.data[3], { leadstatus: LeadStatuses.FreshCall, storedatetime: stamp });
    assert.deepEqual(running.logs, []);
  });

  test('by number, the records in the order they were stored', async () => {
    const { body } = await postJodo(running.endpoint, { method: 'getProcessData', ...KEYS, searchparam: 'mobilenumber', mobilenumber: ['9100000001', '7507959484'] });
    assert.deepEqual(
      (body['data'] as Record<string, unknown>[]).map((r) => r['mobilenumber']),
      ['7507959484', '9100000001'],
    );
  });
});

describe('getProcessData: who holds a record, and where it is in calling', () => {
  let running: RunningSandbox;
  before(async () => {
    running = await startSandbox({ now: () => NOW });
  });
  after(() => running.close());
  beforeEach(() => running.control('/sandbox/reset'));

  const recordsOf = async (mobilenumber: string | string[]) => {
    const { body } = await postJodo(running.endpoint, { method: 'getProcessData', ...KEYS, searchparam: 'mobilenumber', mobilenumber });
    assert.equal(body['statuscode'], '001', JSON.stringify(body));
    return body['data'] as Record<string, unknown>[];
  };
  const reallocate = async (contactnumber: string, login: string) => {
    const { body } = await postJodo(running.endpoint, { method: 'reallocatedata', ...KEYS, contactnumber, login });
    assert.equal(body['statuscode'], '001', JSON.stringify(body));
  };
  const storedForms = () => running.sandbox.db.prepare('SELECT fields FROM records ORDER BY id').all();

  test('after reallocatedata, the new agent is the userlogin, as Jodo spells the login', async () => {
    assert.equal((await recordsOf('7507959484'))[0]!['userlogin'], undefined, 'the fixture record is nobody\'s yet');
    const forms = storedForms();
    await reallocate('7507959484', 'tanmay.k');
    assert.equal((await recordsOf('7507959484'))[0]!['userlogin'], 'tanmay.k');
    await reallocate('7507959484', ' USER1 ');
    assert.equal((await recordsOf('7507959484'))[0]!['userlogin'], 'user1');
    assert.deepEqual(storedForms(), forms, 'the stored forms are as imported: only who holds the record changed');
  });

  test('a userlogin the record was imported with gives way to the agent it is reallocated to, in its place', async () => {
    const imported = await postJodo(running.endpoint, {
      method: 'ImportProcessData', ...KEYS, media: 'Email In', updateparam: 'mobilenumber',
      data: [{ name: 'Pinned', userlogin: ' USER10 ', mobilenumber: '9100000077' }],
    });
    assert.equal(imported.body['statuscode'], '001');
    const first = (await recordsOf('9100000077'))[0]!;
    assert.equal(first['userlogin'], 'user10');
    assert.deepEqual(Object.keys(first), ['name', 'userlogin', 'mobilenumber', 'leadstatus', 'storedatetime']);
    await reallocate('9100000077', 'dinesh.s@avhan.com');
    const moved = (await recordsOf('9100000077'))[0]!;
    assert.equal(moved['userlogin'], 'dinesh.s@avhan.com');
    assert.deepEqual(Object.keys(moved), Object.keys(first));
    const other = await recordsOf('7507959484');
    assert.equal(other[0]!['userlogin'], undefined, 'another contact\'s record did not move');
  });

  test('every record carries leadstatus as a number: 1001 (Fresh Call) unless the store says otherwise', async () => {
    await postJodo(running.endpoint, {
      method: 'ImportProcessData', ...KEYS, media: 12, updateparam: 'mobilenumber',
      data: [{ name: 'Own status', mobilenumber: '9100000088', leadstatus: 'anything' }, { name: 'Plain', mobilenumber: '9100000099' }],
    });
    const records = await recordsOf(['7507959484', '9100000088', '9100000099']);
    assert.deepEqual(records.map((r) => r['leadstatus']), [1001, 1001, 1001], 'a leadstatus sent in the form is Jodo\'s to set');
    // The one place a later issue sets it (a messenger process's record waiting for its audio).
    running.sandbox.db.prepare('UPDATE records SET leadstatus = ? WHERE mobilenumber = ?').run(LeadStatuses.AwaitingSpeech, '9100000099');
    assert.deepEqual((await recordsOf('9100000099')).map((r) => r['leadstatus']), [10500]);
  });

  test('the client keeps both fields of the record it is given', async () => {
    await reallocate('7507959484', 'tanmay.k');
    const client = new JodoClient({ endpoint: running.endpoint, apikey: KEYS.apikey, servicekey: KEYS.servicekey, retries: 0 });
    const { data } = await client.getProcessData({ searchparam: 'mobilenumber', mobilenumber: '7507959484' });
    assert.equal(data.records[0]!['leadstatus'], '1001', 'as text, like every value of a record');
    assert.equal(data.records[0]!['userlogin'], 'tanmay.k');
    assert.deepEqual(running.logs, []);
  });
});

describe('encodeJson', () => {
  test('is JSON.stringify for anything without JsonText', () => {
    for (const value of [null, 1, 'a', [1, { b: 2 }], { a: undefined, b: [undefined], c: () => 1, d: 'x' }]) {
      assert.equal(encodeJson(value), JSON.stringify(value));
    }
  });

  test('writes a top-level JsonText as it is, in its place', () => {
    const body = { method: 'getProcessData', data: new JsonText('[{"a":1}]'), skipped: undefined, statusdesc: 'success' };
    assert.equal(encodeJson(body), '{"method":"getProcessData","data":[{"a":1}],"statusdesc":"success"}');
  });
});
