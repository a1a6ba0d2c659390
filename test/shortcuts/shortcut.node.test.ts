import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import { DEFAULT_SHORTCUTS, SHORTCUT_ACTIONS, formatShortcut, matchesShortcut, parseShortcut, resolveShortcuts } from '../../src/shortcuts/shortcut.js';

const key = (code: string, modifiers: Partial<Record<'ctrlKey' | 'altKey' | 'shiftKey' | 'metaKey', boolean>> = {}) =>
  ({ code, ctrlKey: false, altKey: false, shiftKey: false, metaKey: false, ...modifiers }) as KeyboardEvent;

describe('keyboard shortcuts', () => {
  it('reads modifiers and one key, on the physical key, whatever the case and spelling', () => {
    assert.deepEqual(parseShortcut('Alt+Shift+W'), { ctrl: false, alt: true, shift: true, meta: false, code: 'KeyW' });
    assert.deepEqual(parseShortcut('ctrl + alt + 1'), { ctrl: true, alt: true, shift: false, meta: false, code: 'Digit1' });
    assert.deepEqual(parseShortcut('Cmd+Option+KeyP'), { ctrl: false, alt: true, shift: false, meta: true, code: 'KeyP' });
    assert.deepEqual(parseShortcut('F2'), { ctrl: false, alt: false, shift: false, meta: false, code: 'F2' });
  });

  it('refuses what would fire while typing or cannot be pressed', () => {
    for (const text of ['W', 'Shift+W', '', 'Alt+', 'Alt+Shift+Enter', 'Alt+Alt+W', 'Hyper+W', 'Alt+WW', 'Alt+F13']) assert.equal(parseShortcut(text), undefined, text);
  });

  it('matches exactly: an extra modifier is another shortcut', () => {
    const combo = parseShortcut('Alt+Shift+W')!;
    assert.ok(matchesShortcut(key('KeyW', { altKey: true, shiftKey: true }), combo));
    assert.ok(!matchesShortcut(key('KeyW', { altKey: true, shiftKey: true, ctrlKey: true }), combo));
    assert.ok(!matchesShortcut(key('KeyW', { altKey: true }), combo));
    assert.ok(!matchesShortcut(key('KeyQ', { altKey: true, shiftKey: true }), combo));
  });

  it('shows shortcuts as each platform writes them', () => {
    const combo = parseShortcut('Alt+Shift+W')!;
    assert.equal(formatShortcut(combo, false), 'Alt+Shift+W');
    assert.equal(formatShortcut(combo, true), '⌥⇧W');
    assert.equal(formatShortcut(parseShortcut('Ctrl+Meta+1')!, true), '⌃⌘1');
  });

  it('binds every action by default, each to its own key', () => {
    const bound = resolveShortcuts(undefined);
    assert.deepEqual([...bound.keys()], [...SHORTCUT_ACTIONS]);
    for (const action of SHORTCUT_ACTIONS) assert.equal(formatShortcut(bound.get(action)!, false), DEFAULT_SHORTCUTS[action]);
    assert.equal(new Set([...bound.values()].map((combo) => formatShortcut(combo, false))).size, SHORTCUT_ACTIONS.length);
  });

  it("applies a page's settings: another key, off, and a bad or taken one left unbound with a warning", () => {
    const warn = mock.method(console, 'warn', () => {});
    try {
      const bound = resolveShortcuts({ 'open-wrapup': 'Ctrl+Alt+O', 'save-wrapup': false, 'toggle-recording': 'P', 'customer-panel': 'Ctrl+Alt+O' });
      assert.equal(formatShortcut(bound.get('open-wrapup')!, false), 'Ctrl+Alt+O');
      assert.ok(!bound.has('save-wrapup'), 'turned off');
      assert.ok(!bound.has('toggle-recording'), 'a plain letter is refused');
      assert.ok(!bound.has('customer-panel'), 'a key already taken is refused');
      assert.equal(formatShortcut(bound.get('help')!, false), DEFAULT_SHORTCUTS.help, 'the rest keep their defaults');
      assert.equal(warn.mock.callCount(), 2);
      assert.match(String(warn.mock.calls[0]!.arguments[0]), /"P" for toggle-recording is not a shortcut/);
      assert.match(String(warn.mock.calls[1]!.arguments[0]), /already taken/);
    } finally {
      warn.mock.restore();
    }
  });

  it('keeps the defaults, with a warning, for settings that are not an object of actions; names an unknown action', () => {
    const warn = mock.method(console, 'warn', () => {});
    try {
      // What the attribute gives for bad JSON (null), or JSON of another shape.
      for (const settings of [null, 5, 'off', true, ['Alt+Shift+W']]) {
        const bound = resolveShortcuts(settings);
        assert.deepEqual([...bound.keys()], [...SHORTCUT_ACTIONS], JSON.stringify(settings));
      }
      assert.equal(warn.mock.callCount(), 5);
      assert.match(String(warn.mock.calls[0]!.arguments[0]), /shortcuts must be an object/);
      const bound = resolveShortcuts({ 'open-wrap': 'Ctrl+Alt+O' });
      assert.equal(formatShortcut(bound.get('open-wrapup')!, false), DEFAULT_SHORTCUTS['open-wrapup']);
      assert.match(String(warn.mock.calls[5]!.arguments[0]), /no shortcut action "open-wrap"; the actions are open-wrapup/);
      // An inherited name is not a setting.
      assert.equal(formatShortcut(resolveShortcuts(Object.create({ help: false }))!.get('help')!, false), DEFAULT_SHORTCUTS.help);
    } finally {
      warn.mock.restore();
    }
  });
});
