/**
 * The SQLite engine's file: sessions, the answers kept for idempotency keys
 * (and the keys reserved by requests still in flight) and the store's own
 * secret, in one file readable by its owner only (`:memory:` for a throwaway
 * one).
 */
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { prepareOwnerOnlyFile } from '../../store/owner-only-file.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS secrets (
  name TEXT PRIMARY KEY,
  value BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
  id_hash TEXT PRIMARY KEY,
  login TEXT NOT NULL,
  login_key TEXT NOT NULL,
  identity TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  last_used_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_login ON sessions(login_key);
CREATE INDEX IF NOT EXISTS sessions_expiry ON sessions(expires_at);
CREATE TABLE IF NOT EXISTS answers (
  scope TEXT NOT NULL,
  key TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  -- NULL while the request that reserved the key is in flight (its token set)
  answer TEXT,
  token TEXT,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (scope, key)
);
CREATE INDEX IF NOT EXISTS answers_expiry ON answers(expires_at);
`;

/** Bumped when SCHEMA changes: an older file's tables are dropped and made again (sessions and kept answers are short-lived). */
const SCHEMA_VERSION = 3;

export type GatewayDatabase = Database.Database;

export function openGatewayStore(file = ':memory:'): GatewayDatabase {
  prepareOwnerOnlyFile(file);
  const db = new Database(file);
  db.pragma('busy_timeout = 5000');
  if (file !== ':memory:') db.pragma('journal_mode = WAL');
  if (db.pragma('user_version', { simple: true }) !== SCHEMA_VERSION) {
    db.transaction(() => {
      for (const table of ['answers', 'sessions', 'secrets']) db.exec(`DROP TABLE IF EXISTS ${table}`);
      db.exec(SCHEMA);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    }).immediate();
  }
  return db;
}

/**
 * A random secret of this store, made on first use and kept with it: the key of the idempotency
 * fingerprints when no JODO_GATEWAY_SECRET is given, so a copy of the store does not let anyone test
 * guesses of what a request held.
 */
export function storeSecret(db: GatewayDatabase, name: string): Buffer {
  db.prepare('INSERT OR IGNORE INTO secrets (name, value) VALUES (?, ?)').run(name, randomBytes(32));
  return (db.prepare('SELECT value FROM secrets WHERE name = ?').get(name) as { value: Buffer }).value;
}
