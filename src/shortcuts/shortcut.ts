/**
 * Keyboard shortcuts for the agent's frequent actions. A shortcut is written
 * `Alt+Shift+W`: modifiers (`Ctrl`, `Alt`, `Shift`, `Meta`) and one key,
 * matched on the physical key (`KeyboardEvent.code`), so it works the same on
 * a Hindi or Arabic keyboard layout as on an English one.
 */

/** What an agent does often enough to want a key for it. */
export const SHORTCUT_ACTIONS = ['open-wrapup', 'save-wrapup', 'toggle-recording', 'customer-panel', 'help'] as const;
export type ShortcutAction = (typeof SHORTCUT_ACTIONS)[number];

/**
 * The defaults: Alt+Shift with a letter, which browsers, Windows and the
 * common screen readers (NVDA, JAWS: Insert; VoiceOver: Ctrl+Option) leave to
 * pages. A page changes or turns off any of them (`shortcuts` on the toolbar).
 */
export const DEFAULT_SHORTCUTS: Readonly<Record<ShortcutAction, string>> = {
  'open-wrapup': 'Alt+Shift+W',
  'save-wrapup': 'Alt+Shift+S',
  'toggle-recording': 'Alt+Shift+P',
  'customer-panel': 'Alt+Shift+C',
  help: 'Alt+Shift+K',
};

/** A parsed shortcut. */
export interface KeyCombo {
  readonly ctrl: boolean;
  readonly alt: boolean;
  readonly shift: boolean;
  readonly meta: boolean;
  /** `KeyboardEvent.code`: `KeyW`, `Digit1`, `F2`, `Slash`… */
  readonly code: string;
}

const MODIFIERS = { ctrl: 'ctrl', control: 'ctrl', alt: 'alt', option: 'alt', shift: 'shift', meta: 'meta', cmd: 'meta', command: 'meta' } as const;

/** The physical key of one written key: `w` -> `KeyW`, `1` -> `Digit1`, `F2` and codes as they are. */
function keyCode(key: string): string | undefined {
  if (/^[a-z]$/i.test(key)) return `Key${key.toUpperCase()}`;
  if (/^[0-9]$/.test(key)) return `Digit${key}`;
  if (/^F([1-9]|1[0-2])$/i.test(key)) return key.toUpperCase();
  if (/^(Key[A-Z]|Digit[0-9]|Slash|Period|Comma|Semicolon|Quote|BracketLeft|BracketRight|Backslash|Minus|Equal|Backquote)$/.test(key)) return key;
  return undefined;
}

/**
 * Reads `Alt+Shift+W`. Returns undefined for anything else, and for a key
 * without Ctrl, Alt or Meta (a plain letter would fire while the agent types:
 * WCAG 2.1.4), except function keys.
 */
export function parseShortcut(text: string): KeyCombo | undefined {
  const parts = text.split('+').map((part) => part.trim());
  const key = parts.pop();
  const combo = { ctrl: false, alt: false, shift: false, meta: false, code: key ? keyCode(key) ?? '' : '' };
  if (!combo.code) return undefined;
  for (const part of parts) {
    const modifier = MODIFIERS[part.toLowerCase() as keyof typeof MODIFIERS];
    if (!modifier || combo[modifier]) return undefined;
    combo[modifier] = true;
  }
  if (!combo.ctrl && !combo.alt && !combo.meta && !/^F\d+$/.test(combo.code)) return undefined;
  return combo;
}

export const matchesShortcut = (event: KeyboardEvent, combo: KeyCombo): boolean =>
  event.code === combo.code && event.ctrlKey === combo.ctrl && event.altKey === combo.alt && event.shiftKey === combo.shift && event.metaKey === combo.meta;

const isApple = () => typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

/** How a shortcut is shown: `⌥⇧W` on Apple keyboards, `Alt+Shift+W` elsewhere. */
export function formatShortcut(combo: KeyCombo, apple = isApple()): string {
  const key = combo.code.replace(/^Key|^Digit/, '');
  if (apple) return `${combo.ctrl ? '⌃' : ''}${combo.alt ? '⌥' : ''}${combo.shift ? '⇧' : ''}${combo.meta ? '⌘' : ''}${key}`;
  return [combo.ctrl && 'Ctrl', combo.alt && 'Alt', combo.shift && 'Shift', combo.meta && 'Meta', key].filter(Boolean).join('+');
}

/** A page's `shortcuts` setting: an action's combo, or `false` / `""` to turn it off. */
export type ShortcutSettings = Partial<Record<ShortcutAction, string | false>>;

/**
 * The defaults with a page's settings applied. Settings that are not an
 * object of actions (bad JSON in the attribute, a number), an unknown action,
 * an unreadable combo or one already taken are reported on the console: the
 * defaults stand in for the first, the others are left unbound, so a typo
 * never binds the wrong key.
 */
export function resolveShortcuts(settings: unknown): Map<ShortcutAction, KeyCombo> {
  const bound = new Map<ShortcutAction, KeyCombo>();
  const taken = new Set<string>();
  let wanted: Record<string, unknown> = {};
  if (settings !== undefined && (typeof settings !== 'object' || settings === null || Array.isArray(settings))) {
    console.warn(`Jodo toolbar: shortcuts must be an object such as {"open-wrapup": "Alt+Shift+W", "help": false}; the default keys apply.`);
  } else if (settings) {
    wanted = settings as Record<string, unknown>;
    const unknown = Object.keys(wanted).filter((action) => !SHORTCUT_ACTIONS.includes(action as ShortcutAction));
    if (unknown.length) console.warn(`Jodo toolbar: no shortcut action ${unknown.map((a) => JSON.stringify(a)).join(', ')}; the actions are ${SHORTCUT_ACTIONS.join(', ')}.`);
  }
  for (const action of SHORTCUT_ACTIONS) {
    const text = Object.hasOwn(wanted, action) ? wanted[action] : DEFAULT_SHORTCUTS[action];
    if (text === false || text === '' || text === undefined || text === null) continue;
    const combo = typeof text === 'string' ? parseShortcut(text) : undefined;
    const id = combo && formatShortcut(combo, false);
    if (!combo || taken.has(id!)) {
      console.warn(`Jodo toolbar: shortcut ${JSON.stringify(text)} for ${action} is ${combo ? 'already taken' : 'not a shortcut (Ctrl, Alt or Meta and one key, e.g. "Alt+Shift+W")'}; left unbound.`);
      continue;
    }
    taken.add(id!);
    bound.set(action, combo);
  }
  return bound;
}
