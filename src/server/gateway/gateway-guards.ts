/**
 * Where requests to the gateway may come from, checked before anything else.
 *
 * - `Host` must be one of the gateway's public origins when they are given:
 *   a DNS-rebinding page (attacker.example resolving to 127.0.0.1) reaches
 *   the gateway with its own name in `Host`.
 * - A browser's request must come from one of those origins (scheme, host
 *   and port), or from the origin it was addressed to, reads included (a page
 *   elsewhere must not embed a recording or probe a session). The sign-in
 *   page alone may be reached by a link from anywhere.
 *
 * Hono's `csrf` middleware is not used: it checks only form content types
 * and refuses clients that send neither `Origin` nor `Sec-Fetch-Site`, which
 * is every server-side client (a CRM's backend, the Node client).
 */
import { NOT_ALLOWED } from '../../api/status-codes.js';
import type { IncomingMessage } from 'node:http';
import { addressedOrigin, isFromAnotherOrigin, normaliseOrigin } from '../http/same-origin.js';
import { Refusal } from './refusal.js';

export interface OriginGuardOptions {
  secureFor: (req: IncomingMessage) => boolean;
  publicOrigins: readonly string[] | (() => readonly string[]) | undefined;
}

/** The refusal for a request that comes from elsewhere (`navigation`: a page a link may open), or undefined. */
export type OriginGuard = (req: IncomingMessage, navigation?: boolean) => Refusal | undefined;

export function originGuard({ secureFor, publicOrigins }: OriginGuardOptions): OriginGuard {
  let configured: { from: readonly string[]; origins: string[]; hosts: string[] } | undefined;
  /** The public origins, normalised once per list. */
  const publicList = () => {
    const from = typeof publicOrigins === 'function' ? publicOrigins() : publicOrigins;
    if (!from) return undefined;
    if (configured?.from !== from) {
      const origins = from.map((origin) => normaliseOrigin(origin)).filter((origin): origin is string => origin !== undefined);
      configured = { from, origins, hosts: origins.map((origin) => new URL(origin).host) };
    }
    return configured;
  };

  return (req, navigation = false) => {
    const method = req.method ?? 'GET';
    const host = req.headers.host?.toLowerCase();
    const listed = publicList();
    if (listed && (!host || !listed.hosts.includes(host))) {
      return new Refusal(NOT_ALLOWED, 'Not allowed: this gateway does not answer for that host name', 421);
    }
    const from = { origin: req.headers.origin, 'sec-fetch-site': req.headers['sec-fetch-site'] as string | undefined };
    // Clients that are not browsers send neither header: nothing to compare (and no URL to parse per poll).
    if (from.origin === undefined && from['sec-fetch-site'] === undefined) return undefined;
    const addressed = listed ? undefined : addressedOrigin(host, secureFor(req));
    const own = listed ? listed.origins : addressed ? [addressed] : [];
    if (isFromAnotherOrigin(method, from, own, { reads: !navigation })) {
      return new Refusal(NOT_ALLOWED, 'Not allowed: requests to the gateway come from its own pages only', 403);
    }
    return undefined;
  };
}
