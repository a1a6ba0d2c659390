/**
 * What both session engines share: the id a cookie carries (256 random bits),
 * its SHA-256 (all a store keeps: a copy of the store opens no session), and
 * the identity a session read back from a store is trusted as.
 */
import { hash, randomBytes } from 'node:crypto';
import { isIdentity, type Identity } from '../identity.js';

/** An id as issued: 43 base64url characters. Anything else is not looked up. */
const ID_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export const newSessionId = () => randomBytes(32).toString('base64url');

export const isSessionId = (id: string | undefined): id is string => id !== undefined && ID_SHAPE.test(id);

/** One-shot hashing: a Hash object per poll costs more than the digest itself. */
export const sessionHash = (id: string) => hash('sha256', id, 'base64url');

/** The identity stored as JSON, checked and frozen (nothing downstream may change a session's rights); else undefined. */
export function storedIdentity(json: string | undefined | null): Identity | undefined {
  let identity: unknown;
  try {
    identity = json ? JSON.parse(json) : undefined;
  } catch {
    return undefined;
  }
  if (!isIdentity(identity)) return undefined;
  return Object.freeze({ ...identity, servicekeys: Object.freeze([...identity.servicekeys]), team: Object.freeze([...identity.team]) }) as Identity;
}
