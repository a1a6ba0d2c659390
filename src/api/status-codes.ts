/**
 * Names for Jodo's codes that code makes or tests, so that none compares a
 * bare number. Each is checked against its method's table in codes.ts when
 * compiled (a name for a code the table does not have is a type error).
 *
 * A file of constants alone, on purpose: esbuild writes a constant in place,
 * as the number itself, only when it comes from a file holding nothing else,
 * so naming a code costs an element's bundle no byte.
 */
import type { COMMON_STATUS, GATEWAY_STATUS, JodoMethod } from './codes.js';
import type { METHOD_STATUS } from './method-status.js';

type CodeOf<M extends JodoMethod> = keyof (typeof METHOD_STATUS)[M];

// Codes every method can answer with.
export const WRONG_FORMAT = 2 satisfies keyof typeof COMMON_STATUS;
export const FAIL = 5 satisfies keyof typeof COMMON_STATUS;
export const APIKEY_NOT_FOUND = 1107 satisfies keyof typeof COMMON_STATUS;
export const SERVICEKEY_NOT_FOUND = 1108 satisfies keyof typeof COMMON_STATUS;
export const KEYS_NOT_MATCHING = 1243 satisfies keyof typeof COMMON_STATUS;

// ImportProcessData's and getProcessData's.
export const CUSTOMER_NOT_FOUND = 14 satisfies CodeOf<'getProcessData'>;
export const INVALID_UPDATE_PARAMETER = 26 satisfies CodeOf<'getProcessData'>;

// reallocatedata's.
export const REALLOCATE_PROCESSING_ERROR = 38 satisfies CodeOf<'reallocatedata'>;
export const CONTACT_NOT_FOUND = 70 satisfies CodeOf<'reallocatedata'>;
export const CONTACT_BLANK = 71 satisfies CodeOf<'reallocatedata'>;
export const REALLOCATE_LOGIN_NOT_FOUND = 72 satisfies CodeOf<'reallocatedata'>;
export const REALLOCATE_LOGIN_BLANK = 73 satisfies CodeOf<'reallocatedata'>;

// saveDisposition's.
export const DISPOSITION_LOGIN_NOT_FOUND = 4 satisfies CodeOf<'saveDisposition'>;
export const NOT_IN_WRAPUP = 6 satisfies CodeOf<'saveDisposition'>;
export const WRONG_DATE_FORMAT = 7 satisfies CodeOf<'saveDisposition'>;
export const DATE_OUT_OF_RANGE = 8 satisfies CodeOf<'saveDisposition'>;
export const REASON_NOT_FOUND = 31 satisfies CodeOf<'saveDisposition'>;
export const CONTACT_IN_DNC = 32 satisfies CodeOf<'saveDisposition'>;
export const TOO_MANY_CALLBACKS = 33 satisfies CodeOf<'saveDisposition'>;
export const DISPOSITION_PROCESSING_ERROR = 111 satisfies CodeOf<'saveDisposition'>;
export const INVALID_PROCESS = 421 satisfies CodeOf<'saveDisposition'>;

// customer_recording's and customer_multiple_recordings'.
export const SESSION_NOT_FOUND = 62 satisfies CodeOf<'customer_recording'>;
export const CALL_NOT_FOUND = 63 satisfies CodeOf<'customer_recording'>;
export const INVALID_SESSION = 65 satisfies CodeOf<'customer_recording'>;
export const RECORDING_PROCESSING_ERROR = 1111 satisfies CodeOf<'customer_recording'>;

/** addEditUser's, deleteUser's and userStatus's code for a login Jodo does not have. */
export const LOGIN_NOT_EXISTS = 418 satisfies CodeOf<'addEditUser'> & CodeOf<'deleteUser'> & CodeOf<'userStatus'>;

// The project's gateway's own (GATEWAY_STATUS).
/** Nobody signed in: no session, or a token the gateway refused (expired, say). */
export const NOT_SIGNED_IN = 9401 satisfies keyof typeof GATEWAY_STATUS;
/** Not for this user: another's data, or a process (servicekey) the user is not given. */
export const NOT_ALLOWED = 9403 satisfies keyof typeof GATEWAY_STATUS;
/** The same write (its Idempotency-Key) is being sent already. */
export const WRITE_IN_FLIGHT = 9409 satisfies keyof typeof GATEWAY_STATUS;
export const TOO_LARGE = 9413 satisfies keyof typeof GATEWAY_STATUS;
export const TOO_MANY_REQUESTS = 9429 satisfies keyof typeof GATEWAY_STATUS;
export const NO_JODO_ANSWER = 9502 satisfies keyof typeof GATEWAY_STATUS;
export const STORE_UNREACHABLE = 9503 satisfies keyof typeof GATEWAY_STATUS;
export const JODO_TIMEOUT = 9504 satisfies keyof typeof GATEWAY_STATUS;
