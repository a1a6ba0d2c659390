import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { postJodo } from '../../helpers/sandbox-server.js';

const CLI = ['--import', 'tsx', 'src/server/cli/sandbox.ts'];

interface Started {
  child: ChildProcess;
  origin: string;
  exited: Promise<{ code: number | null; stderr: string }>;
}

function start(args: string[]): Promise<Started> {
  const child = spawn(process.execPath, [...CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<{ code: number | null; stderr: string }>((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
  child.stderr!.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      stdout += d;
      const m = /listening on (http:\/\/[^\s]+)/.exec(stdout);
      if (m) resolve({ child, origin: m[1]!, exited });
    });
    void exited.then(({ code }) => reject(new Error(`sandbox exited with ${code}: ${stderr}`)));
  });
}

const dir = mkdtempSync(join(tmpdir(), 'jodo-sandbox-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run sandbox', () => {
  test('listens where it says, keeps data in its file across restarts and stops cleanly on SIGTERM', async () => {
    const db = join(dir, 'store', 'sandbox.db');
    const first = await start(['--port', '0', '--db', db, '--no-dialer']);
    const endpoint = `${first.origin}/CustomerWebServices/handleCustomerWS`;
    const dialer = (await (await fetch(`${first.origin}/sandbox/dialer`)).json()) as Record<string, unknown>;
    assert.equal(dialer['running'], false, '--no-dialer starts it paused');
    const added = await postJodo(endpoint, {
      method: 'addEditUser', apikey: 'test_org', action: 'add', username: 'Keeper', loginid: 'keeper@avhan.com',
      usertype: 'User', mediadetails: [{ media: 'Voice In' }],
    });
    assert.equal(added.body['status'], 3);
    first.child.kill('SIGTERM');
    assert.equal((await first.exited).code, 0);

    const second = await start(['--port', '0', '--db', db]);
    const { body } = await postJodo(`${second.origin}/CustomerWebServices/handleCustomerWS`, {
      method: 'userStatus', apikey: 'test_org', servicekey: 'VoiceProcess', loginids: ['keeper@avhan.com'],
    });
    assert.equal((body['statusdata'] as Record<string, unknown>[])[0]!['status'], 3, 'the user added before the restart is still there');
    second.child.kill('SIGINT');
    assert.equal((await second.exited).code, 0);
  });

  test('its store file and write-ahead log are readable by their owner only, a store made earlier included', async () => {
    const mode = (file: string) => statSync(file).mode & 0o777;
    const folder = join(dir, 'private', 'store');
    const fresh = join(folder, 'x.db');
    const earlier = join(dir, 'earlier.db');
    writeFileSync(earlier, ''); // an empty file is an empty SQLite store
    chmodSync(earlier, 0o644);
    for (const db of [fresh, earlier]) {
      const running = await start(['--port', '0', '--db', db, '--no-dialer']);
      try {
        // Loading the fixture wrote to the store: in WAL mode that write is in the -wal file until a checkpoint.
        assert.ok(existsSync(`${db}-wal`), `${db}-wal`);
        assert.equal(mode(db), 0o600, db);
        assert.equal(mode(`${db}-wal`), 0o600, `${db}-wal`);
      } finally {
        running.child.kill('SIGTERM');
        assert.equal((await running.exited).code, 0);
      }
    }
    assert.equal(mode(folder), 0o700, 'the folder it made for the store');
  });

  test('a bad flag or a busy port ends with a clear message, not a stack trace', async () => {
    const bad = await start(['--port', 'eighty']).catch((e: Error) => e);
    assert.ok(bad instanceof Error);
    assert.match(bad.message, /exited with 2: --port must be a number/);
    assert.doesNotMatch(bad.message, /\n\s+at /);
    const badHook = await start(['--port', '0', '--db', ':memory:', '--tts-webhook', 'ftp://tts.example/x']).catch((e: Error) => e);
    assert.ok(badHook instanceof Error);
    assert.match(badHook.message, /exited with 2: --tts-webhook must be an http\(s\) URL, not ftp:\/\/tts\.example\/x/);

    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const busy = await start(['--port', String(port), '--db', ':memory:']).catch((e: Error) => e);
    blocker.close();
    assert.ok(busy instanceof Error);
    assert.match(busy.message, new RegExp(`port ${port} is in use`));
  });
});
