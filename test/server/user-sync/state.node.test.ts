import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { emptyState, fingerprint, readState, StateFileError, writeState } from '../../../src/server/user-sync/state.js';

const dir = mkdtempSync(join(tmpdir(), 'jodo-state-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('the state file', () => {
  test('a missing file is an empty state; a written one reads back, sorted, owner-only, with no temporary file left', () => {
    const file = join(dir, 'nested', 'state.json');
    assert.deepEqual(readState(file), emptyState());
    const state = { ...emptyState('http://jodo.example/ws'), users: { 'b@x.com': fingerprint({ a: 1 }), 'a@x.com': fingerprint({ a: 2 }) } };
    writeState(file, state);
    assert.deepEqual(readState(file), state);
    assert.deepEqual(Object.keys(JSON.parse(readFileSync(file, 'utf8')).users), ['a@x.com', 'b@x.com']);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(join(dir, 'nested')), ['state.json']);
  });

  test('a file that is not a sync state is refused, never read as empty (deletes are read from it)', () => {
    for (const text of ['{not json', '[]', '{"version":2,"users":{}}', '{"version":1,"users":{"a@x.com":5}}']) {
      const file = join(dir, 'bad.json');
      writeFileSync(file, text);
      assert.throws(() => readState(file), StateFileError, text);
    }
  });

  test('fingerprints ignore key order and absent fields, and see every value', () => {
    assert.equal(fingerprint({ a: 1, b: [{ x: 1, y: 2 }] }), fingerprint({ b: [{ y: 2, x: 1 }], a: 1, c: undefined }));
    assert.notEqual(fingerprint({ a: 1 }), fingerprint({ a: '1' }));
    assert.match(fingerprint({}), /^sha256:[0-9a-f]{64}$/);
  });
});
