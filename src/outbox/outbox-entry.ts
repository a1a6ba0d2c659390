/** One queued write, as kept in the outbox's store (plain data: it is structured-cloned into IndexedDB). */
import type { Params } from '../api/client.js';
import { JodoApiError, JodoValidationError, type ValidationIssue } from '../api/errors.js';
import { expiredMessage } from '../messages/outbox.js';
import type { RequestProblem } from '../api/request-problem.js';

/** The writes the toolbar makes and must never lose. */
export type OutboxMethod = 'saveDisposition' | 'ImportProcessData';

/** A definitive refusal, kept so the agent can read it and fix the write even after a reload. */
export type OutboxFailure =
  | { kind: 'api'; code: number; description: string; statusdesc?: string }
  | { kind: 'validation'; issues: ValidationIssue[] }
  /** Unanswered for longer than the gateway remembers keys: sent again it could be applied twice, so the agent decides. */
  | { kind: 'expired' };

/** Why the last attempt got no definitive answer (facts, worded when shown). */
export type OutboxProblem = RequestProblem;

/** The gateway keeps an idempotency key's answer for 24 hours; an entry is not sent under its key after this. */
export const SAFE_RETRY_MS = 23 * 3600 * 1000;


export interface OutboxEntry<M extends OutboxMethod = OutboxMethod> {
  /** Also the write's idempotency key: every attempt of one entry is the same write to the gateway. */
  id: string;
  method: M;
  params: Params<M>;
  /** The agent (login, lower-cased) the write belongs to: only their session sends it. */
  owner: string;
  /** Page clock, ms. */
  createdAt: number;
  /** Attempts that got no definitive answer. */
  attempts: number;
  /** Not sent again before this time (page clock, ms). */
  nextAttemptAt: number;
  /** `queued`: waiting to be sent; `failed`: Jodo refused it, the agent decides (fix and resend, or discard). */
  state: 'queued' | 'failed';
  failure?: OutboxFailure;
  /** What the write is, for the element that made it (the call guide marks a new customer `create`). */
  tag?: string;
  /** Why the last attempt did not get through (queued entries). */
  problem?: OutboxProblem;
  /** The same as a sentence, in the language of the moment it failed: stored by older toolbars, still read, no longer written. */
  lastProblem?: string;
}

export function failureOf(error: JodoApiError | JodoValidationError): OutboxFailure {
  return error instanceof JodoApiError
    ? { kind: 'api', code: error.code, description: error.description, ...(error.statusdesc ? { statusdesc: error.statusdesc } : {}) }
    : { kind: 'validation', issues: error.issues.map((issue) => ({ ...issue })) };
}

/** The refusal as the typed error the elements already know how to explain. */
export function errorOf(method: OutboxMethod, failure: OutboxFailure): JodoApiError | JodoValidationError {
  if (failure.kind === 'api') return new JodoApiError(method, failure.code, failure.description, failure.statusdesc, {});
  if (failure.kind === 'expired') return new JodoValidationError(method, [{ field: 'request', message: expiredMessage() }]);
  return new JodoValidationError(method, failure.issues);
}
