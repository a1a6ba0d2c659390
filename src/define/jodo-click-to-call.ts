/** Registers <jodo-click-to-call>: importing this module defines the element (the side-effect entry the package exports). */
import { JodoClickToCall } from '../elements/click-to-call/click-to-call.js';

JodoClickToCall.define('jodo-click-to-call');

declare global {
  interface HTMLElementTagNameMap {
    'jodo-click-to-call': JodoClickToCall;
  }
}
