/** Registers <jodo-provider>: importing this module defines the element (the side-effect entry the package exports). */
import { JodoProvider } from '../elements/provider/provider.js';

JodoProvider.define('jodo-provider');

declare global {
  interface HTMLElementTagNameMap {
    'jodo-provider': JodoProvider;
  }
}
