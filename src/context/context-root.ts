import { ContextRoot } from '@lit/context';

const ROOT_FLAG = Symbol.for('jodo.context-root');

/**
 * A context root on the document, once per page whichever copy of the toolbar
 * comes first: an element that upgrades before its `<jodo-provider>` (the
 * autoloader fetches each element's module on its own, in any order) asks
 * again once the provider arrives. Attached when the first element is
 * registered, so it is there before any element can ask.
 */
export function attachContextRoot(): void {
  const page = globalThis as typeof globalThis & { [ROOT_FLAG]?: boolean };
  if (page[ROOT_FLAG] || typeof document === 'undefined') return;
  page[ROOT_FLAG] = true;
  new ContextRoot().attach(document.documentElement);
}
