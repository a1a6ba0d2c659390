/**
 * The gateway's refusals: an HTTP status and a Jodo-shaped answer (a code
 * from GATEWAY_STATUS, or Jodo's `2` for a malformed request) naming the
 * method it refuses, so the client reads them as it reads Jodo's own.
 */
import type { JodoMethod } from '../../api/codes.js';
import { describeStatus } from '../../api/method-status.js';
import { NOT_ALLOWED, STORE_UNREACHABLE } from '../../api/status-codes.js';
import { formatJodoDateTime } from '../../api/rules.js';
import { Refusal } from '../http/refusal.js';

export { Refusal } from '../http/refusal.js';

/** The gateway's store did not answer: nothing was done, and the same request may go through in a moment. */
export const STORE_UNAVAILABLE = new Refusal(STORE_UNREACHABLE, undefined, 503, { 'retry-after': '1' });

/** What a user may not do: a 403 whose reason is told, and logged by the Jodo endpoint. */
export const forbidden = (reason: string): Refusal => new Refusal(NOT_ALLOWED, `Not allowed: ${reason}`, 403);

export function refusalBody(method: JodoMethod | undefined, refused: Refusal, now: Date): Record<string, unknown> {
  return {
    method: method ?? '',
    status: refused.code,
    statusdesc: refused.statusdesc ?? describeStatus(method, refused.code),
    resdatetime: formatJodoDateTime(now),
  };
}
