/**
 * Server-side sessions in the SQLite engine. The browser's cookie carries
 * only an opaque random id; the row keeps who it is (login, role, team,
 * servicekeys), when it expires and when it was last used. Signing out
 * deletes the row, so a copied cookie stops working at once; an
 * administrator can end every session of a user; an idle session ends on
 * its own.
 */
import type { Identity } from '../identity.js';
import { loginKey } from '../logins.js';
import { isSessionId, newSessionId, sessionHash, storedIdentity } from './session-ids.js';
import type { GatewayDatabase } from './sqlite-database.js';
import type { SessionStore, SessionTimes } from './state.js';

/**
 * Writing `last_used_at` on every poll would be a write (and an fsync) per request: this process keeps the
 * exact last use in memory and writes it every five minutes, so only a restart can end an idle session
 * up to five minutes early.
 */
const TOUCH_EVERY_MS = 5 * 60_000;

interface Row {
  identity: string;
  expires_at: number;
  last_used_at: number;
}

/** A session this process has read: what a poll needs, without hashing its id or asking SQLite again. */
interface Known {
  hash: string;
  identity: Identity;
  loginKey: string;
  expiresAt: number;
  lastUsedAt: number;
  /** The last use as the store has it. */
  storedLastUsedAt: number;
}

/** How stale another process's sign-out or change may be here, at most. */
const VERSION_CHECK_MS = 250;

/** Sessions kept in memory at most (a shift's agents and more); past it the memory starts again. */
const KNOWN_MAX = 50_000;

export class SqliteSessionStore implements SessionStore {
  private readonly statements;
  /**
   * Sessions read, by id. Whatever this process changes, it changes here too, so a sign-out through
   * this gateway holds from the next request on. Whatever another process sharing the store file
   * commits changes SQLite's `data_version`, looked at most every VERSION_CHECK_MS, and then all of it
   * is read again. (Asking SQLite on every poll cost more than the rest of the gateway's work together
   * in the gateway benchmark: a file lock and a read of the WAL index for each request.)
   */
  private readonly known = new Map<string, Known>();
  private seenVersion: unknown;
  private versionCheckedAt = -Infinity;
  private sweeps = 0;

  constructor(
    db: GatewayDatabase,
    private readonly times: SessionTimes,
    private readonly now: () => number = Date.now,
  ) {
    this.statements = {
      insert: db.prepare('INSERT INTO sessions (id_hash, login, login_key, identity, created_at, expires_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      find: db.prepare('SELECT identity, expires_at, last_used_at FROM sessions WHERE id_hash = ?'),
      touch: db.prepare('UPDATE sessions SET last_used_at = ? WHERE id_hash = ?'),
      remove: db.prepare('DELETE FROM sessions WHERE id_hash = ?'),
      removeLogin: db.prepare('DELETE FROM sessions WHERE login_key = ?'),
      update: db.prepare('UPDATE sessions SET identity = ?, login = ? WHERE login_key = ?'),
      sweep: db.prepare('DELETE FROM sessions WHERE expires_at <= ? OR last_used_at <= ?'),
      active: db.prepare('SELECT COUNT(*) FROM sessions WHERE expires_at > ? AND last_used_at > ?').pluck(),
      // An in-memory store has no other connection: nothing else can change it.
      version: db.memory ? undefined : db.prepare('PRAGMA data_version').pluck(),
    };
  }

  async create(identity: Identity): Promise<string> {
    const id = newSessionId();
    const at = this.now();
    this.statements.insert.run(sessionHash(id), identity.login, loginKey(identity.login), JSON.stringify(identity), at, at + this.times.ttlMs, at);
    if (++this.sweeps % 100 === 0) this.sweepExpired();
    return id;
  }

  find(id: string | undefined): Identity | undefined {
    if (!isSessionId(id)) return undefined;
    const at = this.now();
    if (this.statements.version && at - this.versionCheckedAt >= VERSION_CHECK_MS) {
      this.versionCheckedAt = at;
      const version = this.statements.version.get();
      if (version !== this.seenVersion) {
        this.known.clear();
        this.seenVersion = version;
      }
    }
    const session = this.known.get(id) ?? this.read(id);
    if (!session) return undefined;
    if (session.expiresAt <= at || session.lastUsedAt + this.times.idleMs <= at) {
      this.statements.remove.run(session.hash);
      this.known.delete(id);
      return undefined;
    }
    session.lastUsedAt = at;
    if (at - session.storedLastUsedAt >= TOUCH_EVERY_MS) {
      this.statements.touch.run(at, session.hash);
      session.storedLastUsedAt = at;
    }
    return session.identity;
  }

  private read(id: string): Known | undefined {
    const hash = sessionHash(id);
    const row = this.statements.find.get(hash) as Row | undefined;
    const identity = storedIdentity(row?.identity);
    if (!row || !identity) return undefined;
    const session = { hash, identity, loginKey: loginKey(identity.login), expiresAt: row.expires_at, lastUsedAt: row.last_used_at, storedLastUsedAt: row.last_used_at };
    if (this.known.size >= KNOWN_MAX) this.known.clear();
    this.known.set(id, session);
    return session;
  }

  /** Forgets what this process read of a login's sessions (they were ended or changed). */
  private forgetLogin(key: string): void {
    for (const [id, session] of this.known) if (session.loginKey === key) this.known.delete(id);
  }

  async end(id: string | undefined): Promise<void> {
    if (!isSessionId(id)) return;
    this.statements.remove.run(sessionHash(id));
    this.known.delete(id);
  }

  async endAllOf(login: string): Promise<number> {
    this.forgetLogin(loginKey(login));
    return this.statements.removeLogin.run(loginKey(login)).changes;
  }

  async updateUser(identity: Identity): Promise<number> {
    this.forgetLogin(loginKey(identity.login));
    return this.statements.update.run(JSON.stringify(identity), identity.login, loginKey(identity.login)).changes;
  }

  /**
   * Counted from the rows, whose last use may be up to TOUCH_EVERY_MS behind: none alive is missed, and
   * one that has just gone idle may be counted for that long.
   */
  async active(): Promise<number> {
    const at = this.now();
    return this.statements.active.get(at, at - this.times.idleMs - TOUCH_EVERY_MS) as number;
  }

  private sweepExpired(): void {
    const at = this.now();
    this.statements.sweep.run(at, at - this.times.idleMs);
    this.known.clear();
  }
}
