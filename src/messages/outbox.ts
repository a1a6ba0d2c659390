/** What the agent reads about a write the outbox could not get confirmed. */
import { msg } from '@lit/localize';
import type { OutboxEntry } from '../outbox/outbox-entry.js';
import { failureWords } from './failure.js';

/** An entry unanswered for longer than the gateway remembers its key: the agent decides. */
export function expiredMessage(): string {
  return msg('It waited more than a day without an answer, and Jodo may have it already: check in Jodo, then send it again or discard it.');
}

/**
 * Why a queued write has not got through yet, in the language shown now, as
 * the request's failure would be said. An entry stored by an older toolbar
 * has only its sentence, shown as it was stored.
 */
export function waitingReason({ problem, lastProblem }: Pick<OutboxEntry, 'problem' | 'lastProblem'>): string | undefined {
  if (!problem) return lastProblem;
  return problem.kind === 'offline' ? msg('You are offline. It will be sent when the connection is back.') : failureWords(problem);
}
