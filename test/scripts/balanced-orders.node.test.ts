import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { balancedOrders } from '../../bench/lib/balanced-orders.js';

test('balancedOrders: every row takes each target once, and each target comes just after each other one equally often', () => {
  for (const n of [2, 3, 4, 5, 6]) {
    const rows = balancedOrders(n);
    const follows = new Map<string, number>();
    for (const row of rows) {
      assert.deepEqual([...row].sort((a, b) => a - b), [...Array(n).keys()], `a row of ${n} is not a permutation: ${row}`);
      for (let j = 1; j < n; j++) follows.set(`${row[j - 1]}>${row[j]}`, (follows.get(`${row[j - 1]}>${row[j]}`) ?? 0) + 1);
    }
    assert.equal(follows.size, n * (n - 1), `with ${n} targets some pair never follows: ${[...follows.keys()]}`);
    assert.equal(new Set(follows.values()).size, 1, `with ${n} targets some pairs follow more often than others`);
  }
});
