/** Calls: made by the dialer or by `POST /sandbox/calls`, each with a systemcallid, a sessionid and (once done) a recording. */
import { padNumber as pad } from '../../api/rules.js';
import { sql, type CallRow, type SandboxDatabase } from './store.js';

let sequence = 0;

/** `yyMMddHHmmss` + milliseconds + a sequence: 18 digits like the document's `140912183554281005`. */
export function newSystemCallId(db: SandboxDatabase, now: Date): string {
  const stamp =
    pad(now.getFullYear() % 100) + pad(now.getMonth() + 1) + pad(now.getDate()) +
    pad(now.getHours()) + pad(now.getMinutes()) + pad(now.getSeconds()) + pad(now.getMilliseconds(), 3);
  const exists = sql(db, 'SELECT 1 FROM calls WHERE systemcallid = ?');
  for (;;) {
    sequence = (sequence + 1) % 1000;
    const id = stamp + pad(sequence, 3);
    if (!exists.get(id)) return id;
  }
}

/** A call as its maker describes it; the ids and times are the store's to give. */
export type NewCall = Omit<CallRow, 'systemcallid' | 'sessionid' | 'started_at' | 'ended_at' | 'audio_id'> & { audio_id?: number | null };

export function insertCall(db: SandboxDatabase, call: NewCall, now: Date): CallRow {
  const { next } = sql(db, 'SELECT COALESCE(MAX(sessionid), 0) + 1 AS next FROM calls').get() as { next: number };
  const systemcallid = newSystemCallId(db, now);
  const ended = call.phase === 'done' ? now.getTime() : null;
  sql(db, 
    `INSERT INTO calls (systemcallid, sessionid, process_id, login, mobilenumber, record_id, media, phase, phase_until, started_at, ended_at, recording_seconds, audio_id)
     VALUES (@systemcallid, @sessionid, @process_id, @login, @mobilenumber, @record_id, @media, @phase, @phase_until, @started_at, @ended_at, @recording_seconds, @audio_id)`,
  ).run({ audio_id: null, ...call, systemcallid, sessionid: next, started_at: now.getTime(), ended_at: ended });
  return sql(db, 'SELECT * FROM calls WHERE systemcallid = ?').get(systemcallid) as CallRow;
}

/** The agent's call in progress, or else the last one. */
export function latestCall(db: SandboxDatabase, login: string): CallRow | undefined {
  return sql(db, "SELECT * FROM calls WHERE login = ? ORDER BY (phase != 'done') DESC, started_at DESC, sessionid DESC LIMIT 1")
    .get(login) as CallRow | undefined;
}
