/**
 * The gateway's refusals: an HTTP status and a Jodo-shaped answer (a code
 * from GATEWAY_STATUS, or Jodo's `2` for a malformed request) naming the
 * method it refuses, so the client reads them as it reads Jodo's own.
 */
import { describeStatus, type JodoMethod } from '../../api/codes.js';
import { formatJodoDateTime } from '../../api/rules.js';

export class Refused {
  constructor(
    readonly httpStatus: number,
    readonly code: number,
    readonly statusdesc?: string,
    /** Extra headers (`Retry-After`, `Allow`). */
    readonly headers: Record<string, string> = {},
  ) {}
}

/** The gateway's store did not answer: nothing was done, and the same request may go through in a moment. */
export const STORE_UNAVAILABLE = new Refused(503, 9503, undefined, { 'retry-after': '1' });

/** What an agent may not do: a 403 whose reason is logged and told. */
export class Forbidden {
  constructor(readonly reason: string) {}
}

export function refusalBody(method: JodoMethod | undefined, refused: Refused, now: Date): Record<string, unknown> {
  return {
    method: method ?? '',
    status: refused.code,
    statusdesc: refused.statusdesc ?? describeStatus(method, refused.code),
    resdatetime: formatJodoDateTime(now),
  };
}
