import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SignJWT, exportJWK, exportPKCS8, exportSPKI, generateKeyPair, importPKCS8, type CryptoKey, type JWTPayload } from 'jose';
import { jwtAuthenticator, jwtAuthenticatorFromEnv, type JwtAuthenticatorOptions } from '../../../src/server/gateway/index.js';

const ISSUER = 'https://crm.example/';
const AUDIENCE = 'jodo-gateway';
const CLAIMS = { jodo_login: 'user10', jodo_role: 'supervisor', jodo_team: ['user1', 'tanmay.k'], jodo_servicekeys: ['VoiceProcess'] };

const request = (authorization?: string) => ({ headers: authorization === undefined ? {} : { authorization } }) as IncomingMessage;
const bearer = (token: string) => request(`Bearer ${token}`);
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

interface Signer {
  alg: string;
  kid?: string;
  privateKey: CryptoKey | Uint8Array;
}

/** A token as an identity provider signs it; `claims` and `times` override the defaults (a valid token for an hour). */
async function sign(signer: Signer, claims: JWTPayload = CLAIMS, times: { iat?: number; exp?: number | null; nbf?: number } = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: signer.alg, ...(signer.kid ? { kid: signer.kid } : {}) })
    .setIssuer(typeof claims.iss === 'string' ? claims.iss : ISSUER)
    .setAudience(claims.aud ?? AUDIENCE)
    .setIssuedAt(times.iat ?? now)
    .setJti(Math.random().toString(36).slice(2));
  if (times.exp !== null) jwt.setExpirationTime(times.exp ?? now + 3600);
  if (times.nbf !== undefined) jwt.setNotBefore(times.nbf);
  return jwt.sign(signer.privateKey);
}

/** An authenticator and the lines it logged. */
function authenticatorWith(options: Omit<JwtAuthenticatorOptions, 'issuer' | 'audience' | 'log'> & Partial<JwtAuthenticatorOptions>) {
  const logs: string[] = [];
  const authenticate = jwtAuthenticator({ issuer: ISSUER, audience: AUDIENCE, log: (line) => logs.push(line), ...options });
  return { authenticate: async (req: IncomingMessage) => authenticate(req), logs };
}

describe('jwtAuthenticator with a JWKS URL', () => {
  let server: Server;
  let jwksUrl: string;
  let jwksFetches = 0;
  let es256: Signer;
  let rs256: Signer;
  let stranger: Signer;
  let publicPem: string;

  before(async () => {
    const ec = await generateKeyPair('ES256');
    const rsa = await generateKeyPair('RS256');
    const other = await generateKeyPair('ES256');
    es256 = { alg: 'ES256', kid: 'ec-1', privateKey: ec.privateKey };
    rs256 = { alg: 'RS256', kid: 'rsa-1', privateKey: rsa.privateKey };
    // Another key under a kid of the set: its signature must not check out.
    stranger = { alg: 'ES256', kid: 'ec-1', privateKey: other.privateKey };
    publicPem = await exportSPKI(ec.publicKey);
    const keys = [
      { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
      { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
    ];
    server = createServer((_req, res) => {
      jwksFetches++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('a valid ES256 or RS256 token is the agent its claims name', async () => {
    const { authenticate, logs } = authenticatorWith({ jwksUrl });
    assert.deepEqual(await authenticate(bearer(await sign(es256))), { login: 'user10', role: 'supervisor', team: ['user1', 'tanmay.k'], servicekeys: ['VoiceProcess'] });
    assert.deepEqual(await authenticate(bearer(await sign(rs256, { jodo_login: 'user1' }))), { login: 'user1', role: 'agent', team: [], servicekeys: [] });
    assert.deepEqual(logs, []);
  });

  test('the key set is fetched once, not per request', async () => {
    const { authenticate } = authenticatorWith({ jwksUrl });
    const before = jwksFetches;
    // Distinct tokens, so it is jose's key cache at work and not the authenticator's own memory of a token.
    for (let i = 0; i < 20; i++) assert.equal((await authenticate(bearer(await sign(i % 2 ? es256 : rs256))))?.login, 'user10');
    assert.equal(jwksFetches - before, 1);
  });

  test('no Authorization header, or another scheme, is nobody, without a log line', async () => {
    const { authenticate, logs } = authenticatorWith({ jwksUrl });
    assert.equal(await authenticate(request()), undefined);
    assert.equal(await authenticate(request('Basic dXNlcjpwYXNz')), undefined);
    assert.deepEqual(logs, []);
  });

  const now = () => Math.floor(Date.now() / 1000);
  const refusals: [string, () => Promise<string>, RegExp][] = [
    ['expired (past the clock tolerance)', () => sign(es256, CLAIMS, { iat: now() - 600, exp: now() - 60 }), /expired/],
    ['not yet valid', () => sign(es256, CLAIMS, { nbf: now() + 600 }), /not yet valid/],
    ['for another audience', () => sign(es256, { ...CLAIMS, aud: 'another-app' }), /wrong audience/],
    ['from another issuer', () => sign(es256, { ...CLAIMS, iss: 'https://evil.example/' }), /wrong issuer/],
    ['signed by another key under a known kid', () => sign(stranger), /bad signature/],
    ['signed by a key the set does not have', () => sign({ ...stranger, kid: 'nobody' }), /unknown signing key/],
    ['without an expiry', () => sign(es256, CLAIMS, { exp: null }), /no expiry/],
    ['unsigned (alg: none)', async () => `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ ...CLAIMS, iss: ISSUER, aud: AUDIENCE, exp: now() + 3600 })}.`, /algorithm not allowed/],
    ['HS256, keyed with the public key text (algorithm confusion)', () => sign({ alg: 'HS256', kid: 'ec-1', privateKey: new TextEncoder().encode(publicPem) }), /algorithm not allowed/],
    ['garbage', async () => 'not.a.jwt', /malformed/],
    ['a header that is not JSON', async () => `${Buffer.from('{"alg":').toString('base64url')}.${base64url(CLAIMS)}.c2ln`, /malformed/],
    ['huge', async () => 'a'.repeat(10_000), /malformed/],
    ['with a role Jodo has not', () => sign(es256, { ...CLAIMS, jodo_role: 'root' }), /no valid agent/],
    ['with a team that is not a list', () => sign(es256, { ...CLAIMS, jodo_team: 'user1' }), /no valid agent/],
    ['without a login', () => sign(es256, { jodo_role: 'agent' }), /no valid agent/],
  ];
  for (const [name, token, kind] of refusals) {
    test(`a token ${name} is refused, and the log names why but not the token`, async () => {
      const { authenticate, logs } = authenticatorWith({ jwksUrl });
      const value = await token();
      assert.equal(await authenticate(bearer(value)), undefined);
      assert.equal(logs.length, 1);
      assert.match(logs[0]!, kind);
      const [header = '', payload = ''] = value.split('.');
      for (const part of [value, header, payload].filter((part) => part.length > 8)) assert.ok(!logs[0]!.includes(part), 'no part of the token is logged');
    });
  }

  test('a token expired less than the clock tolerance ago still passes; with no tolerance it does not', async () => {
    const token = await sign(es256, CLAIMS, { iat: now() - 600, exp: now() - 10 });
    assert.equal((await authenticatorWith({ jwksUrl }).authenticate(bearer(token)))?.login, 'user10');
    const strict = authenticatorWith({ jwksUrl, clockToleranceSeconds: 0 });
    assert.equal(await strict.authenticate(bearer(token)), undefined);
    assert.match(strict.logs[0]!, /expired/);
  });

  test('a remembered token is refused again once it expires', async () => {
    let clock = Date.now();
    const { authenticate, logs } = authenticatorWith({ jwksUrl, clockToleranceSeconds: 0, now: () => clock });
    const token = await sign(es256, CLAIMS, { exp: Math.floor(clock / 1000) + 5 });
    assert.equal((await authenticate(bearer(token)))?.login, 'user10');
    clock += 6000;
    assert.equal(await authenticate(bearer(token)), undefined);
    assert.match(logs[0]!, /expired/);
  });

  test('the login can come from another claim', async () => {
    const { authenticate } = authenticatorWith({ jwksUrl, loginClaim: 'email' });
    assert.equal((await authenticate(bearer(await sign(es256, { email: 'dinesh.s@avhan.com' }))))?.login, 'dinesh.s@avhan.com');
    assert.equal(await authenticate(bearer(await sign(es256))), undefined, 'jodo_login alone no longer names the agent');
  });

  test('symmetric algorithms and none cannot be allowed, nor a JWKS over plain http to another machine', () => {
    assert.throws(() => jwtAuthenticator({ jwksUrl, issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] }), /does not accept HS256/);
    assert.throws(() => jwtAuthenticator({ jwksUrl, issuer: ISSUER, audience: AUDIENCE, algorithms: ['ES256', 'none'] }), /does not accept none/);
    assert.throws(() => jwtAuthenticator({ jwksUrl: 'http://idp.example/jwks.json', issuer: ISSUER, audience: AUDIENCE }), /must be https/);
    assert.throws(() => jwtAuthenticator({ jwksUrl, issuer: '', audience: AUDIENCE }), /issuer/);
    assert.throws(() => jwtAuthenticator({ jwksUrl, issuer: ISSUER, audience: [] }), /audience/);
  });

  test('an unreachable key set refuses tokens and says so', async () => {
    const { authenticate, logs } = authenticatorWith({ jwksUrl: 'http://127.0.0.1:9/jwks.json' });
    assert.equal(await authenticate(bearer(await sign(es256))), undefined);
    assert.match(logs[0]!, /key set unavailable/);
  });
});

describe('jwtAuthenticator with a public key file', () => {
  const folder = mkdtempSync(join(tmpdir(), 'jodo-jwt-test-'));
  after(() => rmSync(folder, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    const path = join(folder, name);
    writeFileSync(path, text);
    return path;
  };

  test('a PEM public key (RS256); a token of another algorithm or key is refused', async () => {
    const rsa = await generateKeyPair('RS256');
    const ec = await generateKeyPair('ES256');
    const { authenticate, logs } = authenticatorWith({ publicKeyFile: file('rsa.pem', await exportSPKI(rsa.publicKey)) });
    assert.equal((await authenticate(bearer(await sign({ alg: 'RS256', privateKey: rsa.privateKey }))))?.login, 'user10');
    assert.equal(await authenticate(bearer(await sign({ alg: 'ES256', privateKey: ec.privateKey }))), undefined);
    assert.equal(await authenticate(bearer(await sign({ alg: 'RS256', privateKey: (await generateKeyPair('RS256')).privateKey }))), undefined);
    assert.deepEqual(logs, ['gateway: a bearer token was refused: algorithm not allowed', 'gateway: a bearer token was refused: bad signature']);
  });

  test('an X.509 certificate', async () => {
    const key = join(folder, 'cert-key.pem');
    const cert = join(folder, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-keyout', key, '-out', cert, '-nodes', '-subj', '/CN=crm.example', '-days', '1'], { stdio: 'ignore' });
    const privateKey = await importPKCS8(readFileSync(key, 'utf8'), 'ES256');
    const { authenticate } = authenticatorWith({ publicKeyFile: cert });
    assert.equal((await authenticate(bearer(await sign({ alg: 'ES256', privateKey }))))?.login, 'user10');
    assert.equal(await authenticate(bearer(await sign({ alg: 'HS256', privateKey: new TextEncoder().encode(readFileSync(cert, 'utf8')) }))), undefined);
  });

  test('a public JWK, used for the algorithm it names only', async () => {
    const ec = await generateKeyPair('ES384');
    const { authenticate } = authenticatorWith({ publicKeyFile: file('key.jwk', JSON.stringify({ ...(await exportJWK(ec.publicKey)), alg: 'ES384' })) });
    assert.equal((await authenticate(bearer(await sign({ alg: 'ES384', privateKey: ec.privateKey }))))?.login, 'user10');
  });

  test('a private key, a shared secret or an unreadable file is refused at start, naming the file', async () => {
    const rsa = await generateKeyPair('RS256', { extractable: true });
    const privateFile = file('private.pem', await exportPKCS8(rsa.privateKey));
    assert.throws(() => jwtAuthenticator({ publicKeyFile: privateFile, issuer: ISSUER, audience: AUDIENCE }), /private\.pem holds a private key/);
    const secret = file('secret.jwk', JSON.stringify({ kty: 'oct', k: 'c2VjcmV0' }));
    assert.throws(() => jwtAuthenticator({ publicKeyFile: secret, issuer: ISSUER, audience: AUDIENCE }), /secret\.jwk is not a public key/);
    assert.throws(() => jwtAuthenticator({ publicKeyFile: join(folder, 'missing.pem'), issuer: ISSUER, audience: AUDIENCE }), /missing\.pem cannot be read/);
    assert.throws(() => jwtAuthenticator({ issuer: ISSUER, audience: AUDIENCE }), /one of jwksUrl, publicKeyFile or publicKey/);
  });
});

describe('jwtAuthenticatorFromEnv', () => {
  const folder = mkdtempSync(join(tmpdir(), 'jodo-jwt-env-'));
  after(() => rmSync(folder, { recursive: true, force: true }));

  test('nothing set: no JWT sign-in', () => {
    assert.equal(jwtAuthenticatorFromEnv({}), undefined);
  });

  test('a key source without issuer or audience is an error naming the variable', () => {
    const base = { JODO_JWT_JWKS_URL: 'https://idp.example/jwks.json' };
    assert.throws(() => jwtAuthenticatorFromEnv(base), /JODO_JWT_ISSUER is missing/);
    assert.throws(() => jwtAuthenticatorFromEnv({ ...base, JODO_JWT_ISSUER: ISSUER }), /JODO_JWT_AUDIENCE is missing/);
    assert.throws(() => jwtAuthenticatorFromEnv({ ...base, JODO_JWT_ISSUER: ISSUER, JODO_JWT_AUDIENCE: AUDIENCE, JODO_JWT_PUBLIC_KEY_FILE: '/x.pem' }), /not both/);
  });

  test('a key file, issuer, audiences and login claim make a working sign-in', async () => {
    const ec = await generateKeyPair('ES256');
    const keyFile = join(folder, 'idp.pem');
    writeFileSync(keyFile, await exportSPKI(ec.publicKey));
    const logs: string[] = [];
    const authenticate = jwtAuthenticatorFromEnv(
      { JODO_JWT_PUBLIC_KEY_FILE: keyFile, JODO_JWT_ISSUER: ISSUER, JODO_JWT_AUDIENCE: `other, ${AUDIENCE}`, JODO_JWT_LOGIN_CLAIM: 'email' },
      { log: (line) => logs.push(line) },
    )!;
    const token = await sign({ alg: 'ES256', privateKey: ec.privateKey }, { email: 'user1' });
    assert.equal((await authenticate(bearer(token)))?.login, 'user1');
    assert.equal(await authenticate(bearer(await sign({ alg: 'ES256', privateKey: ec.privateKey }, { email: 'user1', aud: 'third' }))), undefined);
    assert.match(logs[0]!, /wrong audience/);
  });
});
