/**
 * The sandbox's dialer: takes queued voice records to Ready agents and walks
 * each call through Dialling (8) or ACD (4, a customer calling in) ->
 * Talking (5) -> Wrapup (7), where the agent stays until saveDisposition.
 * A messenger record (its spoken message made, messenger.ts) is called with
 * no agent: the call plays the message, which is also its recording.
 */
import { AgentStates, VOICE_IN, VOICE_OUT } from '../../api/codes.js';
import { formatJodoDateTime, isMobileNumber } from '../../api/rules.js';
import { setAgentState } from './agents.js';
import { insertCall } from './calls.js';
import { inWriteTransaction, sql, type CallRow, type RecordRow, type SandboxDatabase } from './store.js';

export interface DialerTimings {
  /** Dialling or ringing, before the customer answers. */
  ringMs: number;
  /** Talking; also the recording's length (2 to 30 s). */
  talkMs: number;
}

/** Agents of an organisation who are Ready and not in a call (the one pinned, when `@login` is set). */
const FREE_AGENT = `SELECT login FROM agents WHERE apikey = @apikey AND state = @ready AND (@login IS NULL OR login = @login)
  AND NOT EXISTS (SELECT 1 FROM calls WHERE calls.login = agents.login AND phase != 'done')`;

export const DEFAULT_TIMINGS: DialerTimings = { ringMs: 3_000, talkMs: 8_000 };

/** A record the dialer may call: voice media and a number it can dial ("if media is voice & contact number is valid"). */
export function isDiallable(media: number | null, mobilenumber: string | null): boolean {
  return (media === VOICE_IN || media === VOICE_OUT) && isMobileNumber(mobilenumber);
}

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
    private readonly onError: (error: unknown) => void = () => {},
  ) {
    this.running = running;
  }

  /** Moves every call whose phase is over, then hands queued records to free agents. */
  tick(now: Date = this.clock()): void {
    inWriteTransaction(this.db, () => {
      this.advanceCalls(now);
      if (!this.running) return;
      this.assignRecords(now);
      this.playMessages(now);
    });
  }

  start(intervalMs = 500): void {
    this.stop();
    this.timer = setInterval(() => {
      try {
        this.tick();
      } catch (error) {
        // A busy store (another process writing) is retried on the next tick.
        this.onError(error);
      }
    }, intervalMs);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Each phase ends at its own time, so a late tick catches up with every step it missed. */
  private advanceCalls(now: Date): void {
    const dueCalls = sql(this.db, "SELECT * FROM calls WHERE phase != 'done' AND phase_until <= ? ORDER BY phase_until");
    for (let due = dueCalls.all(now.getTime()) as CallRow[]; due.length; due = dueCalls.all(now.getTime()) as CallRow[]) {
      for (const call of due) {
        const at = call.phase_until!;
        // A message plays for as long as it is, and is the recording; an agent's call lasts the talk time.
        const message = call.audio_id === null ? undefined : (sql(this.db, 'SELECT seconds FROM audio WHERE id = ?').get(call.audio_id) as { seconds: number } | undefined);
        const seconds = message ? message.seconds : recordingSeconds(this.timings.talkMs);
        if (call.phase === 'talking') {
          sql(this.db, "UPDATE calls SET phase = 'done', phase_until = NULL, ended_at = ?, recording_seconds = ? WHERE systemcallid = ?")
            .run(at, seconds, call.systemcallid);
          if (call.login) setAgentState(this.db, call.login, AgentStates.Wrapup, at);
        } else {
          sql(this.db, "UPDATE calls SET phase = 'talking', phase_until = ? WHERE systemcallid = ?")
            .run(at + (message ? Math.ceil(message.seconds * 1000) : this.timings.talkMs), call.systemcallid);
          if (call.login) setAgentState(this.db, call.login, AgentStates.Talking, at);
        }
      }
    }
  }

  /**
   * Hot Leads first; within a priority, calls pinned to an agent before calls
   * any agent may take. Only records some free agent can take are read, so
   * records nobody can take (another organisation's with no agents, a pinned
   * login that is busy or gone) never crowd out the ones that can go.
   */
  private assignRecords(now: Date): void {
    const queued = sql(
      this.db,
      `SELECT records.*, processes.apikey AS apikey FROM records JOIN processes ON processes.id = records.process_id
       WHERE dial_status = 'queued' AND dial_at <= @now AND records.audio_id IS NULL
       AND EXISTS (${FREE_AGENT.replaceAll('@apikey', 'processes.apikey').replaceAll('@login', 'records.dial_login')})
       ORDER BY dial_priority, dial_login IS NULL, dial_at, records.id LIMIT 100`,
    ).all({ now: formatJodoDateTime(now), ready: AgentStates.Ready }) as (RecordRow & { apikey: string })[];
    const freeAgent = sql(this.db, `${FREE_AGENT} ORDER BY state_since, login LIMIT 1`);
    for (const record of queued) {
      const agent = freeAgent.get({ apikey: record.apikey, ready: AgentStates.Ready, login: record.dial_login }) as { login: string } | undefined;
      if (!agent) continue; // taken by an earlier record of this tick
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
      sql(this.db, "UPDATE records SET dial_status = 'dialled' WHERE id = ?").run(record.id);
      setAgentState(this.db, agent.login, inbound ? AgentStates.ACD : AgentStates.Dialling, now.getTime());
    }
  }

  /** Messenger records whose time has come are called with no agent (an empty login): the call plays their message. */
  private playMessages(now: Date): void {
    const due = sql(
      this.db,
      "SELECT * FROM records WHERE dial_status = 'queued' AND dial_at <= ? AND audio_id IS NOT NULL ORDER BY dial_priority, dial_at, id LIMIT 100",
    ).all(formatJodoDateTime(now)) as RecordRow[];
    for (const record of due) {
      const call = insertCall(
        this.db,
        {
          process_id: record.process_id,
          login: '',
          mobilenumber: record.mobilenumber,
          record_id: record.id,
          media: VOICE_OUT,
          phase: 'dialling',
          phase_until: now.getTime() + this.timings.ringMs,
          recording_seconds: null,
          audio_id: record.audio_id,
        },
        now,
      );
      sql(this.db, "UPDATE records SET dial_status = 'dialled', systemcallid = ? WHERE id = ?").run(call.systemcallid, record.id);
    }
  }
}
