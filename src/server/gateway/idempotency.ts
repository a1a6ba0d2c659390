/**
 * Idempotent writes: the client sends an `Idempotency-Key` with each write;
 * the first answer to a key is stored (24 hours) and a repeat of the key gets
 * that answer without calling Jodo again. A disposition retried after a lost
 * answer is applied once.
 *
 * A key is tied to its request by a fingerprint: an HMAC (with the store's own
 * secret) of the request in canonical JSON (keys sorted, so the same request
 * with its fields in another order is the same request), without the
 * organisation key and without `reqdatetime`, which changes on every resend.
 */
import { createHmac } from 'node:crypto';
import { storeSecret, type GatewayDatabase } from './gateway-store.js';
import { loginKey } from './logins.js';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const KEY_SHAPE = /^[A-Za-z0-9._:-]{8,128}$/;
const DAY_MS = 24 * 3600 * 1000;
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

export class IdempotencyStore {
  private readonly pending = new Map<string, { request: string; answer: Promise<string> }>();
  private readonly secret: Buffer;
  private readonly statements;
  private writes = 0;

  constructor(
    db: GatewayDatabase,
    private readonly now: () => number = Date.now,
    private readonly ttlMs = DAY_MS,
  ) {
    this.secret = storeSecret(db, 'idempotency-fingerprint');
    this.statements = {
      find: db.prepare('SELECT request, answer FROM answers WHERE login = ? AND key = ? AND stored_at > ?'),
      save: db.prepare('INSERT OR REPLACE INTO answers (login, key, request, answer, stored_at) VALUES (?, ?, ?, ?, ?)'),
      prune: db.prepare('DELETE FROM answers WHERE stored_at <= ?'),
    };
  }

  /** What a key is tied to: the request as Jodo would read it, never the key of the organisation. */
  fingerprint(request: Record<string, unknown>): string {
    const asked = Object.fromEntries(Object.entries(request).filter(([field]) => !UNFINGERPRINTED.has(field.toLowerCase())));
    return createHmac('sha256', this.secret).update(canonicalJson(asked)).digest('base64url');
  }

  /**
   * The answer for `key`: the stored one if the key was seen with the same
   * request (`replayed`), else `send()`'s, stored. The same key in flight twice
   * waits for the first. A key reused for a different request (another
   * method, another body) is a `conflict`, never someone else's answer.
   */
  async once(login: string, key: string, request: Record<string, unknown>, send: () => Promise<string>): Promise<{ answer: string; replayed: boolean } | { conflict: true }> {
    const who = loginKey(login);
    const id = `${who}\u0000${key}`;
    const fingerprint = this.fingerprint(request);
    const stored = this.statements.find.get(who, key, this.now() - this.ttlMs) as { request: string; answer: string } | undefined;
    if (stored) return stored.request === fingerprint ? { answer: stored.answer, replayed: true } : { conflict: true };
    const inFlight = this.pending.get(id);
    if (inFlight) return inFlight.request === fingerprint ? { answer: await inFlight.answer, replayed: true } : { conflict: true };
    const sending = send();
    this.pending.set(id, { request: fingerprint, answer: sending });
    try {
      const answer = await sending;
      this.statements.save.run(who, key, fingerprint, answer, this.now());
      if (++this.writes % 500 === 0) this.statements.prune.run(this.now() - this.ttlMs);
      return { answer, replayed: false };
    } finally {
      this.pending.delete(id);
    }
  }
}
