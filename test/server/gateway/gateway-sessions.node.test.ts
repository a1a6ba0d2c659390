/**
 * Server-side sessions: a sign-out, an administrator ending a user's
 * sessions, a role change, an idle or expired session take effect on the
 * very next request, whoever holds a copy of the cookie.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { JodoApiError } from '../../../src/api/index.js';
import { clientFor, signIn, startGateway, type RunningGateway } from '../../helpers/gateway-server.js';
import { startSandbox, type RunningSandbox } from '../../helpers/sandbox-server.js';
import { eventMessages } from '../../helpers/log-lines.js';

const code = (error: unknown) => (error instanceof JodoApiError ? error.code : String(error));
const status = async (gateway: RunningGateway, cookie: string | undefined, loginids = ['user1']) =>
  (await clientFor(gateway, cookie).userStatus({ loginids }).then(() => 'ok' as const, code)) as 'ok' | number | string;

describe('gateway sessions', () => {
  let sandbox: RunningSandbox;
  let gateway: RunningGateway;
  let clock = Date.UTC(2026, 11, 4, 9);
  const folder = mkdtempSync(join(tmpdir(), 'jodo-sessions-'));
  const store = join(folder, 'gateway.db');

  before(async () => {
    sandbox = await startSandbox();
    gateway = await startGateway({ upstream: sandbox.endpoint, store, now: () => clock, sessionTtlMs: 8 * 3600_000, sessionIdleMs: 20 * 60_000 });
  });
  after(async () => {
    await gateway.close();
    await sandbox.close();
    rmSync(folder, { recursive: true, force: true });
  });

  test('the cookie carries only an opaque random id; the store (owner-only) keeps no id a copy could use', async () => {
    const cookie = await signIn(gateway, 'user1');
    const id = cookie.split('=')[1]!;
    assert.match(id, /^[A-Za-z0-9_-]{43}$/, '256 bits, base64url');
    assert.ok(!Buffer.from(id, 'base64url').toString('latin1').includes('user1'), 'nothing readable in it');
    assert.notEqual(id, (await signIn(gateway, 'user1')).split('=')[1], 'a new id for every sign-in');
    assert.equal(statSync(store).mode & 0o777, 0o600);
    assert.ok(!readFileSync(store).includes(Buffer.from(id)), 'the store holds a hash of the id, not the id');
  });

  test('signing out ends the session at once: a copy of the cookie is refused on the next request', async () => {
    const cookie = await signIn(gateway, 'user1');
    const copy = cookie;
    assert.equal(await status(gateway, copy), 'ok');
    const out = await fetch(`${gateway.origin}/jodo/session`, { method: 'DELETE', headers: { cookie } });
    assert.equal(out.status, 200);
    assert.match(out.headers.get('set-cookie') ?? '', /^jodo_session=;.*Max-Age=0/);
    assert.equal(await status(gateway, copy), 9401);
  });

  test('signing in again ends the session the browser held (no fixation)', async () => {
    const planted = await signIn(gateway, 'user1');
    const response = await fetch(`${gateway.origin}/jodo/session`, { method: 'POST', headers: { cookie: planted }, body: new URLSearchParams({ login: 'user1' }), redirect: 'manual' });
    const fresh = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
    assert.notEqual(fresh, planted);
    assert.equal(await status(gateway, planted), 9401, 'the planted id no longer works');
    assert.equal(await status(gateway, fresh), 'ok');
  });

  test('an administrator ends every session of a user; an agent or supervisor may not', async () => {
    const [first, second] = [await signIn(gateway, 'tanmay.k'), await signIn(gateway, 'tanmay.k')];
    const other = await signIn(gateway, 'user1');
    for (const who of ['user1', 'user10']) {
      const refused = await fetch(`${gateway.origin}/jodo/sessions/tanmay.k`, { method: 'DELETE', headers: { cookie: await signIn(gateway, who) } });
      assert.equal(refused.status, 403, who);
      assert.equal(((await refused.json()) as { status: number }).status, 9403);
    }
    assert.equal(await status(gateway, first, ['tanmay.k']), 'ok', 'still signed in after the refused attempts');
    const admin = await signIn(gateway, 'test@avhan.com');
    const ended = await fetch(`${gateway.origin}/jodo/sessions/TANMAY.K`, { method: 'DELETE', headers: { cookie: admin } });
    assert.deepEqual(await ended.json(), { ok: true, ended: 2 });
    assert.equal(await status(gateway, first, ['tanmay.k']), 9401);
    assert.equal(await status(gateway, second, ['tanmay.k']), 9401);
    assert.equal(await status(gateway, other), 'ok', 'another user keeps their session');
    assert.ok(eventMessages(gateway.logs).some((line) => /test@avhan.com ended 2 session\(s\) of "TANMAY.K"/.test(line)));
    const fromElsewhere = await fetch(`${gateway.origin}/jodo/sessions/user1`, { method: 'DELETE', headers: { cookie: admin, origin: 'http://127.0.0.1:1' } });
    assert.equal(fromElsewhere.status, 403, 'a page elsewhere cannot make the admin end sessions');
    assert.equal(await status(gateway, other), 'ok');
  });

  test('a role or team change takes effect on the next request', async () => {
    const cookie = await signIn(gateway, 'user10'); // supervisor of user1 and tanmay.k
    assert.equal(await status(gateway, cookie, ['user1']), 'ok');
    const changed = await gateway.gateway.sessions.updateUser({ login: 'USER10', role: 'agent', servicekeys: ['VoiceProcess'], team: [] });
    assert.ok(changed >= 1, 'every live session of user10');
    assert.equal(await status(gateway, cookie, ['user1']), 9403, 'no longer a supervisor');
    assert.equal(await status(gateway, cookie, ['user10']), 'ok');
    const me = (await (await fetch(`${gateway.origin}/jodo/session`, { headers: { cookie } })).json()) as { role: string };
    assert.equal(me.role, 'agent');
  });

  test('a session unused for the idle timeout ends; a used one lasts until its expiry, then ends', async () => {
    const idle = await signIn(gateway, 'user1');
    const busy = await signIn(gateway, 'user1');
    for (let minute = 0; minute < 25; minute += 5) {
      clock += 5 * 60_000;
      assert.equal(await status(gateway, busy), 'ok', `polled at minute ${minute + 5}`);
    }
    assert.equal(await status(gateway, idle), 9401, 'idle for 25 minutes');
    for (let hour = 0; hour < 8; hour += 0.25) {
      clock += 15 * 60_000;
      if (clock < Date.UTC(2026, 11, 4, 9) + 8 * 3600_000) await status(gateway, busy);
    }
    assert.equal(await status(gateway, busy), 9401, 'past its 8 hours however busy');
  });

  test('sessions outlast a restart of the gateway on the same store', async () => {
    const cookie = await signIn(gateway, 'user1');
    const again = await startGateway({ upstream: sandbox.endpoint, store, now: () => clock });
    try {
      assert.equal(await status(again, cookie), 'ok');
      await fetch(`${again.origin}/jodo/session`, { method: 'DELETE', headers: { cookie } });
      assert.equal(await status(again, cookie), 9401, 'at once where it was signed out');
      clock += 250; // another process sharing the store file sees it within a quarter of a second
      assert.equal(await status(gateway, cookie), 9401, 'and on the other gateway on the same store');
    } finally {
      await again.close();
    }
  });
});
