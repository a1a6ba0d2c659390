/**
 * Each method's status codes and their descriptions, from the document's
 * tables (codes.ts has the codes every method shares, the gateway's and
 * userStatus's own). Apart from codes.ts because a module is bundled whole:
 * a page that only polls userStatus (the toolbar's first paint) loads none
 * of these.
 */
import { describeIn, USER_STATUS_STATUS, type JodoMethod } from './codes.js';

const PROCESS_DATA_STATUS = {
  1: 'Success',
  14: 'Customer data not found',
  15: 'Date range not proper',
  16: 'Invalid To Date Format',
  17: 'Invalid Media',
  18: 'Media Not Found',
  19: 'Media Found blank',
  24: 'Update Parameter not found',
  25: 'Update Parameter blank',
  26: 'Invalid Update Parameter',
} as const;

const RECORDING_STATUS = {
  3: 'Successful',
  62: 'sessionid not found',
  63: 'systemcallid not found',
  65: 'Invalid sessionid',
  66: 'systemcallid found blank',
  1111: 'Error while processesing data',
} as const;

/** Status codes and their descriptions, per method, from the document's tables. */
export const METHOD_STATUS = {
  ImportProcessData: PROCESS_DATA_STATUS,
  getProcessData: PROCESS_DATA_STATUS,
  reallocatedata: {
    1: 'Success',
    13: 'Tenant Database Not found',
    38: 'Error while processing',
    70: 'Contact Number not found',
    71: 'Contact Number is blank',
    72: 'Login not found',
    73: 'Login is blank',
  },
  saveDisposition: {
    3: 'Successful',
    4: 'Login not found',
    6: 'Wrong Status mode [Status should be wrapup]',
    7: 'Wrong date format',
    8: 'Date not in range(min and max date value configured from db)',
    31: 'Disposition Master ID / Reason Id not found',
    32: 'Contact Number In DNC',
    33: 'Callback count exceed for process',
    111: 'Error while processing',
    421: 'Invalid Process Id',
  },
  customer_recording: RECORDING_STATUS,
  // Marked pure so that a bundle needing none of these tables leaves them out (a spread could run a getter).
  customer_multiple_recordings: /* @__PURE__ */ Object.assign({}, RECORDING_STATUS, { 67: 'Data not found' } as const),
  addEditUser: {
    3: 'success',
    401: 'action not found',
    402: 'action is blank',
    403: 'userimage not found',
    404: 'username not found',
    405: 'username is blank',
    406: 'loginid not found',
    407: 'loginid is blank',
    408: 'loginid is invalid',
    409: 'usertype not found',
    410: 'usertype is blank',
    418: 'loginid not exists',
  },
  deleteUser: {
    1: 'success',
    406: 'loginid not found',
    407: 'loginid is blank',
    408: 'loginid is invalid',
    418: 'loginid not exists',
    461: 'clientlogin id does not exists',
  },
  userStatus: USER_STATUS_STATUS,
} as const satisfies Record<JodoMethod, Record<number, string>>;

/**
 * The code each method answers on success. ImportProcessData, getProcessData,
 * reallocatedata and userStatus say `"statuscode":"001"`, deleteUser `1`, the
 * rest `3`.
 */
export const SUCCESS_CODE = {
  ImportProcessData: 1,
  getProcessData: 1,
  reallocatedata: 1,
  saveDisposition: 3,
  customer_recording: 3,
  customer_multiple_recordings: 3,
  addEditUser: 3,
  deleteUser: 1,
  userStatus: 1,
} as const satisfies Record<JodoMethod, number>;

/** The human description of a code for a method; codes no table names get a neutral text. */
export function describeStatus(method: JodoMethod | undefined, code: number): string {
  return describeIn(method ? METHOD_STATUS[method] : undefined, code);
}
