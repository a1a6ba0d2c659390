import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { countStates, queryRows, readLogins, teamRows, type TeamRow } from '../../src/elements/team-board/team-view.js';
import { DEFAULT_THRESHOLDS, readThresholds } from '../../src/elements/team-board/thresholds.js';
import type { StatusSnapshot } from '../../src/status/status-hub.js';

const NOW = 1_000_000;
const snapshot = (state: number, durationSeconds: number, receivedAt = NOW, ok = true): StatusSnapshot =>
  ({ agent: { login: 'x', ok, state, durationSeconds }, receivedAt, failing: false }) as unknown as StatusSnapshot;
const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

describe('team board rows', () => {
  test('reads logins from text or a list: trimmed, distinct regardless of case, first spelling kept, at most 1,000', () => {
    assert.deepEqual(readLogins(' a@x.com, B@x.com;b@X.com\n c ').logins, ['a@x.com', 'B@x.com', 'c']);
    assert.deepEqual(readLogins(['u1', '', 'U1', 7, 'u2']).logins, ['u1', 'u2']);
    const many = readLogins(Array.from({ length: 1005 }, (_, i) => `agent${i}`));
    assert.equal(many.logins.length, 1000);
    assert.equal(many.dropped, 5);
    assert.deepEqual(readLogins(undefined), { logins: [], dropped: 0 });
  });

  test('a row per agent: the state, seconds in it ticking since the answer, and whether it is past its threshold', () => {
    const snapshots: Record<string, StatusSnapshot | undefined> = {
      wrap: snapshot(7, 50, NOW - 15_000),
      hold: snapshot(6, 100),
      ready: snapshot(1, 5000),
      ghost: snapshot(0, 0, NOW, false),
    };
    const rows = teamRows(['wrap', 'hold', 'ready', 'ghost', 'new'], (login) => snapshots[login], DEFAULT_THRESHOLDS, NOW);
    assert.deepEqual(
      rows.map(({ login, state, seconds, over, limit }) => ({ login, state, seconds, over, limit })),
      [
        { login: 'wrap', state: 7, seconds: 65, over: true, limit: 60 },
        { login: 'hold', state: 6, seconds: 100, over: false, limit: 120 },
        { login: 'ready', state: 1, seconds: 5000, over: false, limit: undefined },
        { login: 'ghost', state: 'missing', seconds: 0, over: false, limit: undefined },
        { login: 'new', state: 'unknown', seconds: 0, over: false, limit: undefined },
      ],
    );
    const { byState, over } = countStates(rows);
    assert.deepEqual([...byState], [[7, 1], [6, 1], [1, 1], ['missing', 1], ['unknown', 1]]);
    assert.equal(over, 1);
  });

  test('sorts by name (numbers in order), state and time, either way, and filters by state and name', () => {
    const rows: TeamRow[] = [
      { login: 'agent10', state: 1, seconds: 5, over: false },
      { login: 'agent2', state: 7, seconds: 90, over: true },
      { login: 'Ágent3', state: 'unknown', seconds: 0, over: false },
      { login: 'agent1', state: 5, seconds: 30, over: false },
    ];
    const names = (query: Parameters<typeof queryRows>[1]) => queryRows(rows, query, collator).map((row) => row.login);
    assert.deepEqual(names({ sort: 'name', descending: false, search: '' }), ['agent1', 'agent2', 'Ágent3', 'agent10']);
    assert.deepEqual(names({ sort: 'name', descending: true, search: '' }), ['agent10', 'Ágent3', 'agent2', 'agent1']);
    assert.deepEqual(names({ sort: 'state', descending: false, search: '' }), ['agent10', 'agent1', 'agent2', 'Ágent3']);
    assert.deepEqual(names({ sort: 'time', descending: true, search: '' }), ['agent2', 'agent1', 'agent10', 'Ágent3']);
    assert.deepEqual(names({ sort: 'name', descending: false, search: '', state: 7 }), ['agent2']);
    assert.deepEqual(names({ sort: 'name', descending: false, search: 'AGENT3' }), ['Ágent3'], 'case and accents do not matter');
    assert.deepEqual(names({ sort: 'name', descending: false, search: 'nt1' }), ['agent1', 'agent10']);
    assert.equal(rows[0]!.login, 'agent10', 'the input is not reordered');
  });
});

describe('team board thresholds', () => {
  test('by state name in any spelling or by code; null turns one off', () => {
    const { thresholds, warnings } = readThresholds({ 'wrap-up': 30, HOLD: null, '5': 600, 'Manual Call': 10 });
    assert.deepEqual(new Map(thresholds), new Map([[7, 30], [5, 600], [2, 10]]));
    assert.deepEqual(warnings, []);
  });

  test('what cannot be used is named, and the rest still applies; no object means the defaults', () => {
    const { thresholds, warnings } = readThresholds({ Lunch: 5, Hold: 'soon', Wrapup: -1, '12': 3, Talking: 300 });
    assert.deepEqual([...thresholds], [[5, 300]]);
    assert.equal(warnings.length, 4);
    assert.match(warnings.join('\n'), /"Lunch" is not an agent state/);
    assert.match(warnings.join('\n'), /"12" is not an agent state/);
    assert.equal(readThresholds(undefined).thresholds, DEFAULT_THRESHOLDS);
    for (const bad of [5, 'x', [1], null]) {
      const read = readThresholds(bad);
      assert.equal(read.thresholds, DEFAULT_THRESHOLDS);
      assert.equal(read.warnings.length, 1);
    }
  });
});
