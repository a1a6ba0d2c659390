import { JodoRecordingPlayer } from '../elements/recording-player/recording-player.js';

JodoRecordingPlayer.define('jodo-recording-player');

declare global {
  interface HTMLElementTagNameMap {
    'jodo-recording-player': JodoRecordingPlayer;
  }
}
