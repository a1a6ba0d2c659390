import type { ProcessRow, SandboxDatabase } from './store.js';
import type { Reply } from './replies.js';

/** What a method handler gets: the store, the request's clock and keys, and how to link a recording. */
export interface MethodContext {
  db: SandboxDatabase;
  now: Date;
  /** The organisation the apikey names. */
  apikey: string;
  /** The process the servicekey names; absent for addEditUser and deleteUser. */
  process?: ProcessRow;
  /** The URL a recording is served at, on the host and port the request came in on (its type: a messenger call's may be MP3). */
  recordingUrl(systemcallid: string, contentType?: string | null): string;
}

/** Acts on one checked request and returns the method's success payload, or throws a `Refusal`. */
export type MethodHandler = (request: Record<string, unknown>, ctx: MethodContext) => Reply;
