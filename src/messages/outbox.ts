/** What the agent reads about a write the outbox could not get confirmed. */
import { msg } from '@lit/localize';

/** An entry unanswered for longer than the gateway remembers its key: the agent decides. */
export function expiredMessage(): string {
  return msg('It waited more than a day without an answer, and Jodo may have it already: check in Jodo, then send it again or discard it.');
}
