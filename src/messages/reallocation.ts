/**
 * Why a reallocation failed, in plain words on the field it is about: the
 * document's reallocatedata codes 70 to 73, the client's own checks, and
 * anything else as every element says it.
 */
import { msg, str } from '@lit/localize';
import { CONTACT_BLANK, CONTACT_NOT_FOUND, REALLOCATE_LOGIN_BLANK, REALLOCATE_LOGIN_NOT_FOUND } from '../api/status-codes.js';
import { JodoApiError, JodoValidationError } from '../api/errors.js';
import type { Reallocation } from '../events/jodo-reallocate.js';
import { failureMessage } from './failure.js';
import { fieldProblem } from './field-problem.js';

export type ReallocationField = 'contactnumber' | 'customercode' | 'calldatetime' | 'to';

export interface ReallocationProblem {
  field?: ReallocationField;
  message: string;
}

/** The form's labels, also used to name a field in its error. */
export const reallocationLabels = (): Record<ReallocationField, string> => ({
  contactnumber: msg('Contact number'),
  customercode: msg('Customer code (optional)'),
  calldatetime: msg('Call at (optional)'),
  to: msg('Give to'),
});

/** The request field a problem is about -> the form's field. */
const FIELD_OF: Record<string, ReallocationField> = { contactnumber: 'contactnumber', customercode: 'customercode', calldatetime: 'calldatetime', login: 'to' };

export function reallocationProblems(error: unknown, request: Reallocation): ReallocationProblem[] {
  if (error instanceof JodoValidationError) {
    const labels = reallocationLabels();
    return error.issues.map(({ field, message }) => {
      const mine = FIELD_OF[field];
      return mine ? { field: mine, message: fieldProblem(labels[mine], message) } : { message: fieldProblem(field, message) };
    });
  }
  if (error instanceof JodoApiError) {
    switch (error.code) {
      case CONTACT_NOT_FOUND:
        return [{ field: 'contactnumber', message: msg(str`Jodo has no contact with the number ${request.contactnumber} in this process.`) }];
      case CONTACT_BLANK:
        return [{ field: 'contactnumber', message: msg("Enter the contact's number.") }];
      case REALLOCATE_LOGIN_NOT_FOUND:
        return [{ field: 'to', message: msg(str`Jodo has no agent ${request.to}.`) }];
      case REALLOCATE_LOGIN_BLANK:
        return [{ field: 'to', message: msg('Choose the agent to give the contact to.') }];
    }
  }
  return [{ message: failureMessage(error) }];
}
