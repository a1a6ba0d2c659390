/**
 * The toolbar's one `configureLocalization` (@lit/localize, runtime mode),
 * made on first use, never when a module loads: class modules stay free of
 * side effects. @lit/localize keeps one locale per page, so every Jodo
 * element on a page speaks the same language.
 */
import { LOCALE_STATUS_EVENT, configureLocalization } from '@lit/localize';
import { sourceLocale, targetLocales } from './locale-codes.js';
import { LOADERS, type TargetLocale } from './locale-loaders.js';
import type { Locale, LocaleChoice } from './supported-locale.js';

type Runtime = ReturnType<typeof configureLocalization>;

/** Undefined until first use; null when another script on the page configured @lit/localize first. */
let runtime: Runtime | null | undefined;
let formatting: string = sourceLocale;

function localization(): Runtime | null {
  if (runtime === undefined) {
    try {
      runtime = configureLocalization({
        sourceLocale,
        targetLocales,
        loadLocale: (locale) => LOADERS[locale as TargetLocale]() as ReturnType<Parameters<typeof configureLocalization>[0]['loadLocale']>,
      });
    } catch {
      console.warn('@lit/localize is already configured on this page (one locale per page): the Jodo toolbar stays in English.');
      runtime = null;
    }
  }
  return runtime;
}

/** The language messages are shown in now. */
export function activeLocale(): Locale {
  return (runtime?.getLocale() as Locale | undefined) ?? sourceLocale;
}

/** The tag numbers, durations and dates are formatted for: the page's own tag (`ar-EG`) when it is of the active language. */
export function formattingLocale(): string {
  const locale = activeLocale();
  return formatting.split('-')[0] === locale ? formatting : locale;
}

/** Switches every Jodo element on the page to `choice`; the elements re-render once its messages are loaded. */
export async function switchLocale(choice: LocaleChoice): Promise<void> {
  const previousFormatting = formattingLocale();
  formatting = choice.formattingLocale;
  const current = localization();
  if (!current) return;
  if (choice.locale !== current.getLocale()) {
    try {
      await current.setLocale(choice.locale);
    } catch (error) {
      // The language's module did not load (offline, or not deployed beside the script): the elements keep the language they had.
      console.warn(`The Jodo toolbar's ${choice.locale} messages did not load (${error instanceof Error ? error.message : String(error)}); it stays in ${current.getLocale()}.`);
    }
  } else if (formattingLocale() !== previousFormatting && typeof window !== 'undefined') {
    // Same messages, other formats (en-US -> en-IN): the elements listen to @lit/localize's own event to re-render.
    window.dispatchEvent(new CustomEvent(LOCALE_STATUS_EVENT, { detail: { status: 'ready', readyLocale: choice.locale } }));
  }
}
