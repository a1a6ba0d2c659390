/**
 * Idempotent writes: the client sends an `Idempotency-Key` with each write;
 * the first answer to a key is stored (24 hours) and a repeat of the key gets
 * that answer without calling Jodo again. A disposition retried after a lost
 * answer is applied once. As the IETF Idempotency-Key draft has it: a key is
 * reserved before the write is forwarded, a repeat while the first is in
 * flight elsewhere is told to come back (409, Retry-After), a key reused for
 * another request is refused (422).
 *
 * A key is tied to its request by a fingerprint: an HMAC (with the gateway's
 * secret, the same on every replica) of the request in canonical JSON (keys sorted, so the same request
 * with its fields in another order is the same request), without the
 * organisation key and without `reqdatetime`, which changes on every resend.
 */
import { createHmac } from 'node:crypto';
import { loginKey } from './logins.js';
import type { AnswerStore } from './state/state.js';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const KEY_SHAPE = /^[A-Za-z0-9._:-]{8,128}$/;
const DAY_MS = 24 * 3600 * 1000;
/**
 * When a repeat of a write in flight elsewhere is told to come back: most writes are answered well within it.
 * (The lease can be much longer, and runs out in full only when the replica holding the key died.)
 */
const IN_FLIGHT_RETRY_MS = 1000;
/** Fields that are not part of what a write asks for. */
const UNFINGERPRINTED = new Set(['apikey', 'reqdatetime']);

export function isIdempotencyKey(value: unknown): value is string {
  return typeof value === 'string' && KEY_SHAPE.test(value);
}

/** JSON with every object's keys in order: one text for one value, however its fields were ordered. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const members = Object.keys(value)
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export type Once =
  /** Jodo's answer: just now, or kept from the first request with this key (`replayed`). */
  | { answer: string; replayed: boolean }
  /** The key was used for a different request (another method, another body): never someone else's answer. */
  | { conflict: 'different-request' }
  /** The first request with this key has no answer yet, on another replica: ask again after this long. */
  | { conflict: 'in-flight'; retryAfterMs: number };

export interface IdempotencyOptions {
  answers: AnswerStore;
  /** The key of the fingerprints: the same on every replica. */
  secret: Buffer;
  /**
   * How long a reservation holds without word from its request: renewed every third of it while the request
   * is alive (its checks and its forward may take longer), so only a replica that died lets it run out.
   */
  leaseMs: number;
  /** How long an answer is kept. Default a day. */
  ttlMs?: number;
  /** The store failed to keep an answer already given (a later retry may be sent to Jodo again). */
  onStoreError?: (error: unknown) => void;
}

export class Idempotency {
  /** Requests of this process in flight, by scope and key: a duplicate here waits for the first's answer instead of a 409. */
  private readonly pending = new Map<string, { fingerprint: string; answer: Promise<string> }>();

  constructor(private readonly options: IdempotencyOptions) {}

  /** What a key is tied to: the request as Jodo would read it, never the key of the organisation. */
  fingerprint(request: Record<string, unknown>): string {
    const asked = Object.fromEntries(Object.entries(request).filter(([field]) => !UNFINGERPRINTED.has(field.toLowerCase())));
    return createHmac('sha256', this.options.secret).update(canonicalJson(asked)).digest('base64url');
  }

  /**
   * The answer for `key`: the kept one if the key was seen with the same request (`replayed`), else
   * `send()`'s, kept. The key is reserved in the store before `send()` runs, so on every replica
   * together a key reaches Jodo once; a `send()` that fails without Jodo's answer gives the key back.
   * Throws `StoreUnavailable` when the key cannot be reserved: then nothing is sent.
   */
  async once(login: string, key: string, request: Record<string, unknown>, send: () => Promise<string>): Promise<Once> {
    const scope = loginKey(login);
    const id = `${scope}\u0000${key}`;
    const fingerprint = this.fingerprint(request);
    const waitFor = async (first: { fingerprint: string; answer: Promise<string> }): Promise<Once> =>
      first.fingerprint === fingerprint ? { answer: await first.answer, replayed: true } : { conflict: 'different-request' };
    const local = this.pending.get(id);
    if (local) return waitFor(local);
    const reservation = await this.options.answers.reserve(scope, key, fingerprint, this.options.leaseMs);
    if (reservation.state !== 'reserved') {
      if (reservation.fingerprint !== fingerprint) return { conflict: 'different-request' };
      if (reservation.state === 'answered') return { answer: reservation.answer, replayed: true };
      // Reserved by a request of this process that began while this one asked the store.
      const first = this.pending.get(id);
      return first ? waitFor(first) : { conflict: 'in-flight', retryAfterMs: Math.min(reservation.retryAfterMs, IN_FLIGHT_RETRY_MS) };
    }
    const { token } = reservation;
    const answer = (async () => {
      let text: string;
      const leaseMs = this.options.leaseMs;
      // A renewal the store misses is tried again a third of a lease later; only two misses in a row let the lease run out.
      const renewing = setInterval(() => void this.options.answers.renew(scope, key, token, leaseMs).catch(() => undefined), Math.max(1, Math.floor(leaseMs / 3)));
      try {
        text = await send();
      } catch (error) {
        await this.options.answers.release(scope, key, token).catch(() => undefined); // else the lease runs out
        throw error;
      } finally {
        clearInterval(renewing);
      }
      await this.options.answers.complete(scope, key, token, fingerprint, text, this.options.ttlMs ?? DAY_MS).catch((error: unknown) => this.options.onStoreError?.(error));
      return text;
    })();
    this.pending.set(id, { fingerprint, answer });
    try {
      return { answer: await answer, replayed: false };
    } finally {
      this.pending.delete(id);
    }
  }
}
