/** A form field and what is wrong with it, as both forms (wrap-up, call guide) say it. */
import { msg, str } from '@lit/localize';

export function fieldProblem(label: string, problem: string): string {
  return msg(str`${label} ${problem}.`, { desc: 'A form field and what is wrong with it, e.g. "The contact must not be blank."' });
}
