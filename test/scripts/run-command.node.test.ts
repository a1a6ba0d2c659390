import { strict as assert } from 'node:assert';
import { test } from 'node:test';
// @ts-expect-error: a plain .mjs script without types
import { run } from '../../scripts/run-command.mjs';

const runCommand = run as (command: string, args: string[], env?: Record<string, string>) => Promise<number>;

test('a command that cannot start settles with 127 instead of hanging the run', async () => {
  const code = await Promise.race([runCommand('jodo-no-such-command-anywhere', []), new Promise((resolve) => setTimeout(() => resolve('hung'), 5000).unref())]);
  assert.equal(code, 127);
});

test("a command's own exit code is passed on, and its environment gets the extra variables", async () => {
  assert.equal(await runCommand(process.execPath, ['-e', 'process.exit(process.env.JODO_RUN_TEST === "yes" ? 3 : 4)'], { JODO_RUN_TEST: 'yes' }), 3);
  assert.equal(await runCommand(process.execPath, ['-e', '']), 0);
});

test('a command killed by a signal counts as a failure', async () => {
  assert.equal(await runCommand(process.execPath, ['-e', 'process.kill(process.pid, "SIGTERM")']), 1);
});
