import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';

test('npm run gateway serves the sandbox behind a signed-in, keyless endpoint and stops cleanly', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/cli/gateway.ts', '--port', '0', '--store', ':memory:', '--db', ':memory:'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, JODO_APIKEY: '', JODO_GATEWAY_SECRET: 'a-secret-for-the-cli-test-0123456789abcdef' },
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  let output = '';
  const base = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      output += d;
      const m = /listening on (http:\/\/\S+)/.exec(output);
      if (m) resolve(m[1]!);
    });
    void exited.then((code) => reject(new Error(`gateway exited with ${code}`)));
  });
  try {
    const origin = new URL(base).origin;
    assert.match(await (await fetch(`${base}/login`)).text(), /dinesh\.s@avhan\.com/);
    const anonymous = (await (await fetch(base, { method: 'POST', body: new URLSearchParams({ data: '{"method":"userStatus","loginids":["user1"]}' }) })).json()) as Record<string, unknown>;
    assert.equal(anonymous['status'], 9401);
    const signIn = await fetch(`${base}/session`, { method: 'POST', body: new URLSearchParams({ login: 'user1', return: '/legacy.html' }), redirect: 'manual' });
    assert.equal(signIn.headers.get('location'), '/legacy.html');
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    const answer = (await (
      await fetch(base, { method: 'POST', headers: { cookie }, body: new URLSearchParams({ data: '{"method":"userStatus","loginids":["user1"]}' }) })
    ).json()) as Record<string, unknown>;
    assert.equal(answer['statuscode'], '001');
    assert.equal((await fetch(`${origin}/sandbox/health`)).status, 200, 'the sandbox runs in the same process');
  } finally {
    child.kill('SIGTERM');
  }
  assert.equal(await exited, 0);
});
