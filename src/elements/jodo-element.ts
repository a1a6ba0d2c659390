import { updateWhenLocaleChanges } from '@lit/localize';
import { LitElement } from 'lit';

/**
 * The base of every Jodo element: a guarded `define()`, since a host page may
 * load the toolbar twice (a CRM bundle and a legacy script tag), and a
 * re-render whenever the page's language changes (see `src/i18n/`).
 */
export class JodoElement extends LitElement {
  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  /**
   * Registers the element under `tag`. The same class again is a no-op;
   * another class (another copy or version of the toolbar) already owning
   * the tag is reported, never thrown.
   */
  static define(tag: string, constructor: CustomElementConstructor = this): void {
    const existing = customElements.get(tag);
    if (existing === constructor) return;
    if (existing) {
      console.warn(`<${tag}> is already defined by another copy of the Jodo toolbar; this copy's is not registered.`);
      return;
    }
    customElements.define(tag, constructor);
  }
}
