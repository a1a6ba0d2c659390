/** Every event class the elements dispatch, re-exported by the package entry (`jodo-toolbar`). */
export * from './jodo-call.js';
export * from './jodo-customer-saved.js';
export * from './jodo-dial.js';
export * from './jodo-disposition.js';
export * from './jodo-messenger.js';
export * from './jodo-reallocate.js';
export * from './jodo-status-change.js';
