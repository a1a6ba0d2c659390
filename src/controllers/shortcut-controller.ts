import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { matchesShortcut, resolveShortcuts, type KeyCombo, type ShortcutAction } from '../shortcuts/shortcut.js';

/**
 * Listens for the toolbar's shortcuts on the whole page while its host is
 * connected (an agent's hands are in the CRM's fields, not in the toolbar),
 * and nowhere after. A key the page already handled (`defaultPrevented`) is
 * left to the page.
 */
export class ShortcutController implements ReactiveController {
  private bound = new Map<ShortcutAction, KeyCombo>();
  /** The settings `bound` was made from (a symbol until the first update). */
  private settings: unknown = Symbol('unread');

  constructor(
    host: ReactiveControllerHost,
    private readonly readSettings: () => unknown,
    private readonly run: (action: ShortcutAction) => void,
  ) {
    host.addController(this);
  }

  /** The shortcuts in force, for the help list. */
  get shortcuts(): ReadonlyMap<ShortcutAction, KeyCombo> {
    return this.bound;
  }

  hostConnected(): void {
    document.addEventListener('keydown', this.onKeydown);
  }

  hostDisconnected(): void {
    document.removeEventListener('keydown', this.onKeydown);
  }

  hostUpdate(): void {
    const settings = this.readSettings();
    if (settings !== this.settings) {
      this.settings = settings;
      this.bound = resolveShortcuts(settings);
    }
  }

  private readonly onKeydown = (event: KeyboardEvent) => {
    if (event.defaultPrevented || event.repeat) return;
    for (const [action, combo] of this.bound) {
      if (!matchesShortcut(event, combo)) continue;
      event.preventDefault();
      this.run(action);
      return;
    }
  };
}
