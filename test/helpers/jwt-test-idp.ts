/**
 * For the browser tests' server (web-test-runner.config.mjs): a stand-in for a
 * CRM's identity provider and the gateway that trusts it. `/jwt/jwks.json` is
 * its key set, `/jwt/token?kind=…` hands out tokens good or bad (signed with
 * the key pair made at start), and `/jwt/jodo` is a real gateway verifying
 * them, in front of the runner's sandbox over a private socket.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SignJWT, exportJWK, exportSPKI, generateKeyPair } from 'jose';
import { createGateway } from '../../src/server/gateway/gateway.js';
import { jwtAuthenticator } from '../../src/server/gateway/jwt-authenticator.js';
import { listenPrivately } from '../../src/server/sandbox/private-listener.js';
import { silentLogger } from './log-lines.js';
import type { Sandbox } from '../../src/server/sandbox/sandbox.js';

export const JWT_ISSUER = 'https://crm.test/';
export const JWT_AUDIENCE = 'jodo-toolbar-tests';
const KID = 'test-key';

/** The tokens `/jwt/token?kind=` gives: one good kind and every way a token is refused. */
export type TokenKind = 'valid' | 'expired' | 'not-yet-valid' | 'wrong-audience' | 'wrong-issuer' | 'wrong-key' | 'none' | 'hs256' | 'signed-out';

export async function jwtTestIdp(sandbox: Sandbox, port: number) {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const stranger = await generateKeyPair('ES256');
  const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: KID, alg: 'ES256', use: 'sig' }] });
  const publicPem = await exportSPKI(publicKey);
  const upstream = listenPrivately((req, res) => void sandbox.handle(req, res));
  const gateway = createGateway({
    upstream: upstream.url,
    upstreamSocketPath: upstream.socketPath,
    apikey: 'test_org',
    basePath: '/jwt/jodo',
    // A second of leeway, so a test sees a token expire within seconds.
    authenticate: jwtAuthenticator({ jwksUrl: `http://127.0.0.1:${port}/jwt/jwks.json`, issuer: JWT_ISSUER, audience: JWT_AUDIENCE, clockToleranceSeconds: 1, log: () => {} }),
    logger: silentLogger(),
    // The tests poll every few hundred ms, faster than an agent's 120 requests a minute.
    rateLimit: { limit: 10_000, windowMs: 60_000 },
  });

  /** `ttl` seconds of life; `login` the agent (user1 by default). */
  async function token(kind: TokenKind, login: string, ttl: number): Promise<string | undefined> {
    const now = Math.floor(Date.now() / 1000);
    const claims = { jodo_login: login, jodo_servicekeys: ['VoiceProcess', 'VoiceInOut'] };
    const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    if (kind === 'signed-out') return undefined;
    if (kind === 'none') return `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ ...claims, iss: JWT_ISSUER, aud: JWT_AUDIENCE, exp: now + ttl })}.`;
    const jwt = new SignJWT(claims)
      .setProtectedHeader({ alg: kind === 'hs256' ? 'HS256' : 'ES256', kid: KID })
      .setIssuer(kind === 'wrong-issuer' ? 'https://evil.test/' : JWT_ISSUER)
      .setAudience(kind === 'wrong-audience' ? 'another-app' : JWT_AUDIENCE)
      .setIssuedAt(now - 600)
      .setExpirationTime(kind === 'expired' ? now - 120 : now + ttl);
    if (kind === 'not-yet-valid') jwt.setNotBefore(now + 600);
    if (kind === 'hs256') return jwt.sign(new TextEncoder().encode(publicPem)); // the public key's text as an HMAC secret
    return jwt.sign(kind === 'wrong-key' ? stranger.privateKey : privateKey);
  }

  async function serveToken(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const query = new URL(req.url ?? '/', 'http://test.invalid').searchParams;
    const value = await token((query.get('kind') ?? 'valid') as TokenKind, query.get('login') ?? 'user1', Number(query.get('ttl') ?? 300));
    // Like a CRM whose session ended: no token.
    if (!value) return void res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"signed out"}');
    const expiresIn = query.get('expires_in');
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify({ token: value, ...(expiresIn ? { expires_in: Number(expiresIn) } : {}) }));
  }

  return {
    owns: (url: string) => url.startsWith('/jwt/'),
    async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
      const path = (req.url ?? '/').split('?')[0];
      if (path === '/jwt/jwks.json') return void res.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
      if (path === '/jwt/token') return serveToken(req, res);
      await gateway.handle(req, res);
    },
    close(): void {
      gateway.close();
      upstream.close();
    },
  };
}
