/**
 * Answers in the shapes of the document's samples, per CONTRACT.md's table:
 * three families of success and failure shapes, the codes from codes.ts.
 */
import type { JodoMethod } from '../../api/codes.js';
import { SUCCESS_CODE, describeStatus } from '../../api/method-status.js';
import { formatJodoDateTime } from '../../api/rules.js';
import type { Refusal } from '../http/refusal.js';

export type Reply = Record<string, unknown>;

/** A request the sandbox refuses with a code (and, for code 5, a text saying what is wrong). */
export { Refusal } from '../http/refusal.js';

/** Methods whose success is `"statuscode":"001"` and whose failures carry `revisionno`. */
const STATUSCODE_METHODS: ReadonlySet<JodoMethod> = new Set<JodoMethod>(['ImportProcessData', 'getProcessData', 'reallocatedata']);

export function success(method: JodoMethod, now: Date, extra: Reply = {}): Reply {
  const resdatetime = formatJodoDateTime(now);
  const code = SUCCESS_CODE[method];
  if (STATUSCODE_METHODS.has(method) || method === 'userStatus') {
    return { method, resdatetime, statuscode: String(code).padStart(3, '0'), statusdesc: 'success', ...extra };
  }
  switch (method) {
    case 'customer_multiple_recordings':
      return { method, resdatetime, ...extra }; // each entry carries its own status
    case 'deleteUser':
      return { method, revisionno: '1', status: code, statusdesc: 'success', resdatetime, ...extra };
    case 'addEditUser':
    case 'customer_recording':
      return { method, revisionno: 1, status: code, statusdesc: 'success', resdatetime, ...extra };
    default:
      return { method, status: code, statusdesc: 'success', resdatetime, ...extra };
  }
}

/** `method` is what the request named (possibly unknown or missing). */
export function failure(method: JodoMethod | string | undefined, now: Date, refusal: Refusal): Reply {
  const known = method as JodoMethod;
  const reply: Reply = {
    method: method ?? '',
    status: refusal.code,
    statusdesc: refusal.statusdesc ?? describeStatus(known, refusal.code),
    resdatetime: formatJodoDateTime(now),
  };
  if (STATUSCODE_METHODS.has(known) || known === 'deleteUser') reply['revisionno'] = '1';
  if (known === 'userStatus') reply['timestamp'] = reply['resdatetime'];
  return reply;
}
