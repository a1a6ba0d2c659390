/**
 * Node only (`jodo-toolbar/server/sandbox`): the Jodo-compatible sandbox as a
 * request handler, for development servers and tests (needs `better-sqlite3`).
 */
export { createSandbox, type Sandbox, type SandboxOptions } from './sandbox.js';
export { JODO_PATH } from './endpoint.js';
export { CONTROL_PREFIX } from './control-paths.js';
export type { DialerTimings } from './dialer.js';
export type { SandboxDatabase } from './store.js';
