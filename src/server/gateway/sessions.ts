/**
 * Server-side sessions. The browser's cookie carries only an opaque random
 * id (256 bits); the store keeps who it is (login, role, team, servicekeys),
 * when it expires and when it was last used. Signing out deletes the row, so
 * a copied cookie stops working at once; an administrator can end every
 * session of a user; an idle session ends on its own. The store keeps the
 * id's SHA-256, never the id: a copy of the store opens no session.
 */
import { hash, randomBytes } from 'node:crypto';
import type { GatewayDatabase } from './gateway-store.js';
import { isIdentity, type Identity } from './identity.js';
import { loginKey } from './logins.js';

export interface SessionTimes {
  /** How long a session lasts at most from sign-in. */
  ttlMs: number;
  /** How long a session lasts without a request. */
  idleMs: number;
}

/**
 * Writing `last_used_at` on every poll would be a write (and an fsync) per request: this process keeps the
 * exact last use in memory and writes it every five minutes, so only a restart can end an idle session
 * up to five minutes early.
 */
const TOUCH_EVERY_MS = 5 * 60_000;
/** An id as issued: 43 base64url characters. Anything else is not looked up. */
const ID_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** One-shot hashing: a Hash object per poll costs more than the digest itself. */
const hashOf = (id: string) => hash('sha256', id, 'base64url');

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

export class SessionStore {
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
      // An in-memory store has no other connection: nothing else can change it.
      version: db.memory ? undefined : db.prepare('PRAGMA data_version').pluck(),
    };
  }

  /** A new session for `identity`; the id to put in the cookie. */
  create(identity: Identity): string {
    const id = randomBytes(32).toString('base64url');
    const at = this.now();
    this.statements.insert.run(hashOf(id), identity.login, loginKey(identity.login), JSON.stringify(identity), at, at + this.times.ttlMs, at);
    if (++this.sweeps % 100 === 0) this.sweepExpired();
    return id;
  }

  /** Who holds the session `id`, if it exists, has not expired and was used within the idle timeout. */
  find(id: string | undefined): Identity | undefined {
    if (!id || !ID_SHAPE.test(id)) return undefined;
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
    const hash = hashOf(id);
    const row = this.statements.find.get(hash) as Row | undefined;
    const identity: unknown = row && JSON.parse(row.identity);
    if (!row || !isIdentity(identity)) return undefined;
    const frozen = Object.freeze({ ...identity, servicekeys: Object.freeze([...identity.servicekeys]), team: Object.freeze([...identity.team]) }) as Identity;
    const session = { hash, identity: frozen, loginKey: loginKey(identity.login), expiresAt: row.expires_at, lastUsedAt: row.last_used_at, storedLastUsedAt: row.last_used_at };
    if (this.known.size >= KNOWN_MAX) this.known.clear();
    this.known.set(id, session);
    return session;
  }

  /** Forgets what this process read of a login's sessions (they were ended or changed). */
  private forgetLogin(key: string): void {
    for (const [id, session] of this.known) if (session.loginKey === key) this.known.delete(id);
  }

  /** Ends one session (sign-out). */
  end(id: string | undefined): void {
    if (!id || !ID_SHAPE.test(id)) return;
    this.statements.remove.run(hashOf(id));
    this.known.delete(id);
  }

  /** Ends every session of a login (a leaver, a stolen laptop); how many there were. */
  endAllOf(login: string): number {
    this.forgetLogin(loginKey(login));
    return this.statements.removeLogin.run(loginKey(login)).changes;
  }

  /** A user's role, team or processes changed: every live session of theirs has the new ones from the next request on. */
  updateUser(identity: Identity): number {
    this.forgetLogin(loginKey(identity.login));
    return this.statements.update.run(JSON.stringify(identity), identity.login, loginKey(identity.login)).changes;
  }

  private sweepExpired(): void {
    const at = this.now();
    this.statements.sweep.run(at, at - this.times.idleMs);
    this.known.clear();
  }
}
