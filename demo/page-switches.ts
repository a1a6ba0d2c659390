/**
 * The demo's page switches, kept for the next visit:
 * - theme: "System" follows `prefers-color-scheme`; "Light" and "Dark" put the
 *   theme files' class (`jodo-theme-light` / `-dark`, from `src/themes/`) on
 *   <html>, which themes the toolbar and the page together;
 * - language: `lang` (and `dir`) on <html>, which the toolbar follows at once.
 */
/// <reference types="vite/client" />
import darkTheme from '../src/themes/dark.css?url';
import lightTheme from '../src/themes/light.css?url';

const THEMES = ['system', 'light', 'dark'] as const;
const LANGUAGES = ['en', 'hi', 'ar'] as const;
const RIGHT_TO_LEFT = new Set<string>(['ar']);

function applyTheme(choice: (typeof THEMES)[number]): void {
  const root = document.documentElement;
  root.classList.remove('jodo-theme-light', 'jodo-theme-dark');
  if (choice !== 'system') root.classList.add(`jodo-theme-${choice}`);
}

function applyLanguage(choice: (typeof LANGUAGES)[number]): void {
  document.documentElement.lang = choice;
  document.documentElement.dir = RIGHT_TO_LEFT.has(choice) ? 'rtl' : 'ltr';
}

/** One kept choice: read (storage may be refused: the default then), applied now, and on every change of its select. */
function persistentChoice<Choice extends string>(key: string, choices: readonly Choice[], apply: (choice: Choice) => void) {
  const isChoice = (value: unknown): value is Choice => choices.includes(value as Choice);
  let saved = choices[0]!;
  try {
    const value = localStorage.getItem(key);
    if (isChoice(value)) saved = value;
  } catch {
    // privacy mode: the default
  }
  apply(saved);
  return (select: HTMLSelectElement) => {
    select.value = saved;
    select.addEventListener('change', () => {
      const choice = isChoice(select.value) ? select.value : choices[0]!;
      apply(choice);
      try {
        localStorage.setItem(key, choice);
      } catch {
        // not kept; applied all the same
      }
    });
  };
}

// Both theme files, as a CRM page would link them: each applies only under its class.
for (const href of [lightTheme, darkTheme]) document.head.append(Object.assign(document.createElement('link'), { rel: 'stylesheet', href }));

/** Wires a `<select>` of system / light / dark to the page's theme. */
export const wireThemeSwitch = persistentChoice('jodo-demo-theme', THEMES, applyTheme);
/** Wires a `<select>` of en / hi / ar to the page's language and direction. */
export const wireLanguageSwitch = persistentChoice('jodo-demo-language', LANGUAGES, applyLanguage);
