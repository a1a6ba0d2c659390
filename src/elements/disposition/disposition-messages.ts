/**
 * What the agent reads when a wrap-up is refused: each failure code of
 * saveDisposition in plain words, on the field it is about. Every other
 * failure is said as every element says it (messages/failure.ts).
 */
import { msg, str } from '@lit/localize';
import { APIKEY_NOT_FOUND, CONTACT_IN_DNC, DATE_OUT_OF_RANGE, DISPOSITION_LOGIN_NOT_FOUND, DISPOSITION_PROCESSING_ERROR, INVALID_PROCESS, KEYS_NOT_MATCHING, NOT_IN_WRAPUP, REASON_NOT_FOUND, SERVICEKEY_NOT_FOUND, TOO_MANY_CALLBACKS, WRONG_DATE_FORMAT } from '../../api/status-codes.js';
import { JodoApiError, JodoValidationError } from '../../api/errors.js';
import { failureMessage } from '../../messages/failure.js';
import { fieldProblem } from '../../messages/field-problem.js';

/** The form's parts an error can belong to; `form` is the whole wrap-up. */
export type DispositionField = 'outcome' | 'remarks' | 'callback' | 'contact' | 'media' | 'form';

export interface DispositionError {
  field: DispositionField;
  message: string;
}

const BY_CODE: Record<number, () => DispositionError> = {
  [DISPOSITION_LOGIN_NOT_FOUND]: () => ({ field: 'form', message: msg('Jodo does not know your login. Sign in again, or ask a supervisor to check your Jodo user.') }),
  [NOT_IN_WRAPUP]: () => ({ field: 'form', message: msg('Jodo no longer has you in wrap-up, so it cannot be saved now. Your notes are kept.') }),
  [WRONG_DATE_FORMAT]: () => ({ field: 'callback', message: msg('Enter the callback as a date and a time.') }),
  // Jodo's own window decides here, which may be shorter than the one this form was given.
  [DATE_OUT_OF_RANGE]: () => ({ field: 'callback', message: msg('Jodo does not accept this callback time: pick one closer to now, inside the callback window.') }),
  [REASON_NOT_FOUND]: () => ({ field: 'outcome', message: msg('This outcome is not set up for this process. Pick another one.') }),
  [CONTACT_IN_DNC]: () => ({ field: 'contact', message: msg('This number is on the do-not-call list, so Jodo takes no wrap-up for it. Check the contact, or ask a supervisor.') }),
  [TOO_MANY_CALLBACKS]: () => ({ field: 'callback', message: msg('This customer already has the most callbacks allowed. Save without a callback.') }),
  [DISPOSITION_PROCESSING_ERROR]: () => ({ field: 'form', message: msg('Jodo could not save this just now. Try again in a moment; your notes are kept.') }),
  [INVALID_PROCESS]: () => ({ field: 'form', message: msg('Jodo does not accept this process (servicekey). Ask your administrator to check the toolbar settings.') }),
  [APIKEY_NOT_FOUND]: () => ({ field: 'form', message: msg('Jodo did not accept the toolbar\'s key. Ask your administrator to check the toolbar settings.') }),
  [SERVICEKEY_NOT_FOUND]: () => ({ field: 'form', message: msg('Jodo does not know this process (servicekey). Ask your administrator to check the toolbar settings.') }),
  [KEYS_NOT_MATCHING]: () => ({ field: 'form', message: msg('This process (servicekey) belongs to another organisation. Ask your administrator to check the toolbar settings.') }),
};

/** Request fields of saveDisposition and the form part each belongs to. */
const FIELD_OF_PARAM: Record<string, DispositionField> = {
  dispomasterid: 'outcome',
  disporeasonid: 'outcome',
  remarks: 'remarks',
  selecteddatetime: 'callback',
  contactvalue: 'contact',
  media: 'media',
};

const LABEL_OF_FIELD: Record<DispositionField, () => string> = {
  outcome: () => msg('The outcome'),
  remarks: () => msg('The remarks'),
  callback: () => msg('The callback time'),
  contact: () => msg('The contact'),
  media: () => msg('The media'),
  form: () => msg('The wrap-up'),
};

/** Every error a failed save means, each on its field. */
export function dispositionErrors(error: unknown): DispositionError[] {
  if (error instanceof JodoValidationError) {
    return error.issues.map((issue) => {
      if (issue.field === 'login') return { field: 'form', message: msg('No agent is signed in to the toolbar. Sign in to Jodo, then save again: your notes are kept.') };
      // Whole-request problems (an outbox entry too old to resend safely) are said as they are.
      if (issue.field === 'request') return { field: 'form', message: issue.message };
      const field = FIELD_OF_PARAM[issue.field.split('.')[0]!] ?? 'form';
      return { field, message: fieldProblem(LABEL_OF_FIELD[field](), issue.message) };
    });
  }
  if (error instanceof JodoApiError && !error.transient) {
    const known = BY_CODE[error.code];
    const { description, code } = error;
    return [known ? known() : { field: 'form', message: msg(str`Jodo refused the wrap-up: ${description} (code ${code}).`) }];
  }
  return [{ field: 'form', message: `${failureMessage(error)} ${msg('Your notes are kept: try again.')}` }];
}
