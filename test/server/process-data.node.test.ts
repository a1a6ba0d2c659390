/** getProcessData's records, spliced from the JSON they are stored as: the same text as parsing and encoding them again. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { formatJodoDateTime } from '../../src/api/rules.js';
import { JsonText, encodeJson } from '../../src/server/http/respond.js';
import { postJodo, startSandbox, type RunningSandbox } from '../helpers/sandbox-server.js';

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
    // What the sandbox answered before it spliced: each stored form parsed, the stored time set, encoded again.
    const expected = records.map((r) => JSON.stringify({ ...JSON.parse(JSON.stringify(r)), storedatetime: stamp }));
    assert.ok(text.includes(`"data":[${expected.join(',')}]`), text);
    const answer = JSON.parse(text) as { data: Record<string, unknown>[] };
    assert.equal(answer.data[1]!['storedatetime'], stamp, 'the stored time replaces a storedatetime of the form, in its place');
    assert.deepEqual(Object.keys(answer.data[1]!), ['customercode', 'storedatetime', 'name']);
    assert.deepEqual(answer.data[3], { storedatetime: stamp });
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
