/** Reading request bodies with a size limit and a time limit, without buffering what is over the limit. */
import type { IncomingMessage } from 'node:http';

export const MAX_BODY_BYTES = 1024 * 1024;
/** Past this much an oversize body is no longer drained: the connection is dropped. */
export const MAX_DRAIN_BYTES = 64 * MAX_BODY_BYTES;
/** A body still arriving after this long is given up on (a slow or stalled sender). */
const BODY_TIMEOUT_MS = 30_000;

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`Request body is larger than ${limit} bytes`);
  }
}

export class BodyIncompleteError extends Error {
  constructor() {
    super('The request body did not arrive whole');
  }
}

/**
 * The body as text (UTF-8) when all of it is here already, within `limit`: taken at once, with no
 * listener, timer or promise. A poll's few hundred bytes come in the packet that carries its headers,
 * and Node has them buffered before its parser says the request is complete. Otherwise undefined:
 * read it with `readBody`.
 */
export function bodyAtHand(req: IncomingMessage, limit = MAX_BODY_BYTES): string | undefined {
  // Someone reads it already, or it is not ours to take whole.
  if (req.readableFlowing !== null) return undefined;
  const declared = req.complete ? req.readableLength : Number(req.headers['content-length'] ?? NaN);
  if (!(declared >= 0) || declared > limit || req.readableLength !== declared) return undefined;
  const bytes = req.read() as Buffer | null;
  // Flowing from now on, so that the end of the request (still to be parsed) is read and it closes.
  req.resume();
  return bytes === null ? '' : bytes.toString('utf8');
}

/**
 * The whole body as text (UTF-8). A body over `limit` rejects with
 * `BodyTooLargeError` once it has been drained, so the answer can still be
 * read by the client; nothing of it is kept. A sender that drops the
 * connection or stalls gets `BodyIncompleteError`, and what it sent is let go.
 */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    let size = 0;
    let tooLarge = Number.isFinite(declared) && declared > limit;
    let chunks: Buffer[] = [];
    let settled = false;
    const settle = (action: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      chunks = [];
      action();
    };
    const timer = setTimeout(() => settle(() => (reject(new BodyIncompleteError()), req.destroy())), BODY_TIMEOUT_MS);
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      if (tooLarge) {
        chunks = [];
        // Past draining: drop the connection, and settle now (a destroyed stream never ends).
        if (size > MAX_DRAIN_BYTES) settle(() => (reject(new BodyTooLargeError(limit)), req.destroy()));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      settle(() => (tooLarge ? reject(new BodyTooLargeError(limit)) : resolve(body)));
    });
    // A connection reset mid-body: the same as a dropped upload.
    req.on('error', () => settle(() => reject(new BodyIncompleteError())));
    // An aborted upload fires neither 'end' nor 'error': without this its chunks would be held for good.
    req.on('close', () => {
      if (!req.complete) settle(() => reject(new BodyIncompleteError()));
    });
  });
}
