import { JodoOutbox } from '../elements/outbox/outbox.js';

JodoOutbox.define('jodo-outbox');

declare global {
  interface HTMLElementTagNameMap {
    'jodo-outbox': JodoOutbox;
  }
}
