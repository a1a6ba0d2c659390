/**
 * Who is signed in, asked of the gateway's `GET <base>/session` (or a CRM's
 * endpoint answering the same): `<jodo-provider session-url>`'s lookup. Not a
 * Jodo method, so not one of `JodoClient`'s: a GET with the page's cookies
 * (and the agent's bearer token, when the CRM signs agents in), its answer
 * parsed by `GatewaySessionResponse`: read without zod when it takes it (this
 * runs before a page's first status: see user-status-answer.ts), the schema
 * loaded only to word a refusal. test/api/user-status-answer.node.test.ts
 * holds the two to the same answers.
 */
import { JodoSessionError } from './errors.js';
import { isJsonObject } from './json.js';
import { loadSchemas } from './schemas-loader.js';

/** The signed-in user as the toolbar uses them. */
export interface GatewaySession {
  /** Empty when the answer named none. */
  login: string;
  /** The processes they work in, the default first. */
  servicekeys: string[];
  /** A supervisor's agents (blank entries left out); empty for an agent. */
  team: string[];
  /** Where the gateway streams agents' states (`GET <base>/events`), when it does. */
  events?: string;
}

export interface SessionLookupOptions {
  /** The agent's bearer token, sent as `Authorization: Bearer …`, when there is one. */
  token?: string | undefined;
  signal?: AbortSignal;
}

const BODY_START = 200;

const isText = (value: unknown): value is string => typeof value === 'string';

/** The answer's fields as `GatewaySessionResponse` reads them; undefined when it would refuse them. */
export function readGatewaySessionBody(body: unknown): { login?: string; servicekeys?: string[]; team?: string[]; events?: string } | undefined {
  if (!isJsonObject(body)) return undefined;
  const { login, servicekeys, team, events } = body;
  if ((login !== undefined && !isText(login)) || (events !== undefined && !isText(events))) return undefined;
  for (const list of [servicekeys, team]) if (list !== undefined && !(Array.isArray(list) && list.every(isText))) return undefined;
  return {
    ...(login !== undefined ? { login } : {}),
    ...(servicekeys !== undefined ? { servicekeys: servicekeys as string[] } : {}),
    ...(team !== undefined ? { team: team as string[] } : {}),
    ...(events !== undefined ? { events } : {}),
  };
}

/**
 * The signed-in user, or undefined when nobody is (any answer but a 2xx: 401, a sign-in page). Throws
 * `JodoSessionError` for a 2xx answer that is not a session, and fetch's own error when there was no
 * answer (offline, the caller's abort).
 */
export async function fetchGatewaySession(url: string, options: SessionLookupOptions = {}): Promise<GatewaySession | undefined> {
  const { token, signal } = options;
  const response = await fetch(url, {
    credentials: 'same-origin',
    headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    signal: signal ?? null,
  });
  if (!response.ok) return undefined;
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON (a proxy's page, an empty body): the schema refuses it as no object.
  }
  const read = readGatewaySessionBody(body);
  if (!read) {
    const { GatewaySessionResponse } = await loadSchemas();
    const parsed = GatewaySessionResponse.safeParse(body);
    const { path, message } = parsed.error?.issues[0] ?? { path: [], message: '' };
    throw new JodoSessionError(url, response.status, text.slice(0, BODY_START), path.length ? `${path.join('.')}: ${message}` : 'not a JSON object');
  }
  const { login = '', servicekeys = [], team = [], events } = read;
  return { login, servicekeys, team: team.filter((member) => member.trim() !== ''), ...(events ? { events } : {}) };
}
