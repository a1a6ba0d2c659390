/**
 * Typed errors of the client. Every failure a caller can see is one of these
 * (or the caller's own `AbortError` when it aborted), so a UI can pick the
 * message and the field without parsing strings.
 */
import { TRANSIENT_STATUS, type JodoMethod } from './codes.js';

export type JodoErrorKind = 'api' | 'validation' | 'malformed-response' | 'http' | 'network' | 'timeout';

export abstract class JodoError extends Error {
  abstract readonly kind: JodoErrorKind;
  /** True when sending the same request again may succeed (network trouble, 5xx, timeout). */
  abstract readonly transient: boolean;

  constructor(
    readonly method: JodoMethod,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Jodo answered with a failure code from the document's tables. */
export class JodoApiError extends JodoError {
  override readonly name = 'JodoApiError';
  readonly kind = 'api';
  /** Jodo's codes are final; the gateway's "slow down" and "upstream down" are worth a later retry. */
  readonly transient: boolean;

  constructor(
    method: JodoMethod,
    /** The numeric status code (`"001"` and `1` are both 1). */
    readonly code: number,
    /** The document's description of the code for this method. */
    readonly description: string,
    /** Jodo's own `statusdesc`, which may differ from the table. */
    readonly statusdesc: string | undefined,
    /** The parsed answer, as sent. */
    readonly raw: Record<string, unknown>,
  ) {
    super(method, `${method} failed with status ${code}: ${description}`);
    this.transient = TRANSIENT_STATUS.has(code);
  }
}

export interface ValidationIssue {
  /** The request field, dotted for nested ones (`data.0.mobilenumber`). */
  field: string;
  message: string;
}

/** The request was refused before sending: every bad field is named, nothing was sent. */
export class JodoValidationError extends JodoError {
  override readonly name = 'JodoValidationError';
  readonly kind = 'validation';
  readonly transient = false;

  constructor(
    method: JodoMethod,
    readonly issues: readonly ValidationIssue[],
  ) {
    super(method, `${method} request is invalid: ${issues.map((i) => `${i.field} ${i.message}`).join('; ')}`);
  }

  /** Fields that have a problem, each once, in the order found. */
  get fields(): string[] {
    return [...new Set(this.issues.map((i) => i.field))];
  }
}

/** The answer was not Jodo JSON (an HTML error page, a truncated body, a proxy's text). */
export class JodoMalformedResponseError extends JodoError {
  override readonly name = 'JodoMalformedResponseError';
  readonly kind = 'malformed-response';
  readonly transient = false;

  constructor(
    method: JodoMethod,
    readonly httpStatus: number,
    /** The first characters of the body, for a log or a support ticket. */
    readonly bodyStart: string,
    reason: string,
  ) {
    super(method, `${method} answer is not a Jodo response (${reason}; HTTP ${httpStatus}): ${JSON.stringify(bodyStart)}`);
  }
}

/** A non-2xx HTTP status without a Jodo answer in it. */
export class JodoHttpError extends JodoError {
  override readonly name = 'JodoHttpError';
  readonly kind = 'http';
  readonly transient: boolean;

  constructor(
    method: JodoMethod,
    readonly httpStatus: number,
    readonly bodyStart: string,
  ) {
    super(method, `${method} failed with HTTP ${httpStatus}`);
    this.transient = httpStatus >= 500 || httpStatus === 429 || httpStatus === 408;
  }
}

/** The request never got an answer: offline, DNS, connection refused or reset. */
export class JodoNetworkError extends JodoError {
  override readonly name = 'JodoNetworkError';
  readonly kind = 'network';
  readonly transient = true;

  constructor(method: JodoMethod, cause: unknown) {
    super(method, `${method} could not reach the Jodo service: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** No answer within the client's timeout. A write may still have been applied. */
export class JodoTimeoutError extends JodoError {
  override readonly name = 'JodoTimeoutError';
  readonly kind = 'timeout';
  readonly transient = true;

  constructor(
    method: JodoMethod,
    readonly timeoutMs: number,
  ) {
    super(method, `${method} got no answer within ${timeoutMs} ms`);
  }
}

/**
 * The answer to a session lookup (`<jodo-provider session-url>`, the gateway's
 * `GET <base>/session`) was not a session: not JSON, not an object, or a field
 * of the wrong type. Nothing of it is used.
 */
export class JodoSessionError extends Error {
  override readonly name = 'JodoSessionError';

  constructor(
    readonly url: string,
    readonly httpStatus: number,
    /** The first characters of the body, for a log or a support ticket. */
    readonly bodyStart: string,
    reason: string,
  ) {
    super(`${url} answer is not a session (${reason}; HTTP ${httpStatus}): ${JSON.stringify(bodyStart)}`);
  }
}

/** The caller's own abort (or a task cancelled because its element left the page): not a failure to show. */
export function isAbortError(error: unknown): boolean {
  return (error instanceof DOMException || error instanceof Error) && error.name === 'AbortError';
}

export function isJodoError(error: unknown): error is JodoError {
  return error instanceof JodoError;
}
