/**
 * The demo's theme switch: "System" follows `prefers-color-scheme`; "Light"
 * and "Dark" put the theme files' class (`jodo-theme-light` / `-dark`, from
 * `src/themes/`) on <html>, which themes the toolbar and the page together.
 * The choice is kept for the next visit.
 */
/// <reference types="vite/client" />
import darkTheme from '../src/themes/dark.css?url';
import lightTheme from '../src/themes/light.css?url';
const STORAGE_KEY = 'jodo-demo-theme';
const CHOICES = ['system', 'light', 'dark'] as const;
type ThemeChoice = (typeof CHOICES)[number];

const isChoice = (value: unknown): value is ThemeChoice => CHOICES.includes(value as ThemeChoice);

function saved(): ThemeChoice {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isChoice(value) ? value : 'system';
  } catch {
    return 'system'; // storage refused (privacy mode): the system's scheme
  }
}

function apply(choice: ThemeChoice): void {
  const root = document.documentElement;
  root.classList.remove('jodo-theme-light', 'jodo-theme-dark');
  if (choice !== 'system') root.classList.add(`jodo-theme-${choice}`);
}

/** Wires a `<select>` of system / light / dark to the page's theme. */
export function wireThemeSwitch(select: HTMLSelectElement): void {
  select.value = saved();
  select.addEventListener('change', () => {
    const choice = isChoice(select.value) ? select.value : 'system';
    apply(choice);
    try {
      localStorage.setItem(STORAGE_KEY, choice);
    } catch {
      // not kept; applied all the same
    }
  });
}

// Both files, as a CRM page would link them: each applies only under its class.
for (const href of [lightTheme, darkTheme]) document.head.append(Object.assign(document.createElement('link'), { rel: 'stylesheet', href }));
apply(saved());
