// node:test reporter that keeps only the run's closing totals, as JSON, for scripts/test.mjs.
export default async function* countReporter(source) {
  const totals = { passed: 0, failed: 0, cancelled: 0, skipped: 0, todo: 0 };
  const names = { pass: 'passed', fail: 'failed', cancelled: 'cancelled', skipped: 'skipped', todo: 'todo' };
  for await (const event of source) {
    if (event.type !== 'test:diagnostic' || event.data.nesting !== 0) continue;
    const m = /^(pass|fail|cancelled|skipped|todo) (\d+)$/.exec(event.data.message);
    if (m) totals[names[m[1]]] = Number(m[2]);
  }
  yield `${JSON.stringify(totals)}\n`;
}
