/**
 * The checks every request goes through before it touches data: the keys
 * (1107 / 1108 / 1243, first on every method), then the method's request
 * schema, the same one the client validates with. Each schema problem is
 * mapped to the document's code for that field; a wrong JSON type is 2, and
 * a problem no table names is 5 with a text saying what is wrong.
 */
import type { JodoMethod } from '../../api/codes.js';
import { APIKEY_NOT_FOUND, FAIL, KEYS_NOT_MATCHING, SERVICEKEY_NOT_FOUND, WRONG_FORMAT } from '../../api/status-codes.js';
import { requestProblems, type ProblemKind, type RequestProblem } from '../../api/problems.js';
import { Refusal } from './replies.js';
import { type ProcessRow, type SandboxDatabase, sql } from './store.js';

type FieldCodes = Partial<Record<Exclude<ProblemKind, 'wrong-type'>, number>>;

const all = (code: number): FieldCodes => ({ missing: code, blank: code, invalid: code });

/** The document's code for each field problem, per method (CONTRACT.md, "Codes the document leaves open"). */
const FIELD_CODES: Partial<Record<JodoMethod, Record<string, FieldCodes>>> = {
  ImportProcessData: {
    media: { missing: 18, blank: 19, invalid: 17 },
    updateparam: { missing: 24, blank: 25, invalid: 26 },
    data: { missing: 14, invalid: 14 },
  },
  getProcessData: {
    searchparam: { missing: 24, blank: 25, invalid: 26 },
    fromdate: all(15),
    todate: all(16),
    mobilenumber: all(14),
    customercode: all(14),
    crmuniquefield: all(14),
  },
  reallocatedata: {
    contactnumber: { missing: 71, blank: 71, invalid: 70 },
    login: { missing: 73, blank: 73 },
  },
  saveDisposition: {
    login: { missing: 4, blank: 4 },
    dispomasterid: all(31),
    disporeasonid: all(31),
    selecteddatetime: { invalid: 7 },
  },
  customer_recording: {
    systemcallid: { missing: 66, blank: 66, invalid: 63 },
    sessionid: { blank: 65, invalid: 65 },
  },
  customer_multiple_recordings: {
    systemcallids: all(2),
    sessionid: { blank: 65, invalid: 65 },
  },
  addEditUser: {
    action: { missing: 401, blank: 402, invalid: 401 },
    username: { missing: 404, blank: 405 },
    loginid: { missing: 406, blank: 407, invalid: 408 },
    usertype: { missing: 409, blank: 410 },
    userimage: { invalid: 403 },
  },
  deleteUser: {
    loginid: { missing: 406, blank: 407, invalid: 408 },
  },
};

/**
 * Problems the sandbox tolerates although the client refuses them: a record
 * whose number is not diallable is still stored (the document: "if contact
 * number is valid, data push for dialing"), and each systemcallid of a
 * multiple-recordings request, like each login of a userStatus request, gets
 * its own status.
 */
function tolerated(method: JodoMethod, path: PropertyKey[]): boolean {
  if (method === 'ImportProcessData') return path[0] === 'data' && path[2] === 'mobilenumber';
  if (method === 'customer_multiple_recordings') return path[0] === 'systemcallids' && path.length > 1;
  if (method === 'userStatus') return path[0] === 'loginids' && path.length > 1;
  return false;
}

function refusalFor(method: JodoMethod, problem: RequestProblem): Refusal {
  const { field, kind, path } = problem;
  if (kind === 'wrong-type') return new Refusal(WRONG_FORMAT, `Wrong format of received request: ${field} has the wrong type`);
  const code = path.length === 1 ? FIELD_CODES[method]?.[String(path[0])]?.[kind] : undefined;
  return code !== undefined ? new Refusal(code) : new Refusal(FAIL, `${field} ${problem.message}`);
}

/** Throws the first refusal for a request's fields, in the document's field order. */
export function checkFields(method: JodoMethod, request: Record<string, unknown>): void {
  const problem = requestProblems(method, request).find((p) => !tolerated(method, p.path));
  if (problem) throw refusalFor(method, problem);
}

/** The organisation a request's apikey names; 1107 when there is none. */
export function checkApiKey(db: SandboxDatabase, request: Record<string, unknown>): string {
  const apikey = request['apikey'];
  if (typeof apikey !== 'string' || !sql(db, 'SELECT 1 FROM organisations WHERE apikey = ?').get(apikey)) {
    throw new Refusal(APIKEY_NOT_FOUND);
  }
  return apikey;
}

/** The process a servicekey names, matched case-insensitively (`voiceprocess` = `VoiceProcess`). */
export function findProcess(db: SandboxDatabase, servicekey: unknown): ProcessRow | undefined {
  if (typeof servicekey !== 'string') return undefined;
  return sql(db, 'SELECT * FROM processes WHERE servicekey = ? COLLATE NOCASE').get(servicekey.trim()) as ProcessRow | undefined;
}

/** The process a request's servicekey names; 1108 unknown, 1243 another organisation's. */
export function checkServiceKey(db: SandboxDatabase, apikey: string, request: Record<string, unknown>): ProcessRow {
  const process = findProcess(db, request['servicekey']);
  if (!process) throw new Refusal(SERVICEKEY_NOT_FOUND);
  if (process.apikey !== apikey) throw new Refusal(KEYS_NOT_MATCHING);
  return process;
}
