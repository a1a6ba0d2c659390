/** Agent look-ups and state changes shared by the methods, the dialer and the control API. */
import { AGENT_STATES, type AgentState } from '../../api/codes.js';
import { padNumber as pad } from '../../api/rules.js';
import { type AgentRow, type SandboxDatabase, sql } from './store.js';

/** An agent of one organisation, by login (case-insensitive); other organisations' agents are not found. */
export function findAgent(db: SandboxDatabase, apikey: string, login: unknown): AgentRow | undefined {
  if (typeof login !== 'string') return undefined;
  return sql(db, 'SELECT * FROM agents WHERE login = ? AND apikey = ?').get(login.trim(), apikey) as AgentRow | undefined;
}

export function findAgentAnywhere(db: SandboxDatabase, login: unknown): AgentRow | undefined {
  if (typeof login !== 'string') return undefined;
  return sql(db, 'SELECT * FROM agents WHERE login = ?').get(login.trim()) as AgentRow | undefined;
}

export function setAgentState(db: SandboxDatabase, login: string, state: AgentState, now: number): void {
  sql(db, 'UPDATE agents SET state = ?, state_since = ? WHERE login = ?').run(state, now, login);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `07-Mar-19 11:59:59 PM`, the document's spelling of a state change time. */
export function formatStatusChangeTime(ms: number): string {
  const d = new Date(ms);
  const hours = d.getHours() % 12 || 12;
  return `${pad(d.getDate())}-${MONTHS[d.getMonth()]}-${pad(d.getFullYear() % 100)} ${pad(hours)}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ${d.getHours() < 12 ? 'AM' : 'PM'}`;
}

export function stateLabel(state: number): string {
  return AGENT_STATES[state as AgentState] ?? `State ${state}`;
}
