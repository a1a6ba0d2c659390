/**
 * The one table of Jodo codes: methods, the status codes every method shares
 * (each method's own are in method-status.ts), media, call types, agent
 * states, user types and contact types. The client, the sandbox and the
 * elements all read from here, so a description is written once.
 *
 * Texts are the document's (customer-web-service.txt), spelling included,
 * except where CONTRACT.md fixes a code the document leaves open. Names for
 * the codes that code tests are in status-codes.ts.
 */
import { JODO_TIMEOUT, NO_JODO_ANSWER, STORE_UNREACHABLE, TOO_MANY_REQUESTS, WRITE_IN_FLIGHT } from './status-codes.js';

export const JODO_METHODS = [
  'ImportProcessData',
  'getProcessData',
  'reallocatedata',
  'saveDisposition',
  'customer_recording',
  'customer_multiple_recordings',
  'addEditUser',
  'deleteUser',
  'userStatus',
] as const;

export type JodoMethod = (typeof JODO_METHODS)[number];

/** Finds the canonical method for a name as sent (the document itself writes `savedisposition`). */
export function canonicalMethod(name: unknown): JodoMethod | undefined {
  if (typeof name !== 'string') return undefined;
  const lower = name.trim().toLowerCase();
  return JODO_METHODS.find((m) => m.toLowerCase() === lower);
}

/** Methods addressed to the whole organisation: they carry no servicekey. */
export const ORGANISATION_METHODS: ReadonlySet<JodoMethod> = new Set<JodoMethod>(['addEditUser', 'deleteUser']);

/** Methods that change nothing on the server: the only ones the client retries on its own. */
export const READ_ONLY_METHODS: ReadonlySet<JodoMethod> = new Set<JodoMethod>([
  'getProcessData',
  'userStatus',
  'customer_recording',
  'customer_multiple_recordings',
]);

/** Codes every method can answer with. */
export const COMMON_STATUS = {
  2: 'Wrong format of received request',
  5: 'fail',
  1107: 'api key not found',
  1108: 'Service key not found',
  1243: 'Service Key API Key Not matching',
} as const satisfies Record<number, string>;

/** userStatus's codes (the first paint needs only these: see describeUserStatus). */
export const USER_STATUS_STATUS = {
  1: 'success',
  3: 'Success',
  418: 'loginid not exists',
} as const;

/** The status of each good entry of a userStatus or customer_multiple_recordings answer. */
export const ENTRY_SUCCESS_CODE = 3;

/** Status of one entry of a customer_multiple_recordings answer that has no recording. */
export const RECORDING_NOT_FOUND = 67;
/** Status of an entry (or request) whose systemcallid is blank. */
export const RECORDING_ID_BLANK = 66;

/**
 * Codes of the project's gateway (not Jodo's): refusals before a request
 * reaches Jodo. Out of Jodo's ranges so they never collide with a table.
 */
export const GATEWAY_STATUS = {
  9401: 'Not signed in, or the session has expired: sign in again',
  9403: 'Not allowed for this user',
  9409: 'This write is already being sent: try again shortly',
  9413: 'Request too large',
  9429: 'Too many requests: slow down',
  9502: 'Jodo gave no usable answer',
  9503: "The gateway's store is unreachable: try again shortly",
  9504: 'Jodo did not answer in time',
} as const satisfies Record<number, string>;

/** Gateway codes after which the same request may succeed later (the client retries reads on them). */
export const TRANSIENT_STATUS: ReadonlySet<number> = new Set([WRITE_IN_FLIGHT, TOO_MANY_REQUESTS, NO_JODO_ANSWER, STORE_UNREACHABLE, JODO_TIMEOUT]);

/** A code's description in a method's own table, else the codes every method and the gateway share. */
export function describeIn(own: Record<number, string> | undefined, code: number): string {
  return own?.[code] ?? (COMMON_STATUS as Record<number, string>)[code] ?? (GATEWAY_STATUS as Record<number, string>)[code] ?? `Unknown status ${code}`;
}

/**
 * `describeStatus('userStatus', code)` without the other methods' tables (method-status.ts): a page's
 * first paint reads only userStatus answers.
 */
export const describeUserStatus = (code: number): string => describeIn(USER_STATUS_STATUS, code);

/** Media ids and names (the document's "Media type" table). */
export const MEDIA = {
  1: 'Email In',
  2: 'Email Out',
  3: 'SMS In',
  4: 'SMS Out',
  8: 'Chat',
  11: 'Voice In',
  12: 'Voice Out',
  21: 'Social-Twitter',
  22: 'Social-Facebook',
  31: 'Video',
} as const;

export type MediaId = keyof typeof MEDIA;
export type MediaName = (typeof MEDIA)[MediaId];

/**
 * The media id for an id or a name as sent (`"11"`, `11`, `"Voice In"`,
 * `"voicein"`), or undefined when it is not in the table.
 */
export function mediaId(value: unknown): MediaId | undefined {
  if (typeof value === 'number' || (typeof value === 'string' && /^\s*\d+\s*$/.test(value))) {
    const id = Number(value);
    return id in MEDIA ? (id as MediaId) : undefined;
  }
  if (typeof value !== 'string') return undefined;
  const squash = (s: string) => s.toLowerCase().replace(/[^a-z]/g, '');
  const wanted = squash(value);
  if (!wanted) return undefined;
  for (const [id, name] of Object.entries(MEDIA)) {
    if (squash(name) === wanted) return Number(id) as MediaId;
  }
  return undefined;
}

/** Voice media: a record of one of these with a valid number becomes a call. */
export const VOICE_IN: MediaId = 11;
export const VOICE_OUT: MediaId = 12;

/** Call types (the document's "CALL Type Code Information" table). */
export const CALL_TYPES = {
  5: 'Hot Lead',
  21: 'Callback Call',
  31: 'Preview Callback Call',
  41: 'General call back',
  71: 'Preview Call',
  1001: 'Fresh Call',
} as const;

export const HOT_LEAD_CALL_TYPE = 5;

/** A record's place in Jodo's calling: getProcessData's `leadstatus` (CONTRACT.md), a number as the document writes it. */
export const LEAD_STATUSES = {
  // Written out, not read from CALL_TYPES: a property read would keep both tables in every bundle importing this file.
  1001: 'Fresh Call' satisfies (typeof CALL_TYPES)[1001],
  10500: 'Waiting for its text-to-speech audio',
} as const;

export const LeadStatuses = {
  /** Ready to dial: every record that is not waiting for something. */
  FreshCall: 1001,
  /** A messenger process's record until its spoken message is made. */
  AwaitingSpeech: 10500,
} as const satisfies Record<string, keyof typeof LEAD_STATUSES>;

export type LeadStatus = keyof typeof LEAD_STATUSES;

/** Agent states reported by userStatus (CONTRACT.md spells them; 11 is from the document's sample). */
export const AGENT_STATES = {
  1: 'Ready',
  2: 'Manual Call',
  3: 'Preview Call',
  4: 'ACD',
  5: 'Talking',
  6: 'Hold',
  7: 'Wrapup',
  8: 'Dialling',
  9: 'Live Stream',
  10: 'Transfer',
  11: 'System Sent NA',
} as const;

export type AgentState = keyof typeof AGENT_STATES;

export const AgentStates = {
  Ready: 1,
  ManualCall: 2,
  PreviewCall: 3,
  ACD: 4,
  Talking: 5,
  Hold: 6,
  Wrapup: 7,
  Dialling: 8,
  LiveStream: 9,
  Transfer: 10,
  SystemSentNA: 11,
} as const satisfies Record<string, AgentState>;

export function isAgentState(value: unknown): value is AgentState {
  return typeof value === 'number' && Number.isInteger(value) && value in AGENT_STATES;
}

/** User types addEditUser accepts (the document's "User type" table). */
export const USER_TYPES = [
  'Super Admin',
  'Administrator',
  'Supervisor',
  'Team Leader',
  'User',
  'Quality',
  'Barge-In',
  'MIS',
] as const;

/** Contact types (the document's `contact_types` table). */
export const CONTACT_TYPES = [
  'Home Number',
  'Mobile Number',
  'Personal Number',
  'Office phone',
  'Office Fax',
  'Skype',
  'Personal Email',
  'Official Email',
] as const;

/** The fields getProcessData can search on; case-sensitive, as the document says. */
export const SEARCH_PARAMS = ['mobilenumber', 'customercode', 'crmuniquefield', 'daterange'] as const;
export type SearchParam = (typeof SEARCH_PARAMS)[number];

/** The fields ImportProcessData can upsert on (matched case-insensitively: the document writes `Mobilenumber`). */
export const UPDATE_PARAMS = ['mobilenumber', 'customercode', 'crmuniquefield'] as const;
export type UpdateParam = (typeof UPDATE_PARAMS)[number];

export function updateParam(value: unknown): UpdateParam | undefined {
  if (typeof value !== 'string') return undefined;
  const lower = value.trim().toLowerCase();
  return UPDATE_PARAMS.find((p) => p === lower);
}
