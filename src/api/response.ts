/**
 * Turns the bytes of a Jodo answer into one normalized result or one typed
 * error, for every method. Total: no input makes it throw anything else.
 */
import * as z from 'zod/mini';
import type { AgentState, JodoMethod, LeadStatus } from './codes.js';
import { describeStatus } from './method-status.js';
import { JodoApiError, JodoHttpError, JodoMalformedResponseError } from './errors.js';
import { isJsonObject, parseJodoJson } from './json.js';
import { agentsOf, codeOf, isSuccessCode } from './user-status-answer.js';
import {
  AddEditUserResponse,
  MultipleRecordingsResponse,
  ProcessDataResponse,
  RecordingResponse,
  ResponseEnvelope,
  UserStatusResponse,
} from './schemas.js';

// Kept importable from here, where it was first (it moved to user-status-answer.ts, which reads userStatus without zod).
export { isSuccessCode };

/**
 * A customer record as getProcessData returns it: the process's form, scalar values given as text, and
 * what Jodo adds to every record (typed here, as text like the rest).
 */
export type CustomerRecord = Record<string, string> & {
  /**
   * Where the record is in Jodo's calling: `'1001'` ready to dial; `'10500'` a messenger record waiting for its
   * spoken message (`LeadStatuses`). Another status Jodo may add comes as it is written.
   */
  leadstatus?: `${LeadStatus}` | (string & {});
  /** A messenger record's: why its spoken message could not be made yet (it stays at 10500 and is tried again). */
  ttsproblem?: string;
  /** A messenger record's call, once it has been dialled: its recording is the spoken message. */
  systemcallid?: string;
};

export interface RecordingLink {
  systemcallid: string;
  code: number;
  ok: boolean;
  description: string;
  /** Empty when `ok` is false. */
  recordingUrl: string;
}

export interface AgentStatus {
  login: string;
  code: number;
  /** False for a login Jodo does not know (418): the other entries are still good. */
  ok: boolean;
  description: string;
  state?: AgentState;
  /** Jodo's own label, or ours for a state it sent without one. */
  stateLabel?: string;
  /** Seconds in the current state when Jodo answered. */
  durationSeconds?: number;
  /** As Jodo writes it, e.g. `07-Mar-19 11:59:59 PM`. */
  statusChangeTime?: string;
}

type NoPayload = Record<never, never>;

/** The typed payload each method returns. */
export interface PayloadOf {
  ImportProcessData: NoPayload;
  getProcessData: { records: CustomerRecord[] };
  reallocatedata: NoPayload;
  saveDisposition: NoPayload;
  customer_recording: { recordingUrl: string };
  customer_multiple_recordings: { recordings: RecordingLink[] };
  addEditUser: { userid?: number };
  deleteUser: NoPayload;
  userStatus: { timestamp?: string; agents: AgentStatus[] };
}

export interface JodoResult<M extends JodoMethod> {
  method: M;
  /** The numeric status (1 or 3 on success; per entry for userStatus and multiple recordings). */
  code: number;
  /** The document's description of `code`. */
  description: string;
  data: PayloadOf[M];
  /** The parsed body as sent, with fields this client does not know. */
  raw: Record<string, unknown>;
}

const BODY_START = 200;

function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function payload<M extends JodoMethod>(
  method: M,
  raw: Record<string, unknown>,
  malformed: (reason: string) => JodoMalformedResponseError,
): PayloadOf[M] {
  const parse = <S extends z.ZodMiniType>(schema: S): z.output<S> => {
    const result = schema.safeParse(raw);
    if (!result.success) {
      const issue = result.error.issues[0]!;
      throw malformed(`${issue.path.join('.') || 'body'}: ${issue.message}`);
    }
    return result.data as z.output<S>;
  };
  switch (method) {
    case 'getProcessData': {
      const records = (parse(ProcessDataResponse).data ?? []).map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, asText(v)])));
      return { records } as PayloadOf[M];
    }
    case 'customer_recording':
      return { recordingUrl: parse(RecordingResponse).recordingfilepath ?? '' } as PayloadOf[M];
    case 'customer_multiple_recordings': {
      const recordings = parse(MultipleRecordingsResponse).statusdata.map((e): RecordingLink => {
        const code = codeOf(e) ?? 0;
        return {
          systemcallid: e.systemcallid,
          code,
          ok: isSuccessCode(code),
          description: describeStatus(method, code),
          recordingUrl: isSuccessCode(code) ? (e.recordingfilepath ?? '') : '',
        };
      });
      return { recordings } as PayloadOf[M];
    }
    case 'addEditUser': {
      const { userid } = parse(AddEditUserResponse);
      return (userid === undefined ? {} : { userid }) as PayloadOf[M];
    }
    case 'userStatus': {
      const body = parse(UserStatusResponse);
      const agents = agentsOf(body.statusdata);
      return (body.timestamp ? { timestamp: body.timestamp, agents } : { agents }) as PayloadOf[M];
    }
    default:
      return {} as PayloadOf[M];
  }
}

/**
 * Reads one answer. Returns the normalized result on success; throws
 * `JodoApiError` for a failure code, `JodoHttpError` for an HTTP error
 * without a Jodo body, `JodoMalformedResponseError` for anything else.
 */
export function parseJodoResponse<M extends JodoMethod>(method: M, httpStatus: number, text: string): JodoResult<M> {
  const bodyStart = text.slice(0, BODY_START);
  const malformed = (reason: string) => new JodoMalformedResponseError(method, httpStatus, bodyStart, reason);

  let body: unknown;
  try {
    body = parseJodoJson(text);
  } catch {
    if (httpStatus < 200 || httpStatus > 299) throw new JodoHttpError(method, httpStatus, bodyStart);
    throw malformed(text.trim() === '' ? 'empty body' : 'not JSON');
  }
  if (!isJsonObject(body)) {
    if (httpStatus < 200 || httpStatus > 299) throw new JodoHttpError(method, httpStatus, bodyStart);
    throw malformed('not a JSON object');
  }

  const envelope = ResponseEnvelope.safeParse(body);
  if (!envelope.success) {
    const issue = envelope.error.issues[0]!;
    throw malformed(`${issue.path.join('.')}: ${issue.message}`);
  }
  const code = codeOf(envelope.data);
  if (code !== undefined && !isSuccessCode(code)) {
    throw new JodoApiError(method, code, describeStatus(method, code), envelope.data.statusdesc, body);
  }
  if (httpStatus < 200 || httpStatus > 299) throw new JodoHttpError(method, httpStatus, bodyStart);
  const hasEntries = Array.isArray(body['statusdata']);
  if (code === undefined && !hasEntries) throw malformed('no status');

  const data = payload(method, body, malformed);
  // Answers made of per-entry statuses (userStatus, multiple recordings) succeed as a whole.
  const overall = code ?? 3;
  return { method, code: overall, description: describeStatus(method, overall), data, raw: body };
}
