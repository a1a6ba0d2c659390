import { JodoCallGuide } from '../elements/call-guide/call-guide.js';

JodoCallGuide.define('jodo-call-guide');

declare global {
  interface HTMLElementTagNameMap {
    'jodo-call-guide': JodoCallGuide;
  }
}
