/**
 * Idempotent writes: the client sends an `Idempotency-Key` with each write;
 * the first answer to a key is stored (SQLite, 24 hours) and a repeat of the
 * key gets that answer without calling Jodo again. A disposition retried
 * after a lost answer is applied once.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const KEY_SHAPE = /^[A-Za-z0-9._:-]{8,128}$/;
const DAY_MS = 24 * 3600 * 1000;

export function isIdempotencyKey(value: unknown): value is string {
  return typeof value === 'string' && KEY_SHAPE.test(value);
}

export class IdempotencyStore {
  private readonly db: Database.Database;
  private readonly pending = new Map<string, { request: string; answer: Promise<string> }>();
  private readonly find: Database.Statement;
  private readonly save: Database.Statement;
  private readonly prune: Database.Statement;
  private writes = 0;

  constructor(
    file = ':memory:',
    private readonly now: () => number = Date.now,
    private readonly ttlMs = DAY_MS,
  ) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('busy_timeout = 5000');
    if (file !== ':memory:') this.db.pragma('journal_mode = WAL');
    this.db.exec(`CREATE TABLE IF NOT EXISTS answers (
      login TEXT NOT NULL, key TEXT NOT NULL, request TEXT NOT NULL, answer TEXT NOT NULL, stored_at INTEGER NOT NULL,
      PRIMARY KEY (login, key))`);
    this.find = this.db.prepare('SELECT request, answer FROM answers WHERE login = ? AND key = ? AND stored_at > ?');
    this.save = this.db.prepare('INSERT OR REPLACE INTO answers (login, key, request, answer, stored_at) VALUES (?, ?, ?, ?, ?)');
    this.prune = this.db.prepare('DELETE FROM answers WHERE stored_at <= ?');
  }

  /**
   * The answer for `key`: the stored one if the key was seen with the same
   * request (`replayed`), else `send()`'s, stored. The same key in flight twice
   * waits for the first. A key reused for a different request (another
   * method, another body) is a `conflict`, never someone else's answer.
   */
  async once(login: string, key: string, request: unknown, send: () => Promise<string>): Promise<{ answer: string; replayed: boolean } | { conflict: true }> {
    const id = `${login.toLowerCase()}\u0000${key}`;
    // The request's fingerprint, without the one field that changes on every resend.
    const { reqdatetime: _time, ...stable } = request as Record<string, unknown>;
    const fingerprint = createHash('sha256').update(JSON.stringify(stable)).digest('base64url');
    const stored = this.find.get(login.toLowerCase(), key, this.now() - this.ttlMs) as { request: string; answer: string } | undefined;
    if (stored) return stored.request === fingerprint ? { answer: stored.answer, replayed: true } : { conflict: true };
    const inFlight = this.pending.get(id);
    if (inFlight) return inFlight.request === fingerprint ? { answer: await inFlight.answer, replayed: true } : { conflict: true };
    const sending = send();
    this.pending.set(id, { request: fingerprint, answer: sending });
    try {
      const answer = await sending;
      this.save.run(login.toLowerCase(), key, fingerprint, answer, this.now());
      if (++this.writes % 500 === 0) this.prune.run(this.now() - this.ttlMs);
      return { answer, replayed: false };
    } finally {
      this.pending.delete(id);
    }
  }

  close(): void {
    this.db.close();
  }
}
