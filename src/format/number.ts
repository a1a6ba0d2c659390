/** Numbers and counts in the active language's digits, grouping and plural rules. */
import { formattingLocale } from '../i18n/localization.js';
import { cached } from './intl-cache.js';

export function formatNumber(value: number, options: Intl.NumberFormatOptions = {}, locale = formattingLocale()): string {
  return cached('number', locale, options, () => new Intl.NumberFormat(locale, options)).format(value);
}

/** The plural category of a count (`one`, `other`, … as the language has them). */
export function pluralCategory(count: number, locale = formattingLocale()): Intl.LDMLPluralRule {
  return cached('plural', locale, {}, () => new Intl.PluralRules(locale)).select(count);
}
