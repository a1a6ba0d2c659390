/**
 * Dates and times as the agent reads them. What is sent to Jodo keeps its
 * wire format (`YYYY-MM-DD hh:mm:ss`, src/api/rules.ts); only what is shown
 * is formatted here.
 */
import { formattingLocale } from '../i18n/localization.js';
import { cached } from './intl-cache.js';

const DATE_TIME: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };

/** `28 Nov 2026, 10:05` (en-GB), `28 नव॰ 2026, 10:05 am` (hi), … */
export function formatDateTime(date: Date, locale = formattingLocale()): string {
  return cached('date-time', locale, DATE_TIME, () => new Intl.DateTimeFormat(locale, DATE_TIME)).format(date);
}

/** Jodo's `YYYY-MM-DD hh:mm[:ss]` (local time) as a Date; undefined for anything else. */
export function parseJodoDateTime(value: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!match) return undefined;
  const [year, month, day, hours, minutes, seconds = '0'] = match.slice(1).map(Number) as number[];
  const date = new Date(year!, month! - 1, day, hours, minutes, Number(seconds));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

const TIME: Intl.DateTimeFormatOptions = { timeStyle: 'medium' };

/** `10:05:09` (en-GB), `10:05:09 am` (hi), …: the time of a request, to the second. */
export function formatTime(date: Date, locale = formattingLocale()): string {
  return cached('time', locale, TIME, () => new Intl.DateTimeFormat(locale, TIME)).format(date);
}
