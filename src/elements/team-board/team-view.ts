/**
 * What the team board shows, as plain data: one row per agent from the
 * hub's snapshots, the counts per state, and the rows a sort and a filter
 * leave. Pure functions, so 1,000 agents cost one pass each and the rules
 * are tested without a browser.
 */
import { isAgentState, type AgentState } from '../../api/codes.js';
import { MAX_IDS } from '../../api/limits.js';
import { secondsInState, type StatusSnapshot } from '../../status/freshness.js';
import type { StateThresholds } from './thresholds.js';

/** A row's state: one of Jodo's eleven, `unknown` before the first answer, `missing` for a login Jodo does not know. */
export type RowState = AgentState | 'unknown' | 'missing';

export interface TeamRow {
  login: string;
  state: RowState;
  /** Seconds in the current state (ticking between polls); 0 when the state is not known. */
  seconds: number;
  /** The state's threshold in seconds, when it has one. */
  limit?: number;
  /** Longer in the state than its threshold allows. */
  over: boolean;
}

export type SortKey = 'name' | 'state' | 'time';

export interface TeamQuery {
  sort: SortKey;
  descending: boolean;
  /** Only agents in this state; all when undefined. */
  state?: RowState;
  /** Only logins containing this text (case- and accent-insensitive). */
  search: string;
}

/** `"a@x.com, b@x.com c"` or a list -> distinct logins (the first spelling kept), at most one request's worth. */
export function readLogins(value: unknown): { logins: string[]; dropped: number } {
  const parts = Array.isArray(value) ? value.map((item) => (typeof item === 'string' ? item : '')) : typeof value === 'string' ? value.split(/[\s,;]+/) : [];
  const seen = new Set<string>();
  const logins: string[] = [];
  for (const part of parts) {
    const login = part.trim();
    const key = login.toLowerCase();
    if (!login || seen.has(key)) continue;
    seen.add(key);
    logins.push(login);
  }
  return { logins: logins.slice(0, MAX_IDS), dropped: Math.max(0, logins.length - MAX_IDS) };
}

export function teamRows(logins: readonly string[], snapshotOf: (login: string) => StatusSnapshot | undefined, thresholds: StateThresholds, now: number): TeamRow[] {
  return logins.map((login) => {
    const snapshot = snapshotOf(login);
    const agent = snapshot?.agent;
    if (!agent) return { login, state: 'unknown', seconds: 0, over: false };
    if (!agent.ok || !isAgentState(agent.state)) return { login, state: 'missing', seconds: 0, over: false };
    const seconds = secondsInState(snapshot, now);
    const limit = thresholds.get(agent.state);
    return { login, state: agent.state, seconds, over: limit !== undefined && seconds > limit, ...(limit !== undefined ? { limit } : {}) };
  });
}

/** How many agents are in each state (only states someone is in), and how many are past their threshold. */
export function countStates(rows: readonly TeamRow[]): { byState: Map<RowState, number>; over: number } {
  const byState = new Map<RowState, number>();
  let over = 0;
  for (const row of rows) {
    byState.set(row.state, (byState.get(row.state) ?? 0) + 1);
    if (row.over) over++;
  }
  return { byState, over };
}

/** Known states in code order, then not yet known, then unknown logins: the order of the counts and of a state sort. */
export const stateRank = (state: RowState) => (state === 'unknown' ? 100 : state === 'missing' ? 101 : state);

export function queryRows(rows: readonly TeamRow[], query: TeamQuery, collator: Intl.Collator): TeamRow[] {
  const needle = query.search.trim();
  const matches = (login: string) => {
    if (!needle) return true;
    // A collator at base sensitivity finds "jose" in "José" and "USER" in "user1".
    for (let start = 0; start + needle.length <= login.length; start++) {
      if (collator.compare(login.slice(start, start + needle.length), needle) === 0) return true;
    }
    return false;
  };
  const kept = rows.filter((row) => (query.state === undefined || row.state === query.state) && matches(row.login));
  const byName = (a: TeamRow, b: TeamRow) => collator.compare(a.login, b.login) || (a.login < b.login ? -1 : a.login > b.login ? 1 : 0);
  const compare: Record<SortKey, (a: TeamRow, b: TeamRow) => number> = {
    name: byName,
    state: (a, b) => stateRank(a.state) - stateRank(b.state) || byName(a, b),
    // Longest first reads naturally for "who has been stuck"; ties by name keep rows still.
    time: (a, b) => a.seconds - b.seconds || byName(a, b),
  };
  const direction = query.descending ? -1 : 1;
  return kept.sort((a, b) => direction * compare[query.sort](a, b));
}

