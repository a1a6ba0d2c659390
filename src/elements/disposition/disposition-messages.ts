/**
 * What the agent reads when a wrap-up is refused: each failure code of
 * saveDisposition in plain words, on the field it is about.
 */
import { msg, str } from '@lit/localize';
import { isJodoError, JodoApiError, JodoValidationError } from '../../api/errors.js';
import { fieldProblem } from '../../messages/field-problem.js';

/** The form's parts an error can belong to; `form` is the whole wrap-up. */
export type DispositionField = 'outcome' | 'remarks' | 'callback' | 'contact' | 'media' | 'form';

export interface DispositionError {
  field: DispositionField;
  message: string;
}

const BY_CODE: Record<number, () => DispositionError> = {
  4: () => ({ field: 'form', message: msg('Jodo does not know your login. Sign in again, or ask a supervisor to check your Jodo user.') }),
  6: () => ({ field: 'form', message: msg('Jodo no longer has you in wrap-up, so it cannot be saved now. Your notes are kept.') }),
  7: () => ({ field: 'callback', message: msg('Enter the callback as a date and a time.') }),
  // Jodo's own window decides here, which may be shorter than the one this form was given.
  8: () => ({ field: 'callback', message: msg('Jodo does not accept this callback time: pick one closer to now, inside the callback window.') }),
  31: () => ({ field: 'outcome', message: msg('This outcome is not set up for this process. Pick another one.') }),
  32: () => ({ field: 'contact', message: msg('This number is on the do-not-call list, so Jodo takes no wrap-up for it. Check the contact, or ask a supervisor.') }),
  33: () => ({ field: 'callback', message: msg('This customer already has the most callbacks allowed. Save without a callback.') }),
  111: () => ({ field: 'form', message: msg('Jodo could not save this just now. Try again in a moment; your notes are kept.') }),
  421: () => ({ field: 'form', message: msg('Jodo does not accept this process (servicekey). Ask your administrator to check the toolbar settings.') }),
  1107: () => ({ field: 'form', message: msg('Jodo did not accept the toolbar\'s key. Ask your administrator to check the toolbar settings.') }),
  1108: () => ({ field: 'form', message: msg('Jodo does not know this process (servicekey). Ask your administrator to check the toolbar settings.') }),
  1243: () => ({ field: 'form', message: msg('This process (servicekey) belongs to another organisation. Ask your administrator to check the toolbar settings.') }),
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
  if (error instanceof JodoApiError) {
    const known = BY_CODE[error.code];
    const { description, code } = error;
    return [known ? known() : { field: 'form', message: msg(str`Jodo refused the wrap-up: ${description} (code ${code}).`) }];
  }
  if (isJodoError(error) && error.transient) {
    return [{ field: 'form', message: msg('Cannot reach Jodo. Your notes are kept: try again when the connection is back.') }];
  }
  return [{ field: 'form', message: msg('The wrap-up could not be saved. Your notes are kept: try again.') }];
}
