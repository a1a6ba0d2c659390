/**
 * Per-state warning thresholds of the team board: `{"Wrapup": 60, "Hold": 120}`
 * (state names as in the codes table, any case, or their codes `{"7": 60}`),
 * in seconds. What cannot be used is reported, never thrown.
 */
import { AGENT_STATES, isAgentState, type AgentState } from '../../api/codes.js';

export type StateThresholds = ReadonlyMap<AgentState, number>;

/** Wrap-up over a minute and hold over two keep customers and queues waiting. */
export const DEFAULT_THRESHOLDS: StateThresholds = new Map<AgentState, number>([
  [7, 60],
  [6, 120],
]);

const squash = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');
const STATE_BY_NAME = new Map(Object.entries(AGENT_STATES).map(([code, name]) => [squash(name), Number(code) as AgentState]));

export function readThresholds(value: unknown): { thresholds: StateThresholds; warnings: string[] } {
  if (value === undefined) return { thresholds: DEFAULT_THRESHOLDS, warnings: [] };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { thresholds: DEFAULT_THRESHOLDS, warnings: ['thresholds must be a JSON object of state names and seconds, e.g. {"Wrapup": 60}; the defaults apply'] };
  }
  const thresholds = new Map<AgentState, number>();
  const warnings: string[] = [];
  for (const [key, seconds] of Object.entries(value)) {
    const code = /^\d+$/.test(key.trim()) ? Number(key) : STATE_BY_NAME.get(squash(key));
    if (code === undefined || !isAgentState(code)) {
      warnings.push(`"${key}" is not an agent state; use a name or code of the states table (e.g. "Wrapup" or "7")`);
    } else if (seconds === null || seconds === false) {
      continue; // `{"Wrapup": null}`: no warning for that state
    } else if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
      warnings.push(`the threshold of "${key}" must be a number of seconds`);
    } else thresholds.set(code, seconds);
  }
  return { thresholds, warnings };
}
