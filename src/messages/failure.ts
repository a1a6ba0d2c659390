/**
 * A failed request in words an agent can act on. Raw error text (method
 * names, HTTP codes, the start of a body Jodo sent) never goes into the page:
 * it stays on the error object for logs. Jodo's own descriptions are shown
 * as Jodo sent them.
 */
import { msg, str } from '@lit/localize';
import { isJodoError } from '../api/errors.js';
import type { RequestProblem } from '../api/request-problem.js';

/** What the words for a failure depend on: a typed error has it, and so has the record of one (stored or shared, worded when shown). */
export type FailureFacts = Pick<Exclude<RequestProblem, { kind: 'offline' }>, 'kind' | 'transient' | 'description'>;

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

/** Why the agents' states shown may be old: the last poll's problem, in words. */
export function pollProblemWords(problem: RequestProblem): string {
  // While the browser is offline the poller waits; the state shown is the last one known.
  if (problem.kind === 'offline') return msg('You are offline: agent states will update when the connection is back.');
  return failureWords(problem);
}
