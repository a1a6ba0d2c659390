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

  /**
   * True while a `<jodo-provider>` around this element (in the page or a host's shadow root) is not defined
   * yet: through the autoloader a child's module may arrive first. The element then waits quietly instead of
   * saying it is not connected (the bar would show the words, then change size); it hears from the provider
   * once that upgrades (context-root.ts).
   */
  protected get providerPending(): boolean {
    if (customElements.get('jodo-provider')) return false;
    for (let node: Node | null = this.parentNode; node; node = node.parentNode ?? (node as ShadowRoot).host ?? null) {
      if (node instanceof Element && node.localName === 'jodo-provider') return true;
    }
    return false;
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
