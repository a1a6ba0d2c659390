/** Registers <jodo-team-board>: importing this module defines the element (the side-effect entry the package exports). */
import { JodoTeamBoard } from '../elements/team-board/team-board.js';

JodoTeamBoard.define('jodo-team-board');

declare global {
  interface HTMLElementTagNameMap {
    'jodo-team-board': JodoTeamBoard;
  }
}
