import { updateWhenLocaleChanges } from '@lit/localize';
import { LitElement } from 'lit';
import { autoloader } from '../autoloader/hook.js';
import { attachContextRoot } from '../context/context-root.js';

/**
 * The base of every Jodo element: a guarded `define()`, since a host page may
 * load the toolbar twice (a CRM bundle and a legacy script tag), and a
 * re-render whenever the page's language changes (see `src/i18n/`), and
 * its shadow root shown to the page's autoloader, if it has one (the tags it
 * renders are then loaded on first sight, like those in the page).
 */
export class JodoElement extends LitElement {
  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.renderRoot instanceof ShadowRoot) autoloader()?.watch(this.renderRoot);
  }

  /**
   * Registers the element under `tag`. The same class again is a no-op;
   * another class (another copy or version of the toolbar) already owning
   * the tag is reported, never thrown. The page's context root comes first
   * (context-root.ts), so the element can find a provider defined after it.
   */
  static define(tag: string, constructor: CustomElementConstructor = this): void {
    attachContextRoot();
    const existing = customElements.get(tag);
    if (existing === constructor) return;
    if (existing) {
      console.warn(`<${tag}> is already defined by another copy of the Jodo toolbar; this copy's is not registered.`);
      return;
    }
    customElements.define(tag, constructor);
  }
}
