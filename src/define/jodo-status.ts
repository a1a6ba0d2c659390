/** Registers <jodo-status>: importing this module defines the element (the side-effect entry the package exports). */
import { JodoStatus } from '../elements/status/status.js';

JodoStatus.define('jodo-status');

declare global {
  interface HTMLElementTagNameMap {
    'jodo-status': JodoStatus;
  }
}
