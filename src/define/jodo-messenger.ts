import './jodo-recording-player.js';
import { JodoMessenger } from '../elements/messenger/messenger.js';

JodoMessenger.define('jodo-messenger');

declare global {
  interface HTMLElementTagNameMap {
    'jodo-messenger': JodoMessenger;
  }
}
