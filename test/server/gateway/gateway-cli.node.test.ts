import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SignJWT, exportSPKI, generateKeyPair, type CryptoKey } from 'jose';
import { startGatewayCli } from '../../helpers/gateway-cli.js';
import { startSandbox, type RunningSandbox } from '../../helpers/sandbox-server.js';

const USER_STATUS = new URLSearchParams({ data: '{"method":"userStatus","loginids":["user1"]}' });

/** The TCP ports a process listens on (Linux: its socket inodes against /proc/net/tcp*). */
function listeningTcpPorts(pid: number): number[] {
  const inodes = new Set(
    readdirSync(`/proc/${pid}/fd`)
      .map((fd) => {
        try {
          return /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
        } catch {
          return undefined;
        }
      })
      .filter(Boolean),
  );
  const ports: number[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // local_address is HEX_IP:HEX_PORT; state 0A is LISTEN; the inode is the tenth field.
      if (fields[3] === '0A' && inodes.has(fields[9])) ports.push(parseInt(fields[1]!.split(':')[1]!, 16));
    }
  }
  return ports;
}

test('npm run gateway serves the sandbox behind a signed-in, keyless endpoint and stops cleanly', async () => {
  const cli = await startGatewayCli([]);
  try {
    const { base } = cli;
    const origin = new URL(base).origin;
    assert.match(await (await fetch(`${base}/login`)).text(), /dinesh\.s@avhan\.com/);
    const anonymous = (await (await fetch(base, { method: 'POST', body: USER_STATUS })).json()) as Record<string, unknown>;
    assert.equal(anonymous['status'], 9401);
    const signIn = await fetch(`${base}/session`, { method: 'POST', body: new URLSearchParams({ login: 'user1', return: '/legacy.html' }), redirect: 'manual' });
    assert.equal(signIn.headers.get('location'), '/legacy.html');
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    const answer = (await (await fetch(base, { method: 'POST', headers: { cookie }, body: USER_STATUS })).json()) as Record<string, unknown>;
    assert.equal(answer['statuscode'], '001');
    assert.equal((await fetch(`${origin}/sandbox/health`)).status, 200, 'the sandbox runs in the same process');

    // The sandbox's Jodo endpoint is on a private socket: the gateway's port is the only one (no way around it with the demo key).
    assert.deepEqual(listeningTcpPorts(cli.pid), [Number(new URL(base).port)]);
    // Its recording links still play through the gateway.
    const call = (await (await fetch(`${origin}/sandbox/calls`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'user1', mobilenumber: '9820000001', servicekey: 'VoiceProcess' }) })).json()) as { systemcallid: string };
    const recording = (await (
      await fetch(base, { method: 'POST', headers: { cookie }, body: new URLSearchParams({ data: JSON.stringify({ method: 'customer_recording', systemcallid: call.systemcallid }) }) })
    ).json()) as Record<string, unknown>;
    assert.equal(recording['recordingfilepath'], `/jodo/recordings/${call.systemcallid}`);
    const audio = await fetch(`${origin}${recording['recordingfilepath']}`, { headers: { cookie, range: 'bytes=0-3' } });
    assert.equal(audio.status, 206);
    assert.equal(Buffer.from(await audio.arrayBuffer()).toString('latin1'), 'RIFF');

    // A DNS-rebinding page reaches the same port under its own name: refused before the demo sign-in.
    const rebound = await new Promise<{ status: number; cookie: string | undefined }>((resolve, reject) => {
      const body = 'login=test%40avhan.com';
      const req = httpRequest(`${base}/session`, { method: 'POST', headers: { host: `attacker.example:${new URL(base).port}`, 'content-type': 'application/x-www-form-urlencoded', 'content-length': body.length } }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, cookie: res.headers['set-cookie']?.[0] }));
      });
      req.on('error', reject).end(body);
    });
    assert.deepEqual(rebound, { status: 421, cookie: undefined });
  } finally {
    assert.equal(await cli.stop(), 0);
  }
});

describe('npm run gateway in front of another upstream', () => {
  let sandbox: RunningSandbox;
  before(async () => {
    sandbox = await startSandbox();
  });
  after(() => sandbox.close());

  test('no demo sign-in page unless --demo-sign-in asks for it (and then a warning)', async () => {
    const plain = await startGatewayCli(['--upstream', sandbox.endpoint], { JODO_APIKEY: 'test_org' });
    try {
      assert.equal((await fetch(`${plain.base}/login`)).status, 404);
      const signIn = await fetch(`${plain.base}/session`, { method: 'POST', body: new URLSearchParams({ login: 'user1' }), redirect: 'manual' });
      assert.equal(signIn.status, 405, 'no sign-in of its own');
      assert.equal(signIn.headers.get('set-cookie'), null);
    } finally {
      await plain.stop();
    }
    const demo = await startGatewayCli(['--upstream', sandbox.endpoint, '--demo-sign-in'], { JODO_APIKEY: 'test_org' });
    try {
      assert.match(await (await fetch(`${demo.base}/login`)).text(), /user10/);
    } finally {
      await demo.stop();
    }
    assert.match(demo.stdout(), /demo sign-in lets anyone who reaches this gateway act as a demo user/);
  });

  describe('with JODO_JWT_* set', () => {
    const folder = mkdtempSync(join(tmpdir(), 'jodo-cli-jwt-'));
    const keyFile = join(folder, 'idp.pem');
    let privateKey: CryptoKey;
    const jwtEnv = () => ({ JODO_APIKEY: 'test_org', JODO_JWT_PUBLIC_KEY_FILE: keyFile, JODO_JWT_ISSUER: 'https://crm.example/', JODO_JWT_AUDIENCE: 'jodo' });
    before(async () => {
      const pair = await generateKeyPair('ES256');
      privateKey = pair.privateKey;
      writeFileSync(keyFile, await exportSPKI(pair.publicKey));
    });
    after(() => rmSync(folder, { recursive: true, force: true }));
    /** A token of the CRM's identity provider for user1. */
    const signToken = () =>
      new SignJWT({ jodo_login: 'user1', jodo_servicekeys: ['VoiceProcess'] })
        .setProtectedHeader({ alg: 'ES256' })
        .setIssuer('https://crm.example/')
        .setAudience('jodo')
        .setExpirationTime('5m')
        .sign(privateKey);

    test('the gateway accepts a token signed by the CRM key, and nothing else', async () => {
      const cli = await startGatewayCli(['--upstream', sandbox.endpoint], jwtEnv());
      try {
        const token = await signToken();
        const answer = (await (await fetch(cli.base, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: USER_STATUS })).json()) as Record<string, unknown>;
        assert.equal(answer['statuscode'], '001');
        const forged = `${token.slice(0, -4)}AAAA`;
        const refused = await fetch(cli.base, { method: 'POST', headers: { authorization: `Bearer ${forged}` }, body: USER_STATUS });
        assert.equal(refused.status, 401);
        assert.equal(((await refused.json()) as Record<string, unknown>)['status'], 9401);
        assert.equal((await fetch(`${cli.base}/login`)).status, 404, 'no demo sign-in beside the JWT one');
        await cli.stop();
        assert.match(cli.stdout(), /a bearer token was refused: bad signature/);
        for (const output of [cli.stdout(), cli.stderr()]) assert.ok(!output.includes(forged.split('.')[1]!), 'the token is never logged');
      } finally {
        await cli.stop();
      }
    });

    test('a missing JODO_JWT_ISSUER stops the gateway with exit code 2, naming it', async () => {
      const { JODO_JWT_ISSUER: _issuer, ...incomplete } = jwtEnv();
      await assert.rejects(startGatewayCli(['--upstream', sandbox.endpoint], incomplete), (error: Error & { code?: number; stderr?: string }) => {
        assert.equal(error.code, 2);
        assert.match(error.stderr ?? '', /JODO_JWT_ISSUER is missing/);
        return true;
      });
    });

    test('--demo-sign-in beside JODO_JWT_* offers both: a demo session, and the CRM\'s tokens', async () => {
      const cli = await startGatewayCli(['--upstream', sandbox.endpoint, '--demo-sign-in'], jwtEnv());
      try {
        const signedIn = await fetch(`${cli.base}/session`, { method: 'POST', body: new URLSearchParams({ login: 'user1' }), redirect: 'manual' });
        const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0]!;
        assert.equal(signedIn.status, 303);
        const byCookie = (await (await fetch(cli.base, { method: 'POST', headers: { cookie }, body: USER_STATUS })).json()) as Record<string, unknown>;
        assert.equal(byCookie['statuscode'], '001');
        const token = await signToken();
        const byToken = (await (await fetch(cli.base, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: USER_STATUS })).json()) as Record<string, unknown>;
        assert.equal(byToken['statuscode'], '001');
      } finally {
        await cli.stop();
      }
    });
  });
});
