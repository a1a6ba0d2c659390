/**
 * Where a request to the sandbox was addressed (scheme, host and port): the
 * control API answers pages of that origin only, and recording links point
 * there, so they work from wherever the caller is.
 */
import type { IncomingMessage } from 'node:http';
import { addressedOrigin } from '../http/same-origin.js';

function isSecure(req: IncomingMessage): boolean {
  return 'encrypted' in req.socket && Boolean(req.socket.encrypted);
}

/** The origin the request's Host names; undefined when it names none we answer as. */
export function ownOrigin(req: IncomingMessage): string | undefined {
  return addressedOrigin(req.headers.host, isSecure(req));
}

/** The origin for links: the addressed one, else the loopback address and the port the request came in on. */
export function linkOrigin(req: IncomingMessage): string {
  return ownOrigin(req) ?? `${isSecure(req) ? 'https' : 'http'}://127.0.0.1:${req.socket.localPort}`;
}
