/** The order requests to several targets are sent in, so that none is favoured by the one it follows (bench/gateway.ts). */

/**
 * Orders of `n` targets in which each target comes just after each other one equally often (a Williams
 * design: the rows of a balanced Latin square, with their mirror images when `n` is odd).
 */
export function balancedOrders(n: number): number[][] {
  const first = Array.from({ length: n }, (_, j) => (j % 2 ? (j + 1) / 2 : (n - j / 2) % n));
  const rows = Array.from({ length: n }, (_, i) => first.map((t) => (t + i) % n));
  return n % 2 ? [...rows, ...rows.map((row) => [...row].reverse())] : rows;
}
