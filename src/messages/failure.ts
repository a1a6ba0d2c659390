/**
 * A failed request in words an agent can act on. Raw error text (method
 * names, HTTP codes, the start of a body Jodo sent) never goes into the page:
 * it stays on the error object for logs. Jodo's own descriptions are shown
 * as Jodo sent them.
 */
import { msg, str } from '@lit/localize';
import { isJodoError, type JodoErrorKind } from '../api/errors.js';

/** What the words for a failure depend on: a typed error has it, and so has the outbox's record of one (stored, worded when shown). */
export interface FailureFacts {
  kind: JodoErrorKind | 'other';
  transient?: boolean;
  /** A Jodo code's description (`api`). */
  description?: string;
}

export function failureMessage(error: unknown): string {
  return failureWords(isJodoError(error) ? (error as FailureFacts) : { kind: 'other' });
}

/** The same from the facts alone. */
export function failureWords({ kind, transient, description: said }: FailureFacts): string {
  if (kind === 'network') return msg('Cannot reach Jodo. Check the network connection.');
  if (kind === 'timeout') return msg('Jodo is not answering. It may be busy or the connection slow.');
  if (kind === 'http') return transient ? msg('Jodo is unavailable right now.') : msg('Jodo refused the request. Ask your administrator to check the toolbar settings.');
  if (kind === 'malformed-response') return msg('Jodo sent an answer the toolbar cannot read.');
  // The gateway's "Jodo down", "too slow" and "slow down" are not refusals: they pass.
  if (kind === 'api') return transient ? msg(str`Jodo is unavailable right now: ${said}.`) : msg(str`Jodo refused the request: ${said}.`);
  return msg('Something went wrong talking to Jodo.');
}

/** While the browser is offline the poller waits; the state shown is the last one known. */
export function offlineMessage(): string {
  return msg('You are offline: agent states will update when the connection is back.');
}
