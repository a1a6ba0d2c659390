/** Registers <jodo-provider>, and a context root on the document so that elements upgraded before their provider ask again once it arrives. */
import { ContextRoot } from '@lit/context';
import { JodoProvider } from '../elements/provider/provider.js';

// Elements that upgrade before their provider ask again once it arrives.
const ROOT_FLAG = Symbol.for('jodo.context-root');
const root = globalThis as typeof globalThis & { [ROOT_FLAG]?: boolean };
if (!root[ROOT_FLAG] && typeof document !== 'undefined') {
  root[ROOT_FLAG] = true;
  new ContextRoot().attach(document.documentElement);
}

JodoProvider.define('jodo-provider');

declare global {
  interface HTMLElementTagNameMap {
    'jodo-provider': JodoProvider;
  }
}
