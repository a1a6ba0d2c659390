import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { cumulativeLayoutShift } from '../../bench/layout-shift.js';

const shift = (at: number, value: number, input = false) => ({ at, value, input, toolbar: true });

test("cumulativeLayoutShift: Chrome's worst session window, shifts after input left out", () => {
  assert.equal(cumulativeLayoutShift([]), 0);
  // Shifts less than 1 s apart add up; a gap of more than 1 s starts a new window.
  assert.equal(cumulativeLayoutShift([shift(0, 0.1), shift(900, 0.1), shift(2500, 0.15)]), 0.2);
  // A window lasts at most 5 s, however close its shifts.
  assert.equal(cumulativeLayoutShift([0, 800, 1600, 2400, 3200, 4000, 4800, 5600].map((at) => shift(at, 0.1))).toFixed(2), '0.70');
  // Shifts right after the agent's input are theirs, not the page's.
  assert.equal(cumulativeLayoutShift([shift(0, 0.5, true), shift(100, 0.01)]), 0.01);
});
