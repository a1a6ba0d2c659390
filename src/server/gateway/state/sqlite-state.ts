/**
 * The embedded engine (the default): one SQLite file in the gateway's process.
 * Rate limits count in this process's memory: with one process there is
 * nothing to share them with.
 */
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { SqliteAnswerStore } from './sqlite-answers.js';
import { openGatewayStore, storeSecret } from './sqlite-database.js';
import { SqliteSessionStore } from './sqlite-sessions.js';
import { failingAsUnavailable, type AnswerStore, type GatewayState, type SessionStore, type SessionTimes, type StoreEvents } from './state.js';

export interface SqliteStateOptions {
  /** The file, or `:memory:`. */
  file: string;
  times: SessionTimes;
  /** The fingerprint key (JODO_GATEWAY_SECRET); else the file's own secret. */
  secret?: Buffer;
  now?: () => number;
  events?: StoreEvents;
}

export function openSqliteState({ file, times, secret, now = Date.now, events = {} }: SqliteStateOptions): GatewayState {
  const db = openGatewayStore(file);
  const onError = events.onError ?? (() => undefined);
  return {
    engine: 'sqlite',
    sessions: failingAsUnavailable<SessionStore>(new SqliteSessionStore(db, times, now), onError),
    answers: failingAsUnavailable<AnswerStore>(new SqliteAnswerStore(db, now), onError),
    secret: secret ?? storeSecret(db, 'idempotency-fingerprint'),
    rateLimiter: ({ name, points, durationSeconds }) => new RateLimiterMemory({ keyPrefix: name, points, duration: durationSeconds }),
    async ping() {
      db.prepare('SELECT 1').get();
    },
    ready: async () => true,
    async close() {
      db.close();
    },
  };
}
