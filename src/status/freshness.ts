/**
 * How fresh an agent's status is: the snapshot a subscriber of the status hub
 * gets, how long the agent has been in its state, how old the answer is and
 * whether it is too old to show as current.
 */
import type { RequestProblem } from '../api/request-problem.js';
import type { AgentStatus } from '../api/response.js';

export interface StatusSnapshot {
  /** The agent as Jodo last answered; absent before the first answer. */
  agent?: AgentStatus;
  /** When (page clock, ms) the last good answer arrived: the state's duration counts on from then. */
  receivedAt?: number;
  /**
   * When (page clock, ms) the state was last confirmed unchanged, if after `receivedAt`: the gateway's event
   * stream says so after every round of polls, without sending the state again (status-stream.ts).
   */
  checkedAt?: number;
  /** The poll interval in force when it arrived: the yardstick of staleness. */
  intervalMs?: number;
  /** True while the last poll failed: the data shown is old. */
  failing: boolean;
  /** What went wrong with the last poll, as facts: worded where shown (`pollProblemWords`), in the language shown then. */
  problem?: RequestProblem;
}

/** Data older than this many intervals is stale: shown as such, never as current. */
export const STALE_AFTER_INTERVALS = 3;

/** Seconds the agent has been in its state: Jodo's duration plus the time since that answer arrived. */
export function secondsInState(snapshot: StatusSnapshot | undefined, now = Date.now()): number {
  const duration = snapshot?.agent?.durationSeconds ?? 0;
  const since = snapshot?.receivedAt === undefined ? 0 : Math.floor((now - snapshot.receivedAt) / 1000);
  return duration + Math.max(0, since);
}

/** When (page clock, ms) the last good answer or confirmation came; undefined before the first. */
export function lastGoodAnswerAt(snapshot: StatusSnapshot | undefined): number | undefined {
  return snapshot?.checkedAt ?? snapshot?.receivedAt;
}

/** Milliseconds since the last good answer (or confirmation); undefined before the first. */
export function snapshotAge(snapshot: StatusSnapshot | undefined, now = Date.now()): number | undefined {
  const at = lastGoodAnswerAt(snapshot);
  return at === undefined ? undefined : Math.max(0, now - at);
}

/** The last poll failed, or the last answer is older than three intervals. */
export function isStale(snapshot: StatusSnapshot | undefined, now = Date.now()): boolean {
  if (!snapshot) return false;
  if (snapshot.failing) return true;
  const age = snapshotAge(snapshot, now);
  return age !== undefined && snapshot.intervalMs !== undefined && age > STALE_AFTER_INTERVALS * snapshot.intervalMs;
}
