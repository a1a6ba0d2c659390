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

/** Writing `last_used_at` on every poll would be a write per request: once a minute is precise enough for an idle timeout of minutes. */
const TOUCH_EVERY_MS = 60_000;
/** An id as issued: 43 base64url characters. Anything else is not looked up. */
const ID_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** One-shot hashing: a Hash object per poll costs more than the digest itself. */
const hashOf = (id: string) => hash('sha256', id, 'base64url');

interface Row {
  identity: string;
  expires_at: number;
  last_used_at: number;
}

export class SessionStore {
  private readonly statements;
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
    const hash = hashOf(id);
    const row = this.statements.find.get(hash) as Row | undefined;
    if (!row) return undefined;
    const at = this.now();
    if (row.expires_at <= at || row.last_used_at + this.times.idleMs <= at) {
      this.statements.remove.run(hash);
      return undefined;
    }
    if (at - row.last_used_at >= TOUCH_EVERY_MS) this.statements.touch.run(at, hash);
    return this.identityOf(row.identity);
  }

  /** Identities read from the store, by their stored text: a toolbar polls every few seconds with the same one. */
  private readonly identities = new Map<string, Identity>();

  private identityOf(text: string): Identity | undefined {
    const known = this.identities.get(text);
    if (known) return known;
    const identity: unknown = JSON.parse(text);
    if (!isIdentity(identity)) return undefined;
    if (this.identities.size >= 10_000) this.identities.clear();
    this.identities.set(text, Object.freeze({ ...identity, servicekeys: Object.freeze([...identity.servicekeys]), team: Object.freeze([...identity.team]) }) as Identity);
    return this.identities.get(text);
  }

  /** Ends one session (sign-out). */
  end(id: string | undefined): void {
    if (id && ID_SHAPE.test(id)) this.statements.remove.run(hashOf(id));
  }

  /** Ends every session of a login (a leaver, a stolen laptop); how many there were. */
  endAllOf(login: string): number {
    return this.statements.removeLogin.run(loginKey(login)).changes;
  }

  /** A user's role, team or processes changed: every live session of theirs has the new ones from the next request on. */
  updateUser(identity: Identity): number {
    return this.statements.update.run(JSON.stringify(identity), identity.login, loginKey(identity.login)).changes;
  }

  private sweepExpired(): void {
    const at = this.now();
    this.statements.sweep.run(at, at - this.times.idleMs);
  }
}
