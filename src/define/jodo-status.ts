import { JodoStatus } from '../elements/status/status.js';

JodoStatus.define('jodo-status');

declare global {
  interface HTMLElementTagNameMap {
    'jodo-status': JodoStatus;
  }
}
