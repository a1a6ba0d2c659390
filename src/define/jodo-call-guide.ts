/** Registers <jodo-call-guide>: importing this module defines the element (the side-effect entry the package exports). */
import { JodoCallGuide } from '../elements/call-guide/call-guide.js';

JodoCallGuide.define('jodo-call-guide');

declare global {
  interface HTMLElementTagNameMap {
    'jodo-call-guide': JodoCallGuide;
  }
}
