/** Registers <jodo-toolbar>: importing this module defines the element (the side-effect entry the package exports). */
import './jodo-provider.js';
import './jodo-status.js';
import './jodo-disposition.js';
import './jodo-outbox.js';
import './jodo-call-guide.js';
import './jodo-recording-player.js';
import { JodoToolbar } from '../elements/toolbar/toolbar.js';

JodoToolbar.define('jodo-toolbar');

declare global {
  interface HTMLElementTagNameMap {
    'jodo-toolbar': JodoToolbar;
  }
}
