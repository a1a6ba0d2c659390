/** Registers <jodo-outbox>: importing this module defines the element (the side-effect entry the package exports). */
import { JodoOutbox } from '../elements/outbox/outbox.js';

JodoOutbox.define('jodo-outbox');

declare global {
  interface HTMLElementTagNameMap {
    'jodo-outbox': JodoOutbox;
  }
}
