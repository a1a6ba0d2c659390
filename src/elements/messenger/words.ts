/**
 * The messenger's words: each stage's label, what is wrong with a pasted
 * list or one of its rows, and why a batch was refused.
 */
import { msg, str } from '@lit/localize';
import { NOT_ALLOWED } from '../../api/status-codes.js';
import { JodoApiError } from '../../api/errors.js';
import { formatNumber } from '../../format/number.js';
import { failureMessage } from '../../messages/failure.js';
import { fieldProblem } from '../../messages/field-problem.js';
import type { ListRow, ReadList, Stage } from './leads.js';

export const STAGE_LABEL: Record<Stage, () => string> = {
  pending: () => msg('Not in Jodo yet'),
  speech: () => msg('Waiting for speech'),
  problem: () => msg('Speech problem'),
  ready: () => msg('Ready to dial'),
  called: () => msg('Called'),
};

export const LIST_PROBLEM: Record<ReadList['problems'][number], () => string> = {
  'no-rows': () => msg('Paste a header row (name,mobilenumber,…), then one customer a row.'),
  'no-number-column': () => msg('The header row has no mobilenumber column.'),
  'open-quote': () => msg('A quoted field is never closed: check the quotes.'),
};

export function rowProblem(problem: ListRow['problems'][number]): string {
  if (problem.duplicateOf !== undefined) {
    const row = formatNumber(problem.duplicateOf);
    return msg(str`This number is also on row ${row}.`);
  }
  const label = problem.field === 'mobilenumber' ? msg('The number') : problem.field === 'callDateTime' ? msg('The time') : problem.field;
  return fieldProblem(label, problem.message);
}

/** Why a batch was refused, in words: the gateway refusing this user the process first. */
export function refusal(error: unknown): string {
  if (error instanceof JodoApiError && error.code === NOT_ALLOWED) {
    return msg('You may not send reminders in this process: only a supervisor or an administrator given it can.');
  }
  return failureMessage(error);
}
