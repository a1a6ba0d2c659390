/**
 * What the wrap-up form checks itself before asking Jodo: its outcome list,
 * and the values the agent gave (an outcome, a contact that fits the media,
 * a callback inside the process's window by Jodo's clock, remarks within
 * the limit). The rules are the client's own (src/api/rules.ts, limits.ts);
 * the window is the form's, which the request schema cannot know.
 */
import { msg, str } from '@lit/localize';
import { VOICE_IN, VOICE_OUT, mediaId } from '../../api/codes.js';
import { MAX_REMARKS } from '../../api/limits.js';
import { isMobileNumber } from '../../api/rules.js';
import { formatNumber } from '../../format/number.js';
import type { DispositionError } from './disposition-messages.js';

/** One disposition master and its reasons, as the process defines them in Jodo. */
export interface DispositionMaster {
  id: number;
  name: string;
  reasons: { id: number; name: string }[];
}

export const DAY_MS = 86_400_000;

/** A usable outcome list: at least one master, each with whole-number ids and names. */
export function isMasterList(value: unknown): value is DispositionMaster[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every(
      (m) =>
        typeof m === 'object' && m !== null && Number.isInteger(m.id) && typeof m.name === 'string' && Array.isArray(m.reasons) &&
        m.reasons.every((r: unknown) => typeof r === 'object' && r !== null && Number.isInteger((r as { id: unknown }).id) && typeof (r as { name: unknown }).name === 'string'),
    )
  );
}

export interface WrapUpValues {
  /** `master:reason`, or empty. */
  outcome: string;
  contact: string;
  media: string;
  remarks: string;
  /** The callback by Jodo's clock in ms (NaN when it cannot be read); undefined when none was asked for. */
  callbackAt: number | undefined;
  /** Now, by Jodo's clock. */
  now: number;
  windowDays: number;
}

/** Every problem of the values, each on its field. */
export function checkWrapUp({ outcome, contact, media, remarks, callbackAt, now, windowDays }: WrapUpValues): DispositionError[] {
  const errors: DispositionError[] = [];
  if (!outcome) errors.push({ field: 'outcome', message: msg('Choose an outcome.') });
  const voice = [VOICE_IN, VOICE_OUT].includes(mediaId(media) as typeof VOICE_IN);
  if (!contact) errors.push({ field: 'contact', message: msg('Enter the number or address you spoke to.') });
  else if (voice && !isMobileNumber(contact)) errors.push({ field: 'contact', message: msg('Enter a phone number: 3 to 16 digits, optionally led by + or 00.') });
  if (callbackAt !== undefined) {
    const days = formatNumber(windowDays);
    if (!Number.isFinite(callbackAt)) errors.push({ field: 'callback', message: msg('Enter the callback as a date and a time.') });
    else if (callbackAt < now || callbackAt > now + windowDays * DAY_MS) errors.push({ field: 'callback', message: msg(str`Pick a callback time between now and ${days} days ahead.`) });
  }
  if (remarks.length > MAX_REMARKS) errors.push({ field: 'remarks', message: msg(str`Keep the remarks under ${formatNumber(MAX_REMARKS)} characters.`) });
  return errors;
}
