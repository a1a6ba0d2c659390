/**
 * Request bodies as Hono routes take them: at most 1 MiB (Hono's `bodyLimit`;
 * the route says how to refuse more), and whole within 30 s: a sender that
 * stalls has its connection dropped, so it holds neither a request nor what
 * it sent for good.
 */
import type { HttpBindings } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { IncomingMessage } from 'node:http';
import { MAX_BODY_BYTES, MAX_DRAIN_BYTES } from './body.js';

export const BODY_TIMEOUT_MS = 30_000;

type NodeEnv = { Bindings: HttpBindings };

/**
 * Reads what is left of a body nobody read and lets it go, so that the client,
 * done sending, reads the refusal on a connection it may use again. Past
 * `MAX_DRAIN_BYTES` the connection is dropped instead.
 */
function drain(incoming: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    if (incoming.readableEnded || incoming.destroyed) return resolve();
    let size = 0;
    incoming.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_DRAIN_BYTES) incoming.destroy();
    });
    incoming.once('end', resolve);
    incoming.once('close', resolve);
    incoming.resume();
  });
}

export function limitedBody<E extends NodeEnv>(tooLarge: (c: Context<E>) => Response): MiddlewareHandler<E> {
  const limit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) => {
      // A streamed body, read in part: the adapter drains the rest only briefly, so the connection is not kept.
      const refusal = tooLarge(c as Context<E>);
      refusal.headers.set('connection', 'close');
      return refusal;
    },
  });
  return async (c, next) => {
    const { incoming, outgoing } = c.env;
    if (incoming.readableEnded) return limit(c, next);
    // Only the body's arrival is timed: the route's own work (a fault's delay) may take longer.
    const timer = setTimeout(() => incoming.destroy(), BODY_TIMEOUT_MS);
    const arrived = () => clearTimeout(timer);
    incoming.once('end', arrived);
    try {
      // `bodyLimit` refuses a declared excess at once, and a client still sending it then sees the connection
      // reset instead of the refusal: the excess is read off first, before anything else touches the body.
      if (Number(incoming.headers['content-length']) > MAX_BODY_BYTES) {
        await drain(incoming);
        return outgoing.destroyed ? RESPONSE_ALREADY_SENT : tooLarge(c);
      }
      return await limit(c, next);
    } finally {
      arrived();
      incoming.off('end', arrived);
    }
  };
}
