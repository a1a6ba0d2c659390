/** Public, side-effect-free entry for browsers and Node: the client, codes, elements' classes, events and context. */
export * from './api/index.js';
export * from './context/session.js';
export * from './events/index.js';
export { JodoElement } from './elements/jodo-element.js';
export { JodoCallGuide } from './elements/call-guide/call-guide.js';
export type { CallGuideField } from './elements/call-guide/template.js';
export { JodoDisposition, type DispositionMaster } from './elements/disposition/disposition.js';
export { JodoOutbox } from './elements/outbox/outbox.js';
export { JodoProvider } from './elements/provider/provider.js';
export { JodoRecordingPlayer } from './elements/recording-player/recording-player.js';
export { safeRecordingUrl } from './elements/recording-player/safe-url.js';
export { JodoStatus } from './elements/status/status.js';
export { JodoTeamBoard } from './elements/team-board/team-board.js';
export { JodoToolbar } from './elements/toolbar/toolbar.js';
export { StatusHub, isStale, type HubRole, type StatusSnapshot } from './session/status-hub.js';
export { Outbox, OutboxEditEvent, OutboxSettledEvent, type SendOutcome } from './outbox/outbox.js';
export type { OutboxEntry, OutboxFailure, OutboxMethod } from './outbox/outbox-entry.js';
export { IndexedDbOutboxStore, MemoryOutboxStore, type OutboxStore } from './outbox/outbox-store.js';
