/**
 * The recording player's failures in words: what went wrong and what the
 * agent can do about it, by the recording methods' codes. Every other
 * failure is said as every element says it (messages/failure.ts).
 */
import { msg, str } from '@lit/localize';
import { RECORDING_ID_BLANK } from '../../api/codes.js';
import { JodoApiError, JodoValidationError } from '../../api/errors.js';
import { CALL_NOT_FOUND, INVALID_SESSION, SESSION_NOT_FOUND } from '../../api/status-codes.js';
import { failureMessage } from '../../messages/failure.js';

export interface Problem {
  text: string;
  hint: string;
  retry: boolean;
}

/** What went wrong, in words, and what the agent can do about it. */
export function describeProblem(error: unknown): Problem {
  if (error instanceof JodoApiError && !error.transient) {
    const { description, code } = error;
    const said = msg(str`Jodo says: ${description} (code ${code}).`);
    switch (code) {
      case CALL_NOT_FOUND:
        return { text: msg('This call has no recording in Jodo'), hint: `${said} ${msg('Check the call id, or try again once the call has ended.')}`, retry: true };
      case RECORDING_ID_BLANK:
        return { text: msg('Jodo got no call id'), hint: `${said} ${msg('Choose a call, then try again.')}`, retry: true };
      case SESSION_NOT_FOUND:
        return { text: msg('Jodo does not know this session id'), hint: `${said} ${msg('Check the sessionid attribute, or leave it out.')}`, retry: true };
      case INVALID_SESSION:
        return { text: msg('The session id is not valid'), hint: `${said} ${msg('Check the sessionid attribute, or leave it out.')}`, retry: true };
      default:
        return { text: msg('Jodo could not give the recording'), hint: `${said} ${msg('Try again; if it keeps happening, tell your Jodo administrator.')}`, retry: true };
    }
  }
  if (error instanceof JodoValidationError) {
    const issues = error.issues.map((i) => `${i.field} ${i.message}`).join('; ');
    return { text: msg('This call id cannot be sent to Jodo'), hint: msg(str`Check the call id: ${issues}.`), retry: false };
  }
  return { text: failureMessage(error), hint: msg('Try again; if it keeps happening, tell your Jodo administrator.'), retry: true };
}
