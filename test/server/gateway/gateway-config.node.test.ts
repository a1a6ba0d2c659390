/** The gateway command's settings: every wrong or missing one named on a line of its own, before anything listens. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { USAGE, readGatewayConfig } from '../../../src/server/cli/gateway-config.js';

const SECRET = 'x'.repeat(40);
const errorsOf = (argv: string[], env: Record<string, string> = {}) => {
  const read = readGatewayConfig(argv, env);
  return 'errors' in read ? read.errors : [];
};
const configOf = (argv: string[], env: Record<string, string> = {}) => {
  const read = readGatewayConfig(argv, env);
  assert.ok('config' in read, JSON.stringify(read));
  return read.config;
};

test('defaults: the in-process sandbox, SQLite, no metrics port, info logs', () => {
  const config = configOf([]);
  assert.equal(config.port, 8788);
  assert.equal(config.host, '127.0.0.1');
  assert.equal(config.upstream, undefined);
  assert.equal(config.redis, undefined);
  assert.equal(config.apikey, undefined, 'no key of its own: the sandbox in this process has its fixture\u2019s (startGatewayServer)');
  assert.equal(config.metricsPort, undefined);
  assert.equal(config.logLevel, 'info');
  assert.equal(config.shutdownTimeoutSeconds, 10);
});

test('flags win over the environment; JODO_REDIS_URL, JODO_METRICS_PORT and JODO_LOG_LEVEL are read', () => {
  const env = { JODO_APIKEY: 'org', JODO_GATEWAY_SECRET: SECRET, JODO_REDIS_URL: 'redis://127.0.0.1:6379', JODO_METRICS_PORT: '9100', JODO_LOG_LEVEL: 'warn' };
  const config = configOf(['--upstream', 'https://jodo.example/ws', '--rate-limit', '30'], env);
  assert.equal(config.redis, 'redis://127.0.0.1:6379');
  assert.equal(config.metricsPort, 9100);
  assert.equal(config.logLevel, 'warn');
  assert.equal(config.rateLimit, 30);
  assert.equal(configOf(['--upstream', 'https://jodo.example/ws', '--redis', 'rediss://cache:6380', '--log-level', 'debug'], env).redis, 'rediss://cache:6380');
});

test('every wrong or missing setting is its own line', () => {
  const errors = errorsOf(
    ['--port', 'eighty', '--upstream', 'ftp://jodo', '--redis', 'http://cache', '--metrics-port', '70000', '--rate-limit', '0', '--log-level', 'loud', '--public-origin', 'https://crm.example.com/path', '--shutdown-timeout=-1'],
    { JODO_GATEWAY_SECRET: 'short' },
  );
  for (const expected of [/--port must be a port number/, /--upstream must be a http or https URL/, /--redis .* must be a redis or rediss URL/, /--metrics-port .* from 0 to 65535/, /--rate-limit must be at least 1/, /--log-level must be one of/, /--public-origin must be an origin/, /--shutdown-timeout must not be negative/, /JODO_GATEWAY_SECRET must be at least 32 characters/]) {
    assert.ok(errors.some((line) => expected.test(line)), `${expected}: ${errors.join(' | ')}`);
  }
  for (const line of errors) assert.ok(!line.includes('\n'), 'one line each');
});

test('what replicas need: an organisation key for a real Jodo, a shared secret for Redis, a real Jodo behind Redis', () => {
  assert.deepEqual(errorsOf(['--upstream', 'https://jodo.example/ws']), ['the organisation key is missing: pass --key-file PATH or set JODO_APIKEY']);
  assert.deepEqual(errorsOf(['--upstream', 'https://jodo.example/ws', '--redis', 'redis://cache'], { JODO_APIKEY: 'org' }), ['JODO_GATEWAY_SECRET is missing: with --redis every replica needs the same secret']);
  assert.deepEqual(errorsOf(['--redis', 'redis://cache'], { JODO_GATEWAY_SECRET: SECRET }), ['--redis needs --upstream: replicas share a Jodo, not a sandbox inside one of them']);
  assert.deepEqual(errorsOf(['--port', '9000', '--metrics-port', '9000']), ['--metrics-port must differ from --port: metrics are never served on the public origin']);
  assert.deepEqual(errorsOf(['--key-file', '/nonexistent/jodo.key']), ['--key-file /nonexistent/jodo.key cannot be read']);
  assert.deepEqual(errorsOf(['--no-such-flag']).length, 1);
});

test('the command stops with exit code 2 and a line per problem, before it listens', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/cli/gateway.ts', '--port', 'x', '--redis', 'redis://cache', '--upstream', 'https://jodo.example/ws'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, JODO_APIKEY: 'org', JODO_GATEWAY_SECRET: '', JODO_REDIS_URL: '' },
  });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.stdout.on('data', (d) => (stdout += d));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  assert.equal(code, 2);
  assert.match(stderr, /^gateway: --port must be a port number$/m);
  assert.match(stderr, /^gateway: JODO_GATEWAY_SECRET is missing: with --redis every replica needs the same secret$/m);
  assert.match(stderr, /^usage: npm run gateway/m);
  assert.doesNotMatch(stdout, /listening on/);
});

test('--events-interval takes seconds (1 unless given), from 0.1 to 60, and USAGE names it', () => {
  assert.equal(configOf([]).eventsIntervalSeconds, 1);
  assert.equal(configOf(['--events-interval', '0.5']).eventsIntervalSeconds, 0.5);
  for (const [value, error] of [
    ['0.05', '--events-interval must be at least 0.1 seconds'],
    ['61', '--events-interval must be at most 60 seconds'],
    ['often', '--events-interval must be a number of seconds'],
  ]) {
    assert.deepEqual(errorsOf(['--events-interval', value!]), [error], value);
  }
  assert.match(USAGE, /\[--events-interval 1\]/);
});

test('--upstream-timeout takes seconds (15 unless given), more than 0 and at most 600, and USAGE names it', () => {
  assert.equal(configOf([]).upstreamTimeoutSeconds, 15);
  assert.equal(configOf(['--upstream-timeout', '2']).upstreamTimeoutSeconds, 2);
  assert.equal(configOf(['--upstream-timeout', '0.5']).upstreamTimeoutSeconds, 0.5);
  for (const [value, error] of [
    ['0', '--upstream-timeout must be more than 0 seconds'],
    ['601', '--upstream-timeout must be at most 600 seconds'],
    ['soon', '--upstream-timeout must be a number of seconds'],
  ]) {
    assert.deepEqual(errorsOf(['--upstream-timeout', value!]), [error], value);
  }
  assert.match(USAGE, /\[--upstream-timeout 15\]/);
});
