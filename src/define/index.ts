/** Registers every Jodo element (the script-tag bundle's entry). */
import './jodo-provider.js';
import './jodo-status.js';
import './jodo-disposition.js';
import './jodo-outbox.js';
import './jodo-call-guide.js';
import './jodo-recording-player.js';
import './jodo-team-board.js';
import './jodo-toolbar.js';
import './jodo-click-to-call.js';
import './jodo-messenger.js';
import './jodo-diagnostics.js';
