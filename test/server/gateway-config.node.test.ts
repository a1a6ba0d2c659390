import assert from 'node:assert/strict';
import { test } from 'node:test';
import { USAGE, readGatewayConfig } from '../../src/server/cli/gateway-config.js';

const read = (argv: string[]) => readGatewayConfig(argv, {});

test('--upstream-timeout takes seconds (15 unless given), more than 0 and at most 600, and USAGE names it', () => {
  const seconds = (argv: string[]) => {
    const result = read(argv);
    assert.ok('config' in result, JSON.stringify(result));
    return result.config.upstreamTimeoutSeconds;
  };
  assert.equal(seconds([]), 15);
  assert.equal(seconds(['--upstream-timeout', '2']), 2);
  assert.equal(seconds(['--upstream-timeout', '0.5']), 0.5);
  for (const [value, error] of [
    ['0', '--upstream-timeout must be more than 0 seconds'],
    ['601', '--upstream-timeout must be at most 600 seconds'],
    ['soon', '--upstream-timeout must be a number of seconds'],
  ]) {
    assert.deepEqual(read(['--upstream-timeout', value!]), { errors: [error] }, value);
  }
  assert.match(USAGE, /\[--upstream-timeout 15\]/);
});
