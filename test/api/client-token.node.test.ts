/** The client with a CRM's bearer token, through the real gateway (JWT sign-in) in front of the real sandbox. */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { SignJWT, exportSPKI, generateKeyPair, type CryptoKey } from 'jose';
import { JodoApiError, JodoClient, JodoNetworkError } from '../../src/api/index.js';
import { createGateway, jwtAuthenticator, type Gateway } from '../../src/server/gateway/index.js';
import { linesLogger } from '../helpers/log-lines.js';
import { startSandbox, type RunningSandbox } from '../helpers/sandbox-server.js';

const ISSUER = 'https://crm.example/';
const AUDIENCE = 'jodo-gateway';

describe('JodoClient with a token source', () => {
  let sandbox: RunningSandbox;
  let gateway: Gateway;
  let server: Server;
  let endpoint: string;
  let privateKey: CryptoKey;
  const logs: string[] = [];

  /** A token for user1, valid for `seconds` from now (negative: expired that long ago). */
  const tokenFor = (seconds: number) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ jodo_login: 'user1', jodo_servicekeys: ['VoiceProcess'] })
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(now - 600)
      .setExpirationTime(now + seconds)
      .sign(privateKey);
  };

  before(async () => {
    const pair = await generateKeyPair('ES256');
    privateKey = pair.privateKey;
    sandbox = await startSandbox();
    gateway = createGateway({
      upstream: sandbox.endpoint,
      apikey: 'test_org',
      authenticate: jwtAuthenticator({ publicKey: await exportSPKI(pair.publicKey), issuer: ISSUER, audience: AUDIENCE, clockToleranceSeconds: 0, log: (line) => logs.push(line) }),
      logger: linesLogger(logs, 'warn'),
    });
    server = createServer((req, res) => void gateway.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jodo`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    gateway.close();
    await sandbox.close();
  });
  beforeEach(async () => {
    logs.length = 0;
    await sandbox.control('/sandbox/reset');
  });

  /** A client whose token source answers from `tokens` in turn, and the sources' calls and the headers sent. */
  function clientWith(tokens: (() => Promise<string | undefined>)[]) {
    const asked: boolean[] = [];
    const sent: Headers[] = [];
    const client = new JodoClient({
      endpoint,
      servicekey: 'VoiceProcess',
      token: ({ refresh }) => {
        asked.push(refresh);
        return tokens[asked.length - 1]!();
      },
      fetch: (input, init) => {
        sent.push(new Headers(init?.headers));
        return fetch(input, init);
      },
    });
    return { client, asked, sent };
  }

  test('every request carries the token as a bearer, and the gateway knows the agent by it', async () => {
    const token = await tokenFor(3600);
    const { client, asked, sent } = clientWith([async () => token, async () => token]);
    const result = await client.userStatus({ loginids: ['user1'] });
    assert.equal(result.data.agents[0]?.login, 'user1');
    await client.userStatus({ loginids: ['user1'] });
    assert.deepEqual(asked, [false, false]);
    assert.deepEqual(sent.map((headers) => headers.get('authorization')), [`Bearer ${token}`, `Bearer ${token}`]);
  });

  test('a token that expired on the way: the request is sent once more with a new one, and succeeds', async () => {
    const { client, asked } = clientWith([() => tokenFor(-5), () => tokenFor(3600)]);
    const result = await client.userStatus({ loginids: ['user1'] }, { retries: 0 });
    assert.equal(result.data.agents[0]?.login, 'user1');
    assert.deepEqual(asked, [false, true]);
    assert.deepEqual(logs, ['gateway: a bearer token was refused: expired']);
  });

  test('a write refused for its token is resent with the same Idempotency-Key, and applied once', async () => {
    const { client, sent } = clientWith([() => tokenFor(-5), () => tokenFor(3600)]);
    await client.importProcessData({ media: 11, updateparam: 'customercode', data: [{ customercode: 'T-1', name: 'Asha Rao', mobilenumber: '9820000001' }] });
    assert.equal(sent.length, 2);
    const [first, second] = sent.map((headers) => headers.get('idempotency-key'));
    assert.ok(first && first === second, 'the resend carries the first attempt key');
    const stats = (await (await fetch(`${sandbox.origin}/sandbox/stats`)).json()) as { requests: Record<string, number> };
    assert.equal(stats.requests['ImportProcessData'], 1);
  });

  test('a new token that is refused as well ends in 9401: one retry, not a loop', async () => {
    const { client, asked, sent } = clientWith([() => tokenFor(-5), () => tokenFor(-5)]);
    await assert.rejects(client.userStatus({ loginids: ['user1'] }), (error: unknown) => error instanceof JodoApiError && error.code === 9401);
    assert.deepEqual(asked, [false, true]);
    assert.equal(sent.length, 2);
  });

  test('no token (signed out of the CRM): the gateway answers 9401', async () => {
    const { client, sent } = clientWith([async () => undefined, async () => undefined]);
    await assert.rejects(client.userStatus({ loginids: ['user1'] }), (error: unknown) => error instanceof JodoApiError && error.code === 9401);
    assert.equal(sent[0]?.get('authorization'), null);
  });

  test('a token source that fails is a network error, and nothing is sent', async () => {
    const { client, sent } = clientWith([() => Promise.reject(new TypeError('token endpoint unreachable'))]);
    await assert.rejects(client.userStatus({ loginids: ['user1'] }, { retries: 0 }), JodoNetworkError);
    assert.equal(sent.length, 0);
  });
});
