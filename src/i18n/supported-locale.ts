/**
 * Which of the toolbar's languages a BCP 47 tag asks for: `hi-IN` -> `hi`,
 * `ar-EG` -> `ar`, anything else -> none. Pure: no DOM, usable from Node.
 */
import { allLocales, sourceLocale } from './locale-codes.js';

/** A language the toolbar has messages for. */
export type Locale = (typeof allLocales)[number];

/** The language chosen, and the full tag numbers and dates are formatted for (`hi-IN` keeps India's grouping). */
export interface LocaleChoice {
  locale: Locale;
  formattingLocale: string;
}

const SOURCE: LocaleChoice = { locale: sourceLocale, formattingLocale: sourceLocale };

/** `hi_IN`, ` HI-in ` -> `hi-IN`; undefined for what is not a language tag. */
function canonicalTag(tag: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(tag.trim().replace(/_/g, '-'))[0];
  } catch {
    return undefined;
  }
}

/** The supported language of one tag, or undefined. */
export function supportedLocale(tag: string | null | undefined): LocaleChoice | undefined {
  const canonical = tag ? canonicalTag(tag) : undefined;
  if (!canonical) return undefined;
  const language = canonical.split('-')[0]!.toLowerCase();
  const locale = allLocales.find((code) => code === language);
  return locale ? { locale, formattingLocale: canonical } : undefined;
}

/**
 * The language for what the page declares (`lang`), else for the browser's
 * preferences in order; English when the page declares an unsupported one or
 * nothing matches.
 */
export function chooseLocale(declared: string | undefined, preferred: readonly string[]): LocaleChoice {
  if (declared) return supportedLocale(declared) ?? SOURCE;
  for (const tag of preferred) {
    const choice = supportedLocale(tag);
    if (choice) return choice;
  }
  return SOURCE;
}
