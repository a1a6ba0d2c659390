import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { coarseAge, formatAge } from '../../src/format/duration.js';
import { backoffDelay } from '../../src/requests/backoff.js';
import { STALE_AFTER_INTERVALS, isStale, secondsInState, snapshotAge } from '../../src/status/status-hub.js';

describe('backoffDelay', () => {
  it('waits between half the ceiling and the ceiling, the ceiling doubling from the base up to the cap', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 80 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (failures, r) => {
        const ceiling = Math.min(60_000, 2000 * 2 ** (failures - 1));
        const delay = backoffDelay(failures, { baseMs: 2000, maxMs: 60_000, random: () => r });
        assert.ok(delay >= ceiling / 2 && delay <= ceiling, `${failures} failures: ${delay} outside [${ceiling / 2}, ${ceiling}]`);
      }),
    );
  });

  it('spreads toolbars that failed together (jitter), and never waits almost nothing', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(3, { baseMs: 1000, maxMs: 60_000 })));
    assert.ok(delays.size > 10, 'random spread');
    assert.ok(Math.min(...delays) >= 2000);
  });
});

describe('staleness', () => {
  const agent = { login: 'user1', code: 0, ok: true, description: 'Success', state: 1 as const, durationSeconds: 30 };

  it('is current up to three intervals after the answer, stale after', () => {
    const snapshot = { agent, receivedAt: 10_000, intervalMs: 2000, failing: false };
    assert.equal(isStale(snapshot, 10_000 + STALE_AFTER_INTERVALS * 2000), false);
    assert.equal(isStale(snapshot, 10_001 + STALE_AFTER_INTERVALS * 2000), true);
    assert.equal(snapshotAge(snapshot, 12_500), 2500);
  });

  it('is stale at once while polls fail, whatever the age', () => {
    assert.equal(isStale({ agent, receivedAt: 10_000, intervalMs: 2000, failing: true, problem: { kind: 'offline' } }, 10_000), true);
  });

  it('nothing known is not "stale" (it is "connecting")', () => {
    assert.equal(isStale(undefined), false);
    assert.equal(snapshotAge(undefined), undefined);
  });

  it('time in state keeps counting from the answer', () => {
    assert.equal(secondsInState({ agent, receivedAt: 10_000, failing: false }, 15_900), 35);
  });

  it('ages read coarsely', () => {
    const read = (seconds: number) => { const { value, unit } = coarseAge(seconds); return `${value} ${unit}`; };
    assert.deepEqual([0, 59, 60, 3599, 3600, -5, NaN].map(read), ['0 second', '59 second', '1 minute', '59 minute', '1 hour', '0 second', '0 second']);
    // Shown through Intl in the active language (English here): "59 sec. ago".
    assert.equal(formatAge(59, 'en'), new Intl.RelativeTimeFormat('en', { style: 'short' }).format(-59, 'second'));
    assert.equal(formatAge(3600, 'hi'), new Intl.RelativeTimeFormat('hi', { style: 'short' }).format(-1, 'hour'));
  });
});
