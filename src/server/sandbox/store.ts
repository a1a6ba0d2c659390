/**
 * The sandbox's SQLite store (better-sqlite3, synchronous: one request is one
 * transaction, so a refused request never leaves half its data behind).
 */
import Database from 'better-sqlite3';
import { LeadStatuses } from '../../api/codes.js';
import { prepareOwnerOnlyFile } from '../store/owner-only-file.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS organisations (
  apikey TEXT PRIMARY KEY
);
CREATE TABLE IF NOT EXISTS processes (
  id INTEGER PRIMARY KEY,
  apikey TEXT NOT NULL REFERENCES organisations(apikey),
  servicekey TEXT NOT NULL UNIQUE COLLATE NOCASE,
  max_callbacks INTEGER NOT NULL,
  callback_window_days INTEGER NOT NULL,
  tts_webhook TEXT,
  tts_template TEXT
);
CREATE TABLE IF NOT EXISTS agents (
  login TEXT PRIMARY KEY COLLATE NOCASE,
  apikey TEXT NOT NULL REFERENCES organisations(apikey),
  userid INTEGER NOT NULL UNIQUE,
  username TEXT NOT NULL,
  usertype TEXT NOT NULL,
  password_md5 TEXT,
  profile TEXT NOT NULL DEFAULT '{}',
  state INTEGER NOT NULL,
  state_since INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS records (
  id INTEGER PRIMARY KEY,
  process_id INTEGER NOT NULL REFERENCES processes(id),
  mobilenumber TEXT,
  customercode TEXT,
  crmuniquefield TEXT,
  media INTEGER,
  fields TEXT NOT NULL,
  storedatetime TEXT NOT NULL,
  dial_status TEXT,
  dial_at TEXT,
  dial_priority INTEGER,
  dial_login TEXT,
  leadstatus INTEGER NOT NULL DEFAULT ${LeadStatuses.FreshCall},
  tts_generation INTEGER NOT NULL DEFAULT 0,
  tts_tries INTEGER NOT NULL DEFAULT 0,
  tts_next_at INTEGER,
  tts_problem TEXT,
  audio_id INTEGER REFERENCES audio(id),
  systemcallid TEXT
);
CREATE INDEX IF NOT EXISTS records_mobile ON records(process_id, mobilenumber);
CREATE INDEX IF NOT EXISTS records_customer ON records(process_id, customercode);
CREATE INDEX IF NOT EXISTS records_crm ON records(process_id, crmuniquefield);
CREATE INDEX IF NOT EXISTS records_stored ON records(process_id, storedatetime);
CREATE INDEX IF NOT EXISTS records_queue ON records(dial_status, dial_priority, dial_at) WHERE dial_status = 'queued';
CREATE INDEX IF NOT EXISTS records_speech ON records(tts_next_at) WHERE tts_next_at IS NOT NULL;
CREATE TABLE IF NOT EXISTS audio (
  id INTEGER PRIMARY KEY,
  content_type TEXT NOT NULL,
  bytes BLOB NOT NULL,
  seconds REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS calls (
  systemcallid TEXT PRIMARY KEY,
  sessionid INTEGER NOT NULL UNIQUE,
  process_id INTEGER NOT NULL REFERENCES processes(id),
  login TEXT NOT NULL,
  mobilenumber TEXT,
  record_id INTEGER,
  media INTEGER NOT NULL,
  phase TEXT NOT NULL,
  phase_until INTEGER,
  started_at INTEGER NOT NULL,
  ended_at INTEGER,
  recording_seconds REAL,
  audio_id INTEGER REFERENCES audio(id)
);
CREATE INDEX IF NOT EXISTS calls_login ON calls(login, started_at);
CREATE TABLE IF NOT EXISTS dispo_masters (
  process_id INTEGER NOT NULL REFERENCES processes(id),
  id INTEGER NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY (process_id, id)
);
CREATE TABLE IF NOT EXISTS dispo_reasons (
  process_id INTEGER NOT NULL REFERENCES processes(id),
  id INTEGER NOT NULL,
  master_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY (process_id, id)
);
CREATE TABLE IF NOT EXISTS dnc (
  process_id INTEGER NOT NULL REFERENCES processes(id),
  number TEXT NOT NULL,
  PRIMARY KEY (process_id, number)
);
CREATE TABLE IF NOT EXISTS dispositions (
  id INTEGER PRIMARY KEY,
  process_id INTEGER NOT NULL REFERENCES processes(id),
  login TEXT NOT NULL,
  master_id INTEGER NOT NULL,
  reason_id INTEGER NOT NULL,
  remarks TEXT NOT NULL,
  selecteddatetime TEXT,
  contactvalue TEXT NOT NULL,
  media INTEGER,
  systemcallid TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS dispositions_callbacks ON dispositions(process_id, contactvalue) WHERE selecteddatetime IS NOT NULL;
`;

/** Bumped whenever SCHEMA changes: an older store file is rebuilt from the fixture instead of failing. */
const SCHEMA_VERSION = 3;

const TABLES = ['dispositions', 'dnc', 'dispo_reasons', 'dispo_masters', 'calls', 'records', 'audio', 'agents', 'processes', 'organisations'];

export interface ProcessRow {
  id: number;
  apikey: string;
  servicekey: string;
  max_callbacks: number;
  callback_window_days: number;
  /** A messenger process's text-to-speech webhook (`SANDBOX_SPEECH` for the sandbox's own engine); null for an ordinary process. */
  tts_webhook: string | null;
  /** The message its records are spoken with, `{{field}}` placeholders filled from each record. */
  tts_template: string | null;
}

export interface AgentRow {
  login: string;
  apikey: string;
  userid: number;
  username: string;
  usertype: string;
  password_md5: string | null;
  profile: string;
  state: number;
  state_since: number;
}

export interface RecordRow {
  id: number;
  process_id: number;
  mobilenumber: string | null;
  customercode: string | null;
  crmuniquefield: string | null;
  media: number | null;
  fields: string;
  storedatetime: string;
  dial_status: string | null;
  dial_at: string | null;
  dial_priority: number | null;
  /** Who the record belongs to (a pinned userlogin, or the agent it was reallocated to): getProcessData's `userlogin`. */
  dial_login: string | null;
  /** Where the record is in Jodo's calling (`LeadStatuses`). */
  leadstatus: number;
  /** Bumped by every import into a messenger process: an answer to an older request for speech is let go. */
  tts_generation: number;
  /** Requests for speech made since the last import. */
  tts_tries: number;
  /** When to ask the webhook (again), ms since the epoch; while a request is out, when it is given up on. Null: nothing to ask. */
  tts_next_at: number | null;
  /** Why the last request for speech failed (`ttsproblem`). */
  tts_problem: string | null;
  /** Its spoken message, once made. */
  audio_id: number | null;
  /** Its messenger call, once dialled. */
  systemcallid: string | null;
}

export interface AudioRow {
  id: number;
  content_type: string;
  bytes: Buffer;
  seconds: number;
}

export type CallPhase = 'dialling' | 'ringing' | 'talking' | 'done';

export interface CallRow {
  systemcallid: string;
  sessionid: number;
  process_id: number;
  login: string;
  mobilenumber: string | null;
  record_id: number | null;
  media: number;
  phase: CallPhase;
  phase_until: number | null;
  started_at: number;
  ended_at: number | null;
  recording_seconds: number | null;
  /** A messenger call's spoken message, which is also its recording; null: a recording the sandbox makes up. */
  audio_id: number | null;
}

export type SandboxDatabase = Database.Database;

/** Opens (and creates) the store; `:memory:` gives a throwaway one. */
export function openStore(file: string): SandboxDatabase {
  prepareOwnerOnlyFile(file);
  const db = new Database(file);
  if (file !== ':memory:') db.pragma('journal_mode = WAL');
  // `npm start` and `npm run sandbox` may share one file: wait for the other's write instead of failing.
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  if (db.pragma('user_version', { simple: true }) !== SCHEMA_VERSION) {
    db.transaction(() => {
      for (const table of TABLES) db.exec(`DROP TABLE IF EXISTS ${table}`);
      db.exec(SCHEMA);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    }).immediate();
  }
  return db;
}

const statements = new WeakMap<SandboxDatabase, Map<string, Database.Statement>>();

/** A prepared statement, compiled once per store: handlers run the same few queries for every row and request. */
export function sql(db: SandboxDatabase, text: string): Database.Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let statement = cache.get(text);
  if (!statement) cache.set(text, (statement = db.prepare(text)));
  return statement;
}

/** Runs `fn` in one write transaction, taking the write lock up front so two processes never deadlock. */
export function inWriteTransaction<T>(db: SandboxDatabase, fn: () => T): T {
  return db.transaction(fn).immediate();
}

export function isEmpty(db: SandboxDatabase): boolean {
  return !sql(db, 'SELECT 1 FROM organisations LIMIT 1').get();
}

export function clearStore(db: SandboxDatabase): void {
  for (const table of TABLES) db.exec(`DELETE FROM ${table}`);
}
