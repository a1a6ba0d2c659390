/**
 * The first request every toolbar makes, and the one it makes every few
 * seconds all shift: userStatus, checked and read without zod. zod/mini costs
 * about 6 kB gzip however few schemas a page uses (bench/RESULTS.md, Size), a
 * third of what a page may pay before its first status; with this module the
 * client loads the schemas on the first other call instead.
 *
 * The schemas stay the one definition: each function here answers exactly as
 * its schema would on what it accepts (`UserStatusRequest`, `ResponseEnvelope`,
 * `UserStatusResponse` in schemas.ts), held to them by
 * test/api/user-status-answer.node.test.ts over generated input, as the page's
 * CSV reader is held to csv-parse. Whatever it does not accept it leaves to
 * them (undefined), so a refusal is worded by the schema as before.
 */
import { AGENT_STATES, describeUserStatus, type AgentState } from './codes.js';
import { isJsonObject, parseJodoJson } from './json.js';
import { MAX_IDS } from './limits.js';
import { isFilled } from './rules.js';
import type { AgentStatus, JodoResult } from './response.js';

/** Codes that mean success. The document uses 1 (`"001"`) for some methods and 3 for others; neither is ever a failure. */
const SUCCESS_CODES: ReadonlySet<number> = new Set([1, 3]);

export function isSuccessCode(code: number): boolean {
  return SUCCESS_CODES.has(code);
}

/** One answer's or entry's code: `status`, or its other spelling `statuscode`. */
export function codeOf(entry: { status?: number | null; statuscode?: number | null }): number | undefined {
  return entry.status ?? entry.statuscode ?? undefined;
}

/** True when `UserStatusRequest` takes the request as it is. */
export function isUserStatusRequestValid(request: unknown): boolean {
  if (!isJsonObject(request)) return false;
  const { servicekey, loginids } = request;
  return isFilled(servicekey) && Array.isArray(loginids) && loginids.length >= 1 && loginids.length <= MAX_IDS && loginids.every(isFilled);
}

/** What a schema's field does not take: the caller leaves the whole answer to the schema. */
const REFUSED = Symbol('refused');

/** `StatusCode` or null, optional: `3`, `"001"`, `" 3 "`. */
function status(value: unknown): number | null | undefined | typeof REFUSED {
  if (value === undefined || value === null) return value;
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : REFUSED;
  if (typeof value === 'string') return /^\s*-?\d+\s*$/.test(value) ? Number(value) : REFUSED;
  return REFUSED;
}

/** Lenient text: a string or a number as text, anything else absent. */
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined);

/** Lenient whole number: a number, or digits (with a fraction) as text, rounded; anything else absent. */
function wholeNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? Math.round(value) : undefined;
  if (typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.round(Number(value));
  return undefined;
}

/** The fields every answer may carry, as `ResponseEnvelope` reads them; undefined when it would refuse them. */
export function readEnvelope(body: Record<string, unknown>): { code: number | undefined; statusdesc: string | undefined } | undefined {
  const first = status(body['status']);
  const second = status(body['statuscode']);
  if (first === REFUSED || second === REFUSED) return undefined;
  return { code: codeOf({ status: first, statuscode: second }), statusdesc: text(body['statusdesc']) };
}

export interface UserStatusEntry {
  login: string;
  status?: number | null | undefined;
  statuscode?: number | null | undefined;
  statusdesc?: string | undefined;
  currentstatus?: number | undefined;
  currentstatusdesc?: string | undefined;
  duration?: number | undefined;
  statuschangetime?: string | undefined;
}

/** userStatus's body as `UserStatusResponse` reads it (the fields it names); undefined when it would refuse it. */
export function readUserStatusBody(body: Record<string, unknown>): { timestamp: string | undefined; statusdata: UserStatusEntry[] } | undefined {
  const list = body['statusdata'];
  if (!Array.isArray(list)) return undefined;
  const statusdata: UserStatusEntry[] = [];
  for (const entry of list) {
    if (!isJsonObject(entry)) return undefined;
    const login = entry['login'];
    const first = status(entry['status']);
    const second = status(entry['statuscode']);
    if (!(typeof login === 'string' || (typeof login === 'number' && Number.isFinite(login))) || first === REFUSED || second === REFUSED) return undefined;
    statusdata.push({
      login: String(login),
      status: first,
      statuscode: second,
      statusdesc: text(entry['statusdesc']),
      currentstatus: wholeNumber(entry['currentstatus']),
      currentstatusdesc: text(entry['currentstatusdesc']),
      duration: wholeNumber(entry['duration']),
      statuschangetime: text(entry['statuschangetime']),
    });
  }
  return { timestamp: text(body['timestamp']), statusdata };
}

/** The agents of a userStatus answer, each with its own code (an unknown login is one entry, not a failure). */
export function agentsOf(statusdata: readonly UserStatusEntry[]): AgentStatus[] {
  return statusdata.map((e): AgentStatus => {
    const code = codeOf(e) ?? 3;
    const state = e.currentstatus as AgentState | undefined;
    const agent: AgentStatus = { login: e.login, code, ok: isSuccessCode(code), description: describeUserStatus(code) };
    if (state !== undefined) {
      agent.state = state;
      agent.stateLabel = e.currentstatusdesc || AGENT_STATES[state] || `State ${state}`;
    }
    if (e.duration !== undefined) agent.durationSeconds = e.duration;
    if (e.statuschangetime) agent.statusChangeTime = e.statuschangetime;
    return agent;
  });
}

/**
 * A successful userStatus answer read as `parseJodoResponse` reads it, or undefined for any other answer
 * (a failure code, an HTTP error, anything malformed), which the caller gives to `parseJodoResponse`.
 */
export function readUserStatusAnswer(httpStatus: number, text: string): JodoResult<'userStatus'> | undefined {
  if (httpStatus < 200 || httpStatus > 299) return undefined;
  let body: unknown;
  try {
    body = parseJodoJson(text);
  } catch {
    return undefined;
  }
  if (!isJsonObject(body)) return undefined;
  const envelope = readEnvelope(body);
  if (!envelope || (envelope.code !== undefined && !isSuccessCode(envelope.code))) return undefined;
  const answer = readUserStatusBody(body);
  if (!answer) return undefined;
  const agents = agentsOf(answer.statusdata);
  const code = envelope.code ?? 3;
  return { method: 'userStatus', code, description: describeUserStatus(code), data: answer.timestamp ? { timestamp: answer.timestamp, agents } : { agents }, raw: body };
}
