import { JodoClickToCall } from '../elements/click-to-call/click-to-call.js';

JodoClickToCall.define('jodo-click-to-call');

declare global {
  interface HTMLElementTagNameMap {
    'jodo-click-to-call': JodoClickToCall;
  }
}
