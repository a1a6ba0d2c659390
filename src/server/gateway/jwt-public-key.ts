/**
 * Reads the public key an identity provider signs agents' tokens with (a PEM
 * public key, an X.509 certificate or a JWK) and the signature algorithms it
 * can check: asymmetric ones only, so no token can pick a shared-secret
 * algorithm (HS256 keyed with the public key's text) or none at all.
 */
import { X509Certificate, createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';

/** What a JWT may be signed with: the key pair algorithms of RFC 7518 and 8037. Never `none`, never HS*. */
export const ASYMMETRIC_ALGORITHMS: readonly string[] = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];

const RSA = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];
const EC_CURVES: Record<string, string> = { prime256v1: 'ES256', secp384r1: 'ES384', secp521r1: 'ES512' };

/** The algorithms a key can verify: an RSA key does not check an ES256 token, whatever its header says. */
export function algorithmsFor(key: KeyObject): string[] {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return RSA;
    case 'rsa-pss':
      return RSA.filter((alg) => alg.startsWith('PS'));
    case 'ec': {
      const alg = EC_CURVES[key.asymmetricKeyDetails?.namedCurve ?? ''];
      if (alg) return [alg];
      break;
    }
    case 'ed25519':
      return ['EdDSA', 'Ed25519'];
  }
  throw new Error(`a ${key.asymmetricKeyType ?? 'symmetric'} key cannot verify agents' tokens: use RSA, EC (P-256, P-384, P-521) or Ed25519`);
}

/** A public key from the text of a key file; `source` names the file in errors. Refuses private and symmetric keys. */
export function readPublicKey(text: string, source: string): { key: KeyObject; algorithms: string[] } {
  // The gateway only checks signatures: a private key here means the signing key was copied where it should not be.
  if (/PRIVATE KEY-----/.test(text)) throw new Error(`${source} holds a private key: give the gateway the public key (or certificate) only`);
  let key: KeyObject;
  let alg: unknown;
  try {
    if (text.trim().startsWith('{')) {
      const jwk = JSON.parse(text) as JsonWebKey;
      if (jwk.kty === 'oct' || 'd' in jwk) throw new Error('not a public key');
      alg = jwk.alg;
      key = createPublicKey({ key: jwk, format: 'jwk' });
    } else if (text.includes('-----BEGIN CERTIFICATE-----')) {
      key = new X509Certificate(text).publicKey;
    } else {
      key = createPublicKey(text);
    }
  } catch {
    throw new Error(`${source} is not a public key: give a PEM public key ("BEGIN PUBLIC KEY"), an X.509 certificate or a public JWK`);
  }
  const algorithms = algorithmsFor(key);
  if (alg === undefined) return { key, algorithms };
  // A JWK that names its algorithm is used for that one only.
  if (typeof alg !== 'string' || !algorithms.includes(alg)) throw new Error(`${source} names an algorithm its key cannot verify`);
  return { key, algorithms: [alg] };
}
