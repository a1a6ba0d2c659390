/**
 * Signs agents in with the CRM's own tokens: a JWT in `Authorization: Bearer …`,
 * signed by the CRM's identity provider (its JWKS URL, or a public key file),
 * for this gateway (audience), by that provider (issuer), not expired. Its
 * claims say who the agent is (`jodo_login`, `jodo_role`, `jodo_team`,
 * `jodo_servicekeys`). Any failure is "nobody signed in" (the gateway's 9401,
 * the same for every cause) and one log line naming the kind of failure,
 * never the token.
 */
import { readFileSync } from 'node:fs';
import type { KeyObject } from 'node:crypto';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { isIdentity, type Authenticator, type Identity } from './identity.js';
import { ASYMMETRIC_ALGORITHMS, readPublicKey } from './jwt-public-key.js';
import { bearerAuthenticator } from './bearer-authenticator.js';

export interface JwtAuthenticatorOptions {
  /** The identity provider's key set (`…/jwks.json`): https, or http on this machine. Fetched once and cached by jose. */
  jwksUrl?: string | URL;
  /** Or its public key file: PEM (`BEGIN PUBLIC KEY`), an X.509 certificate, or a public JWK. */
  publicKeyFile?: string;
  /** Or the text of such a key. */
  publicKey?: string;
  /** The `iss` every token must carry. */
  issuer: string;
  /** The `aud` a token must name (one of these). */
  audience: string | string[];
  /** The claim holding the agent's Jodo login. Default `jodo_login`; `email` when the provider's e-mail is the login. */
  loginClaim?: string;
  /** Accepted signature algorithms, asymmetric ones only; by default all those the key can verify. */
  algorithms?: string[];
  /** Leeway for `exp` and `nbf` between the provider's clock and this one. Default 30 s. */
  clockToleranceSeconds?: number;
  /** One line per refused token (the kind of failure), never the token. Default: stderr. */
  log?: (line: string) => void;
  now?: () => number;
}

/** What the log says about a refused token: fixed words, never anything read from the token. */
function failureKind(error: unknown, usesKeySet: boolean): string {
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    const claims: Record<string, string> = { aud: 'wrong audience', iss: 'wrong issuer', nbf: 'not yet valid', exp: 'no expiry', iat: 'bad issue time' };
    return claims[error.claim] ?? 'bad claims';
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'bad signature';
  if (error instanceof errors.JWKSNoMatchingKey) return 'unknown signing key';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'algorithm not allowed';
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid || error instanceof errors.JOSENotSupported) return 'malformed';
  // The provider's key set could not be fetched or read (timeout, HTTP error, not a JWKS).
  return usesKeySet ? 'key set unavailable' : 'malformed';
}

/** The agent a verified token names; undefined when its claims do not make one. */
function identityOf(payload: JWTPayload, loginClaim: string): Identity | undefined {
  const login = payload[loginClaim];
  const identity = {
    login: typeof login === 'string' ? login.trim() : login,
    role: payload['jodo_role'] ?? 'agent',
    servicekeys: payload['jodo_servicekeys'] ?? [],
    team: payload['jodo_team'] ?? [],
  };
  return isIdentity(identity) ? Object.freeze({ ...identity, servicekeys: [...identity.servicekeys], team: [...identity.team] }) : undefined;
}

const MAX_TOKEN_CHARS = 8192;
/** How long a verified token is taken on trust (never past its `exp`): an agent's toolbar sends the same one every few seconds. */
const VERIFIED_FOR_MS = 60_000;
const VERIFIED_MAX = 10_000;

function keySource(options: JwtAuthenticatorOptions): { key: KeyObject | ReturnType<typeof createRemoteJWKSet>; algorithms: readonly string[] } {
  const given = [options.jwksUrl, options.publicKeyFile, options.publicKey].filter((source) => source !== undefined && source !== '');
  if (given.length !== 1) throw new Error('jwtAuthenticator needs one of jwksUrl, publicKeyFile or publicKey');
  if (options.jwksUrl) {
    const url = new URL(options.jwksUrl);
    // Over plain http anyone on the way could hand the gateway their own keys.
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname))) {
      throw new Error(`the JWKS URL must be https (http only on this machine), not ${url.protocol}`);
    }
    return { key: createRemoteJWKSet(url), algorithms: ASYMMETRIC_ALGORITHMS };
  }
  if (options.publicKeyFile) {
    let text: string;
    try {
      text = readFileSync(options.publicKeyFile, 'utf8');
    } catch {
      throw new Error(`the public key file ${options.publicKeyFile} cannot be read`);
    }
    return readPublicKey(text, options.publicKeyFile);
  }
  return readPublicKey(options.publicKey!, 'the publicKey option');
}

/** An `Authenticator` for the gateway's `authenticate` option: the agent a valid bearer JWT names, else undefined. */
export function jwtAuthenticator(options: JwtAuthenticatorOptions): Authenticator {
  if (!options.issuer) throw new Error('jwtAuthenticator needs the issuer its tokens come from');
  if (!options.audience || (Array.isArray(options.audience) && options.audience.length === 0)) throw new Error('jwtAuthenticator needs the audience its tokens are for');
  const source = keySource(options);
  const refused = options.algorithms?.filter((alg) => !source.algorithms.includes(alg)) ?? [];
  if (refused.length) throw new Error(`jwtAuthenticator does not accept ${refused.join(', ')}: only asymmetric algorithms its key can verify`);
  const algorithms = options.algorithms?.length ? options.algorithms : [...source.algorithms];
  const loginClaim = options.loginClaim || 'jodo_login';
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const now = options.now ?? Date.now;
  const usesKeySet = typeof source.key === 'function';
  const verified = new Map<string, { identity: Identity; until: number }>();

  return bearerAuthenticator(async (token) => {
    const at = now();
    const known = verified.get(token);
    if (known && known.until > at) return known.identity;
    if (known) verified.delete(token);
    const refuse = (kind: string) => void log(`gateway: a bearer token was refused: ${kind}`);
    if (token.length > MAX_TOKEN_CHARS) return refuse('malformed');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, source.key as KeyObject, {
        algorithms,
        issuer: options.issuer,
        audience: options.audience,
        clockTolerance: options.clockToleranceSeconds ?? 30,
        requiredClaims: ['exp'],
        currentDate: new Date(at),
      }));
    } catch (error) {
      return refuse(failureKind(error, usesKeySet));
    }
    const identity = identityOf(payload, loginClaim);
    if (!identity) return refuse('no valid agent in its claims');
    if (verified.size >= VERIFIED_MAX) verified.clear();
    verified.set(token, { identity, until: Math.min(payload.exp! * 1000, at + VERIFIED_FOR_MS) });
    return identity;
  });
}

/**
 * The JWT sign-in the environment configures: `JODO_JWT_JWKS_URL` or `JODO_JWT_PUBLIC_KEY_FILE`, with
 * `JODO_JWT_ISSUER`, `JODO_JWT_AUDIENCE` (several separated by commas) and optionally `JODO_JWT_LOGIN_CLAIM`.
 * Undefined when neither key source is set; throws, naming the variable, when one is but the rest is missing.
 */
export function jwtAuthenticatorFromEnv(env: Record<string, string | undefined>, options: Pick<JwtAuthenticatorOptions, 'log' | 'now'> = {}): Authenticator | undefined {
  const value = (name: string) => env[name]?.trim() || undefined;
  const jwksUrl = value('JODO_JWT_JWKS_URL');
  const publicKeyFile = value('JODO_JWT_PUBLIC_KEY_FILE');
  if (!jwksUrl && !publicKeyFile) return undefined;
  if (jwksUrl && publicKeyFile) throw new Error('set JODO_JWT_JWKS_URL or JODO_JWT_PUBLIC_KEY_FILE, not both');
  const issuer = value('JODO_JWT_ISSUER');
  if (!issuer) throw new Error('JODO_JWT_ISSUER is missing: the iss of the tokens the gateway accepts');
  const audience = value('JODO_JWT_AUDIENCE')?.split(',').map((aud) => aud.trim()).filter(Boolean);
  if (!audience?.length) throw new Error('JODO_JWT_AUDIENCE is missing: the aud of the tokens the gateway accepts');
  const loginClaim = value('JODO_JWT_LOGIN_CLAIM');
  return jwtAuthenticator({ ...(jwksUrl ? { jwksUrl } : { publicKeyFile: publicKeyFile! }), issuer, audience, ...(loginClaim ? { loginClaim } : {}), ...options });
}
