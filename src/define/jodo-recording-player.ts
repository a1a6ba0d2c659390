/** Registers <jodo-recording-player>: importing this module defines the element (the side-effect entry the package exports). */
import { JodoRecordingPlayer } from '../elements/recording-player/recording-player.js';

JodoRecordingPlayer.define('jodo-recording-player');

declare global {
  interface HTMLElementTagNameMap {
    'jodo-recording-player': JodoRecordingPlayer;
  }
}
