/**
 * A form field and what is wrong with it, as both forms (wrap-up, call
 * guide) say it: each of the schema's problems (src/api/schemas.ts
 * `MESSAGES`) as a whole sentence in the agent's language; any other
 * problem as the client words it.
 */
import { msg, str } from '@lit/localize';
import { MESSAGES } from '../api/field-messages.js';

const SENTENCES = {
  required: (label) => msg(str`${label} is required.`),
  wrongType: (label) => msg(str`${label} has the wrong type.`),
  filled: (label) => msg(str`${label} must not be blank.`),
  mobile: (label) => msg(str`${label} must be a contact number of 3 to 16 digits, optionally led by + or 00.`),
  dateTime: (label) => msg(str`${label} must be a date and time as YYYY-MM-DD hh:mm:ss.`),
  date: (label) => msg(str`${label} must be a date as YYYY-MM-DD.`),
  email: (label) => msg(str`${label} must be an e-mail address.`),
  media: (label) => msg(str`${label} must be a media id or name from the media table (e.g. 11 or "Voice In").`),
  numeric: (label) => msg(str`${label} must be a whole number.`),
  digits: (label) => msg(str`${label} must be digits only.`),
  md5: (label) => msg(str`${label} must be an MD5 hex digest (32 hex digits).`),
} satisfies Record<keyof typeof MESSAGES, (label: string) => string>;

const KEY_OF_MESSAGE = new Map(Object.entries(MESSAGES).map(([key, text]) => [text as string, key as keyof typeof MESSAGES]));

export function fieldProblem(label: string, problem: string): string {
  const key = KEY_OF_MESSAGE.get(problem);
  return key ? SENTENCES[key](label) : msg(str`${label} ${problem}.`, { desc: 'A form field and what is wrong with it, in English from the client' });
}
