/**
 * The sandbox's dialer: takes queued voice records to Ready agents and walks
 * each call through Dialling (8) or ACD (4, a customer calling in) ->
 * Talking (5) -> Wrapup (7), where the agent stays until saveDisposition.
 */
import { AgentStates, VOICE_IN } from '../../api/codes.js';
import { formatJodoDateTime } from '../../api/rules.js';
import { setAgentState } from './agents.js';
import { insertCall } from './calls.js';
import type { CallRow, RecordRow, SandboxDatabase } from './store.js';

export interface DialerTimings {
  /** Dialling or ringing, before the customer answers. */
  ringMs: number;
  /** Talking; also the recording's length (2 to 30 s). */
  talkMs: number;
}

export const DEFAULT_TIMINGS: DialerTimings = { ringMs: 3_000, talkMs: 8_000 };

export function recordingSeconds(talkMs: number): number {
  return Math.min(30, Math.max(2, Math.round(talkMs / 1000)));
}

export class Dialer {
  /** Whether queued records are taken; calls already under way always finish. */
  running: boolean;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly db: SandboxDatabase,
    private readonly clock: () => Date,
    running = true,
    readonly timings: DialerTimings = DEFAULT_TIMINGS,
  ) {
    this.running = running;
  }

  /** Moves every call whose phase is over, then hands queued records to free agents. */
  tick(now: Date = this.clock()): void {
    this.db.transaction(() => {
      this.advanceCalls(now);
      if (this.running) this.assignRecords(now);
    })();
  }

  start(intervalMs = 500): void {
    this.stop();
    this.timer = setInterval(() => this.tick(), intervalMs);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Each phase ends at its own time, so a late tick catches up with every step it missed. */
  private advanceCalls(now: Date): void {
    const dueCalls = this.db.prepare("SELECT * FROM calls WHERE phase != 'done' AND phase_until <= ? ORDER BY phase_until");
    for (let due = dueCalls.all(now.getTime()) as CallRow[]; due.length; due = dueCalls.all(now.getTime()) as CallRow[]) {
      for (const call of due) {
        const at = call.phase_until!;
        if (call.phase === 'talking') {
          this.db
            .prepare("UPDATE calls SET phase = 'done', phase_until = NULL, ended_at = ?, recording_seconds = ? WHERE systemcallid = ?")
            .run(at, recordingSeconds(this.timings.talkMs), call.systemcallid);
          setAgentState(this.db, call.login, AgentStates.Wrapup, at);
        } else {
          this.db
            .prepare("UPDATE calls SET phase = 'talking', phase_until = ? WHERE systemcallid = ?")
            .run(at + this.timings.talkMs, call.systemcallid);
          setAgentState(this.db, call.login, AgentStates.Talking, at);
        }
      }
    }
  }

  /** Hot Leads first; within a priority, calls pinned to an agent before calls any agent may take. */
  private assignRecords(now: Date): void {
    const queued = this.db
      .prepare(
        `SELECT records.*, processes.apikey AS apikey FROM records JOIN processes ON processes.id = records.process_id
         WHERE dial_status = 'queued' AND dial_at <= ? ORDER BY dial_priority, dial_login IS NULL, dial_at, records.id LIMIT 100`,
      )
      .all(formatJodoDateTime(now)) as (RecordRow & { apikey: string })[];
    const freeAgent = this.db.prepare(
      `SELECT login FROM agents WHERE apikey = @apikey AND state = @ready AND (@login IS NULL OR login = @login)
       AND NOT EXISTS (SELECT 1 FROM calls WHERE calls.login = agents.login AND phase != 'done')
       ORDER BY state_since, login LIMIT 1`,
    );
    for (const record of queued) {
      const agent = freeAgent.get({ apikey: record.apikey, ready: AgentStates.Ready, login: record.dial_login }) as { login: string } | undefined;
      if (!agent) continue;
      const inbound = record.media === VOICE_IN;
      insertCall(
        this.db,
        {
          process_id: record.process_id,
          login: agent.login,
          mobilenumber: record.mobilenumber,
          record_id: record.id,
          media: record.media ?? VOICE_IN,
          phase: inbound ? 'ringing' : 'dialling',
          phase_until: now.getTime() + this.timings.ringMs,
          recording_seconds: null,
        },
        now,
      );
      this.db.prepare("UPDATE records SET dial_status = 'dialled' WHERE id = ?").run(record.id);
      setAgentState(this.db, agent.login, inbound ? AgentStates.ACD : AgentStates.Dialling, now.getTime());
    }
  }
}
