/**
 * What the gateway's Hono app carries per request: the Node request and
 * response (@hono/node-server's bindings) and who is asking. Kept apart from
 * gateway.ts so that the gateway's public types do not bring Hono's (which
 * need the DOM library) into a CRM's type check.
 */
import type { HttpBindings } from '@hono/node-server';
import type { Identity } from './identity.js';

export type GatewayEnv = { Bindings: HttpBindings; Variables: { identity: Identity } };
