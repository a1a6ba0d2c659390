/**
 * The control API answers pages of its own origin only (and clients that are
 * not browsers): another page on the machine, even on localhost, must not read
 * every agent's call with its customer record, reset the store or queue faults.
 */
import type { HttpBindings } from '@hono/node-server';
import type { MiddlewareHandler } from 'hono';
import { isFromAnotherOrigin } from '../http/same-origin.js';
import { jsonResponse } from '../http/web-responses.js';
import { ownOrigin } from './request-origin.js';

export function sameOriginOnly(): MiddlewareHandler<{ Bindings: HttpBindings }> {
  return async (c, next) => {
    const own = ownOrigin(c.env.incoming);
    const from = { origin: c.req.header('origin'), 'sec-fetch-site': c.req.header('sec-fetch-site') };
    // Reads too: a recording or an agent's call is customer data.
    if (isFromAnotherOrigin(c.req.method, from, own ? [own] : [], { reads: true })) {
      return jsonResponse(403, { ok: false, error: 'this request comes from a page of another origin: the sandbox control API answers its own origin only' });
    }
    await next();
  };
}
