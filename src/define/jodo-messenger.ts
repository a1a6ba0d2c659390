/** Registers <jodo-messenger>: importing this module defines the element (the side-effect entry the package exports). */
import './jodo-recording-player.js';
import { JodoMessenger } from '../elements/messenger/messenger.js';

JodoMessenger.define('jodo-messenger');

declare global {
  interface HTMLElementTagNameMap {
    'jodo-messenger': JodoMessenger;
  }
}
