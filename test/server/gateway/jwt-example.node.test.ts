/**
 * README's "Signing agents in from your CRM" example, run as written (its
 * package import pointed at src/): it serves the gateway with the JWT sign-in
 * from JODO_JWT_*, and a client with a token this test signs polls the
 * sandbox through it.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { SignJWT, exportSPKI, generateKeyPair } from 'jose';
import { JodoApiError, JodoClient } from '../../../src/api/index.js';
import { startSandbox, type RunningSandbox } from '../../helpers/sandbox-server.js';

const README = readFileSync('README.md', 'utf8');
const ISSUER = 'https://login.crm.example/';
const AUDIENCE = 'jodo-gateway';

function example(name: string): string {
  const block = new RegExp(`<!-- example: ${name} -->\\n\`\`\`ts\\n([\\s\\S]*?)\\n\`\`\`\\n`).exec(README)?.[1];
  assert.ok(block, `README.md has the example "${name}"`);
  return block;
}

let sandbox: RunningSandbox;
const folder = mkdtempSync(join(tmpdir(), 'jodo-jwt-example-'));
before(async () => {
  sandbox = await startSandbox();
});
after(async () => {
  await sandbox.close();
  rmSync(folder, { recursive: true, force: true });
});

test('the README JWT gateway example lets a signed-in agent poll userStatus, and nobody else', async () => {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const keyFile = join(folder, 'idp.pem');
  writeFileSync(keyFile, await exportSPKI(publicKey));
  const source = example('node-jwt-gateway');
  assert.match(source, /'jodo-toolbar\/server\/gateway'/);
  const file = join(folder, 'gateway.ts');
  writeFileSync(file, source.replace(`'jodo-toolbar/server/gateway'`, `'${pathToFileURL(resolve('src/server/gateway/index.ts')).href}'`));

  const child = spawn(process.execPath, ['--import', 'tsx', file], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PORT: '0',
      JODO_UPSTREAM: sandbox.endpoint,
      JODO_APIKEY: 'test_org',
      JODO_JWT_JWKS_URL: '',
      JODO_JWT_PUBLIC_KEY_FILE: keyFile,
      JODO_JWT_ISSUER: ISSUER,
      JODO_JWT_AUDIENCE: AUDIENCE,
    },
  });
  const exited = new Promise<number | null>((done) => child.on('exit', done));
  let errors = '';
  child.stderr.on('data', (d) => (errors += d));
  try {
    const endpoint = await new Promise<string>((found, fail) => {
      let output = '';
      child.stdout.on('data', (d) => {
        output += d;
        const url = /gateway on (http:\/\/\S+)/.exec(output)?.[1];
        if (url) found(url);
      });
      void exited.then((code) => fail(new Error(`the example exited with ${code}: ${errors}`)));
    });

    const sign = (claims: Record<string, unknown>, issuer = ISSUER) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'ES256' }).setIssuer(issuer).setAudience(AUDIENCE).setExpirationTime('5m').sign(privateKey);
    const agent = await sign({ jodo_login: 'user1', jodo_servicekeys: ['VoiceProcess'] });
    const client = new JodoClient({ endpoint, servicekey: 'VoiceProcess', token: () => agent });
    const { data } = await client.userStatus({ loginids: ['user1'] });
    assert.equal(data.agents[0]?.login, 'user1');
    assert.equal(data.agents[0]?.state, 1, 'Ready, as the sandbox says');

    // The agent's claims are what the gateway enforces: an agent sees only their own status.
    await assert.rejects(client.userStatus({ loginids: ['user10'] }), (error: unknown) => error instanceof JodoApiError && error.code === 9403);
    // Another issuer's token is nobody.
    const stranger = new JodoClient({ endpoint, servicekey: 'VoiceProcess', token: async () => sign({ jodo_login: 'user1', jodo_servicekeys: ['VoiceProcess'] }, 'https://evil.example/') });
    await assert.rejects(stranger.userStatus({ loginids: ['user1'] }), (error: unknown) => error instanceof JodoApiError && error.code === 9401);
    assert.match(errors, /a bearer token was refused: wrong issuer/);
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
});
