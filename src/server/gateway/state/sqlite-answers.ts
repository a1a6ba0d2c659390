/**
 * Idempotency keys in the SQLite engine: a key is reserved in a write
 * transaction (so two processes sharing the file cannot both take it), the
 * answer kept in the same row, the row given back when no answer came.
 */
import { randomBytes } from 'node:crypto';
import type { GatewayDatabase } from './sqlite-database.js';
import type { AnswerStore, Reservation } from './state.js';

interface Row {
  fingerprint: string;
  answer: string | null;
  token: string | null;
  expires_at: number;
}

/** Expired rows are deleted every this many reservations. */
const PRUNE_EVERY = 500;

export class SqliteAnswerStore implements AnswerStore {
  private readonly statements;
  private readonly reserveAtomically;
  private readonly completeAtomically;
  private reservations = 0;

  constructor(
    db: GatewayDatabase,
    private readonly now: () => number = Date.now,
  ) {
    this.statements = {
      find: db.prepare('SELECT fingerprint, answer, token, expires_at FROM answers WHERE scope = ? AND key = ?'),
      reserve: db.prepare('INSERT OR REPLACE INTO answers (scope, key, fingerprint, answer, token, expires_at) VALUES (?, ?, ?, NULL, ?, ?)'),
      complete: db.prepare('UPDATE answers SET answer = ?, token = NULL, expires_at = ? WHERE scope = ? AND key = ? AND token = ?'),
      keep: db.prepare('INSERT OR REPLACE INTO answers (scope, key, fingerprint, answer, token, expires_at) VALUES (?, ?, ?, ?, NULL, ?)'),
      release: db.prepare('DELETE FROM answers WHERE scope = ? AND key = ? AND token = ?'),
      renew: db.prepare('UPDATE answers SET expires_at = ? WHERE scope = ? AND key = ? AND token = ?'),
      prune: db.prepare('DELETE FROM answers WHERE expires_at <= ?'),
    };
    this.reserveAtomically = db.transaction((scope: string, key: string, fingerprint: string, leaseMs: number): Reservation => {
      const at = this.now();
      const row = this.statements.find.get(scope, key) as Row | undefined;
      if (row && row.expires_at > at) {
        if (row.answer !== null) return { state: 'answered', fingerprint: row.fingerprint, answer: row.answer };
        return { state: 'in-flight', fingerprint: row.fingerprint, retryAfterMs: row.expires_at - at };
      }
      const token = randomBytes(16).toString('base64url');
      this.statements.reserve.run(scope, key, fingerprint, token, at + leaseMs);
      return { state: 'reserved', token };
    });
    this.completeAtomically = db.transaction((scope: string, key: string, token: string, fingerprint: string, answer: string, ttlMs: number) => {
      const at = this.now();
      if (this.statements.complete.run(answer, at + ttlMs, scope, key, token).changes) return;
      // The lease ran out while Jodo answered: the answer is still the one to keep, unless another request holds the key now.
      const row = this.statements.find.get(scope, key) as Row | undefined;
      if (!row || row.expires_at <= at) this.statements.keep.run(scope, key, fingerprint, answer, at + ttlMs);
    });
  }

  async reserve(scope: string, key: string, fingerprint: string, leaseMs: number): Promise<Reservation> {
    if (++this.reservations % PRUNE_EVERY === 0) this.statements.prune.run(this.now());
    // IMMEDIATE: the write lock is taken before the read, so the read and the reservation are one step.
    return this.reserveAtomically.immediate(scope, key, fingerprint, leaseMs);
  }

  async complete(scope: string, key: string, token: string, fingerprint: string, answer: string, ttlMs: number): Promise<void> {
    this.completeAtomically.immediate(scope, key, token, fingerprint, answer, ttlMs);
  }

  async renew(scope: string, key: string, token: string, leaseMs: number): Promise<void> {
    this.statements.renew.run(this.now() + leaseMs, scope, key, token);
  }

  async release(scope: string, key: string, token: string): Promise<void> {
    this.statements.release.run(scope, key, token);
  }
}
