/**
 * Why a request got no definitive answer, as facts: the browser was offline,
 * or the client's error kind with Jodo's (or the gateway's) code or the HTTP
 * status. The outbox stores them and the status poller shares them across
 * tabs; the page words them in the agent's language when it shows them
 * (src/messages/failure.ts), never before.
 */
import { JodoApiError, JodoHttpError, isJodoError, type JodoErrorKind } from './errors.js';

export type RequestProblem =
  | { kind: 'offline' }
  | {
      kind: JodoErrorKind | 'other';
      transient?: boolean;
      /** A Jodo code's description (`api`). */
      description?: string;
      /** Jodo's or the gateway's status code (`api`). */
      code?: number;
      /** The HTTP status (`http`). */
      status?: number;
    };

/** The facts of a failed request. */
export function problemOf(error: unknown): RequestProblem {
  if (error instanceof JodoApiError) return { kind: 'api', transient: error.transient, code: error.code, description: error.description };
  if (error instanceof JodoHttpError) return { kind: 'http', transient: error.transient, status: error.httpStatus };
  return { kind: isJodoError(error) ? error.kind : 'other' };
}
