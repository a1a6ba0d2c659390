/**
 * The call guide's failures in words: what went wrong with a lookup or a
 * save, and what the agent (or the page's developer) can do about it.
 */
import { msg, str } from '@lit/localize';
import { JodoApiError, JodoTimeoutError, JodoValidationError } from '../../api/errors.js';
import { failureMessage } from '../../messages/failure.js';
import { PROVIDER_TAG, CALL_GUIDE_TAG } from '../../messages/element-names.js';

export interface Failure {
  message: string;
  hint: string;
}

/**
 * What went wrong and what the agent (or the page's developer) can do about
 * it. The call guide words only its own: the codes and fields of a lookup or
 * a save; every other failure is said as every element says it.
 */
export function describeFailure(error: unknown, action: 'load' | 'save'): Failure {
  const later = msg('Try again in a moment; if it keeps failing, tell your administrator.');
  if (error instanceof JodoApiError && !error.transient) {
    // Jodo's own words (statusdesc) are shown as Jodo sent them.
    const said = error.statusdesc || error.description;
    const code = error.code;
    if ([1107, 1108, 1243].includes(code)) {
      return { message: msg(str`Jodo refused the process key: ${said} (code ${code}).`), hint: msg(str`Check the servicekey and apikey of ${PROVIDER_TAG}.`) };
    }
    if ([17, 18, 19].includes(code)) {
      return { message: msg(str`Jodo refused the media: ${said} (code ${code}).`), hint: msg(str`Check the media attribute of ${CALL_GUIDE_TAG}.`) };
    }
    return { message: msg(str`Jodo refused the request: ${said} (code ${code}).`), hint: later };
  }
  if (error instanceof JodoValidationError) {
    if (error.issues.some((i) => i.field === 'login')) {
      return { message: msg('No agent is signed in to the toolbar.'), hint: msg(str`Sign in to Jodo (or set the login of ${PROVIDER_TAG}), then save again.`) };
    }
    const issues = error.issues.map((i) => `${i.field} ${i.message}`).join('; ');
    return action === 'load'
      ? { message: msg(str`The customer can't be looked up: ${issues}.`), hint: msg(str`Check the call's number or code, and the servicekey of ${PROVIDER_TAG}.`) }
      : { message: msg(str`The customer can't be saved: ${issues}.`), hint: msg(str`Check the media attribute of ${CALL_GUIDE_TAG} and the servicekey of ${PROVIDER_TAG}.`) };
  }
  const mayHaveSaved = action === 'save' && error instanceof JodoTimeoutError;
  return { message: failureMessage(error), hint: mayHaveSaved ? msg('The changes may have been saved anyway; saving again is safe.') : later };
}
