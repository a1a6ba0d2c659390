/**
 * The security review's findings against the gateway, each as the attack
 * that got through, now refused (and the sandbox's store unchanged after it).
 */
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { authorize } from '../../../src/server/gateway/authorize.js';
import { canonicalJson } from '../../../src/server/gateway/idempotency.js';
import { RecordingLinks } from '../../../src/server/gateway/recordings.js';
import type { JodoMethod } from '../../../src/api/codes.js';
import { NOT_ALLOWED } from '../../../src/api/status-codes.js';
import { Refusal } from '../../../src/server/gateway/refusal.js';
import { KEY, rawPost, signIn, startGateway, type RunningGateway } from '../../helpers/gateway-server.js';
import { startSandbox, type RunningSandbox } from '../../helpers/sandbox-server.js';
import { storeSnapshot } from '../../helpers/store-snapshot.js';

const bodyOf = (text: string) => JSON.parse(text) as Record<string, unknown>;

describe('gateway attacks', () => {
  let sandbox: RunningSandbox;
  let gateway: RunningGateway;
  const folder = mkdtempSync(join(tmpdir(), 'jodo-attacks-'));
  const store = join(folder, 'gateway.db');
  before(async () => {
    sandbox = await startSandbox();
    gateway = await startGateway({ upstream: sandbox.endpoint, store });
  });
  after(async () => {
    await gateway.close();
    await sandbox.close();
    rmSync(folder, { recursive: true, force: true });
  });

  test('a guess of the organisation key gets the same answer whether or not it is the key', async () => {
    const cookie = await signIn(gateway, 'user1');
    const answerTo = async (guess: string) => {
      const { text } = await rawPost(gateway, cookie, { method: 'customer_multiple_recordings', systemcallids: [guess] });
      return text.split(guess).join('<guess>').replace(/"resdatetime":"[^"]*"/, '');
    };
    const right = await answerTo(KEY);
    const wrong = await answerTo('test_orq');
    assert.ok(right.includes('<guess>'), `Jodo echoes the id: ${right}`);
    assert.equal(right, wrong);
    assert.ok(!right.includes('[key]'));
  });

  test('idempotency fingerprints are keyed HMACs of canonical JSON without the key: the same request in another order is a replay', async () => {
    const cookie = await signIn(gateway, 'user1');
    const key = 'reordered-write-0001';
    const record = { mobilenumber: '9000033333', name: 'Order', userlogin: 'user1' };
    const first = await rawPost(gateway, cookie, { method: 'ImportProcessData', media: 12, updateparam: 'mobilenumber', data: [record] }, { 'idempotency-key': key });
    assert.equal(first.status, 200, first.text);
    const reordered = await rawPost(gateway, cookie, { data: [{ userlogin: 'user1', name: 'Order', mobilenumber: '9000033333' }], updateparam: 'mobilenumber', media: 12, method: 'ImportProcessData' }, { 'idempotency-key': key });
    assert.equal(reordered.status, 200, reordered.text);
    assert.equal(reordered.headers.get('idempotent-replayed'), 'true');

    const db = new Database(store, { readonly: true });
    try {
      const { fingerprint } = db.prepare('SELECT fingerprint FROM answers WHERE key = ?').get(key) as { fingerprint: string };
      const { value } = db.prepare("SELECT value FROM secrets WHERE name = 'idempotency-fingerprint'").get() as { value: Buffer };
      const asked = { method: 'ImportProcessData', media: 12, updateparam: 'mobilenumber', data: [record], servicekey: 'VoiceProcess' };
      assert.equal(fingerprint, createHmac('sha256', value).update(canonicalJson(asked)).digest('base64url'), 'keyed, canonical, no apikey');
    } finally {
      db.close();
    }
  });

  test('logins are compared as Jodo compares them: a Kelvin sign is not a k', async () => {
    const cookie = await signIn(gateway, 'tanmay.k');
    const kelvin = await rawPost(gateway, cookie, { method: 'userStatus', loginids: ['tanmay.\u212A'] });
    assert.equal(kelvin.status, 403);
    assert.equal(bodyOf(kelvin.text)['method'], 'userStatus');
    const upper = await rawPost(gateway, cookie, { method: 'userStatus', loginids: [' TANMAY.K'] });
    assert.equal(upper.status, 200, 'ASCII case and spaces are the same login');
  });

  test('an https page is another origin than the http gateway: scheme, host and port are compared', async () => {
    const cookie = await signIn(gateway, 'user1');
    const port = new URL(gateway.origin).port;
    for (const origin of [`https://127.0.0.1:${port}`, `http://127.0.0.1:${Number(port) + 1}`, `http://localhost:${port}`, 'null']) {
      const answer = await rawPost(gateway, cookie, { method: 'userStatus', loginids: ['user1'] }, { origin });
      assert.equal(answer.status, 403, origin);
    }
    assert.equal((await rawPost(gateway, cookie, { method: 'userStatus', loginids: ['user1'] }, { origin: gateway.origin })).status, 200);
  });

  test('reads are same-origin too: a page elsewhere cannot embed a recording or read who is signed in', async () => {
    const cookie = await signIn(gateway, 'user1');
    for (const path of ['/jodo/session', '/jodo/recordings/180717171728015031']) {
      const embedded = await fetch(`${gateway.origin}${path}`, { headers: { cookie, 'sec-fetch-site': 'same-site' } });
      assert.equal(embedded.status, 403, path);
      assert.equal((await fetch(`${gateway.origin}${path}`, { headers: { cookie, 'sec-fetch-site': 'same-origin' } })).status, 200, path);
    }
  });

  test('the gateway\'s pages carry nosniff, a same-origin referrer policy and a CSP with form-action \'self\'; its data answers nosniff and no embedding', async () => {
    const cookie = await signIn(gateway, 'user1');
    const pages = [
      await fetch(`${gateway.origin}/jodo/login`),
      await fetch(`${gateway.origin}/jodo/session`, { method: 'POST', body: new URLSearchParams({ login: 'user1' }), redirect: 'manual' }),
    ];
    for (const page of pages) {
      assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(page.headers.get('referrer-policy'), 'same-origin');
      assert.match(page.headers.get('content-security-policy') ?? '', /form-action 'self'/);
      assert.match(page.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
    }
    // The sign-in page's own styles are allowed by their hash alone: no inline style or script of anyone else's.
    const signInPage = await (await fetch(`${gateway.origin}/jodo/login?return=${encodeURIComponent('/"><style>*{}</style><script>alert(1)</script>')}`)).text();
    const styles = [...signInPage.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
    assert.equal(styles.length, 1, 'one style element, the page\'s own: the return address is escaped');
    assert.doesNotMatch(signInPage, /<script/);
    const policy = pages[0]!.headers.get('content-security-policy') ?? '';
    assert.match(policy, new RegExp(`style-src 'sha256-${createHash('sha256').update(styles[0]!).digest('base64').replace(/[+/]/g, '\\$&')}'`));
    assert.doesNotMatch(policy, /unsafe-inline|script-src/);
    const answers = [
      await fetch(gateway.endpoint, { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: 'data={"method":"userStatus","loginids":["user1"]}' }),
      await fetch(gateway.endpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'data={}' }),
      await fetch(`${gateway.origin}/jodo/recordings/180717171728015031`, { headers: { cookie } }),
    ];
    for (const answer of answers) {
      assert.equal(answer.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(answer.headers.get('referrer-policy'), 'same-origin');
      assert.equal(answer.headers.get('cross-origin-resource-policy'), 'same-origin');
      await answer.arrayBuffer();
    }
  });

  test('refusals name the method they refuse; a very long list is refused for what it is, not as an unknown method', async () => {
    const cookie = await signIn(gateway, 'user1');
    const before = storeSnapshot(sandbox.sandbox.db);
    const long = await rawPost(gateway, cookie, { method: 'ImportProcessData', media: 12, updateparam: 'mobilenumber', data: Array.from({ length: 150_000 }, () => 0) });
    assert.equal(long.status, 403);
    assert.deepEqual([bodyOf(long.text)['method'], bodyOf(long.text)['statusdesc']], ['ImportProcessData', 'Not allowed: data.0 must be a record (an object of fields)']);
    const nested = await rawPost(gateway, cookie, { method: 'ImportProcessData', media: 12, updateparam: 'mobilenumber', data: [[{ mobilenumber: '7507959484', userlogin: 'dinesh.s@avhan.com' }]] });
    assert.equal(nested.status, 403, 'a record inside an array is refused, not skipped past the rules');
    assert.equal(bodyOf(nested.text)['method'], 'ImportProcessData');
    const other = await rawPost(gateway, cookie, { method: 'userStatus', loginids: ['dinesh.s@avhan.com'] });
    assert.equal(bodyOf(other.text)['method'], 'userStatus');
    assert.equal(storeSnapshot(sandbox.sandbox.db), before);
  });
});

describe('gateway public origins (DNS rebinding)', () => {
  let sandbox: RunningSandbox;
  let gateway: RunningGateway;
  before(async () => {
    sandbox = await startSandbox();
    let port = 0;
    gateway = await startGateway({ upstream: sandbox.endpoint, publicOrigins: () => [`http://127.0.0.1:${port}`, `http://localhost:${port}`] });
    port = Number(new URL(gateway.origin).port);
  });
  after(async () => {
    await gateway.close();
    await sandbox.close();
  });

  test('a request naming another host is refused before anything else, sign-in included', async () => {
    const port = new URL(gateway.origin).port;
    const { request } = await import('node:http');
    const send = (host: string, method: string, path: string, body = '') =>
      new Promise<{ status: number; cookie: string | undefined }>((resolve, reject) => {
        const req = request(`${gateway.origin}${path}`, { method, headers: { host, 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, cookie: res.headers['set-cookie']?.[0] }));
        });
        req.on('error', reject);
        req.end(body);
      });
    const rebound = await send(`attacker.example:${port}`, 'POST', '/jodo/session', 'login=test%40avhan.com');
    assert.deepEqual(rebound, { status: 421, cookie: undefined });
    assert.equal((await send(`attacker.example:${port}`, 'GET', '/jodo/login')).status, 421);
    assert.equal((await send(`localhost:${port}`, 'GET', '/jodo/login')).status, 200);
    assert.equal((await send(`127.0.0.1:${port}`, 'POST', '/jodo/session', 'login=user1')).status, 303);
  });
});

describe('gateway rules', () => {
  test('a method the table does not name is refused', async () => {
    const admin = { login: 'root', role: 'admin' as const, servicekeys: ['VoiceProcess'], team: [] };
    await assert.rejects(authorize(admin, 'dropEverything' as JodoMethod, {}, async () => new Set()), (error) => error instanceof Refusal && error.code === NOT_ALLOWED);
    await assert.rejects(authorize(admin, 'constructor' as JodoMethod, {}, async () => new Set()), (error) => error instanceof Refusal && error.code === NOT_ALLOWED);
  });

  test('a recording found in one process does not hide it from a caller who works in another', async () => {
    const lookUps: string[] = [];
    const links = new RecordingLinks(
      async (servicekey, id) => (lookUps.push(servicekey), servicekey === 'Shared' || servicekey === 'Other' ? `http://jodo.test/${servicekey}/${id}.mp3` : undefined),
      () => ['http://jodo.test'],
    );
    const user = (servicekeys: string[]) => ({ login: 'a', role: 'agent' as const, servicekeys, team: [] });
    assert.equal(await links.find(user(['Other']), '7'), 'http://jodo.test/Other/7.mp3');
    assert.equal(await links.find(user(['Shared']), '7'), 'http://jodo.test/Shared/7.mp3', 'not "not yours" from the other process\'s hit');
    assert.equal(await links.find(user(['Nothing']), '7'), undefined);
    assert.equal(await links.find(user(['Other']), '7'), 'http://jodo.test/Other/7.mp3');
    assert.deepEqual(lookUps, ['Other', 'Shared', 'Nothing'], 'the cached hit is served without asking again');
  });
});

// An upstream that records what the gateway forwards: logins go out as the session spells them.
describe('gateway forwarding', () => {
  test('a login that names the caller is forwarded as the session spells it', async () => {
    const seen: Record<string, unknown>[] = [];
    const upstream = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        seen.push(JSON.parse(new URLSearchParams(body).get('data')!) as Record<string, unknown>);
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ method: 'userStatus', statuscode: '001', statusdata: [] }));
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const gateway = await startGateway({ upstream: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/ws` });
    try {
      const cookie = await signIn(gateway, 'user10'); // supervisor of user1 and tanmay.k
      assert.equal((await rawPost(gateway, cookie, { method: 'userStatus', loginids: ['USER10', ' Tanmay.K '] })).status, 200);
      assert.deepEqual(seen.at(-1)!['loginids'], ['user10', 'tanmay.k']);
    } finally {
      await gateway.close();
      await new Promise<void>((resolve) => upstream.close(() => resolve()));
    }
  });
});
