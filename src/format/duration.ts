/** Times in state, wrap-up and recordings, and how old an answer is, in the active language (through Intl but for plain English). */
import { formattingLocale } from '../i18n/localization.js';
import { cached } from './intl-cache.js';
import { formatNumber } from './number.js';

const wholeSeconds = (totalSeconds: number) => Math.max(0, Math.floor(Number.isFinite(totalSeconds) ? totalSeconds : 0));

/**
 * English, as Intl writes it, without Intl: a page's first Intl number formatter costs about 20 ms to set up
 * (bench/RESULTS.md, Start-up), and the status timer is the first number most pages show. Other languages, and
 * English with a Unicode extension (another numbering system), go through Intl.
 */
const isPlainEnglish = (locale: string) => /^en(-[a-z0-9]+)*$/i.test(locale) && !/-u-/i.test(locale);
const grouped = (n: number) => String(n).replace(/\B(?=(\d{3})+$)/g, ',');

/** `75` -> `1:15`, `3725` -> `1:02:05`, in the language's digits (`١:١٥` in Arabic). */
export function formatDuration(totalSeconds: number, locale = formattingLocale()): string {
  const seconds = wholeSeconds(totalSeconds);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const plain = isPlainEnglish(locale);
  const two = (n: number) => (plain ? String(n).padStart(2, '0') : formatNumber(n, { minimumIntegerDigits: 2, useGrouping: false }, locale));
  const one = (n: number) => (plain ? String(n) : formatNumber(n, { useGrouping: false }, locale));
  const s = two(seconds % 60);
  return h > 0 ? `${one(h)}:${two(m)}:${s}` : `${one(m)}:${s}`;
}

/** Words for a screen reader: `1 minute 15 seconds`. */
export function describeDuration(totalSeconds: number, locale = formattingLocale()): string {
  const seconds = wholeSeconds(totalSeconds);
  const parts: string[] = [];
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const plain = isPlainEnglish(locale);
  const unit = (value: number, name: 'hour' | 'minute' | 'second') =>
    plain ? `${grouped(value)} ${name}${value === 1 ? '' : 's'}` : formatNumber(value, { style: 'unit', unit: name, unitDisplay: 'long' }, locale);
  if (h) parts.push(unit(h, 'hour'));
  if (m) parts.push(unit(m, 'minute'));
  if (s || parts.length === 0) parts.push(unit(s, 'second'));
  if (parts.length === 1) return parts[0]!; // no list formatter to build for the common case
  if (plain) return parts.join(' ');
  const list = cached('list', locale, {}, () => new Intl.ListFormat(locale, { type: 'unit', style: 'narrow' }));
  return list.format(parts);
}

/** How long ago, coarsely: seconds under a minute, minutes under an hour, else hours. */
export function coarseAge(totalSeconds: number): { value: number; unit: 'second' | 'minute' | 'hour' } {
  const seconds = wholeSeconds(totalSeconds);
  if (seconds < 60) return { value: seconds, unit: 'second' };
  if (seconds < 3600) return { value: Math.floor(seconds / 60), unit: 'minute' };
  return { value: Math.floor(seconds / 3600), unit: 'hour' };
}

/** "updated … ago": `5 sec. ago`, `3 min. ago`, `2 hr. ago` in English. */
export function formatAge(totalSeconds: number, locale = formattingLocale()): string {
  const { value, unit } = coarseAge(totalSeconds);
  const relative = cached('relative', locale, {}, () => new Intl.RelativeTimeFormat(locale, { numeric: 'always', style: 'short' }));
  return relative.format(-value, unit);
}
