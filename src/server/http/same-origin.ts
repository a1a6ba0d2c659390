/**
 * Which requests come from a server's own pages. SameSite cookies keep other
 * sites' requests cookie-less, but not a sibling subdomain's, another port's
 * on the same host, or a page on another scheme: the browser's
 * `Sec-Fetch-Site` and `Origin` say where a request comes from, and an
 * origin is its scheme, host and port together. Clients that are not
 * browsers send neither header and are not affected.
 */

/** A Host header as browsers send it: a name or an IP literal, and a port. Anything else is not a host we answer as. */
const HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** `scheme://host[:port]` in the URL standard's spelling (default ports dropped, lower case), or undefined for anything else. */
export function normaliseOrigin(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
}

/** The origin a request was addressed to: the scheme the connection (or the TLS proxy in front) used, the host and port from `Host`. */
export function addressedOrigin(host: string | undefined, secure: boolean): string | undefined {
  if (!host || !HOST.test(host)) return undefined;
  return normaliseOrigin(`${secure ? 'https' : 'http'}://${host}`);
}

export interface RequestHeaders {
  origin?: string | undefined;
  'sec-fetch-site'?: string | undefined;
}

/**
 * True when a browser says this request comes from a page of another origin than `own`.
 * `reads`: GET and HEAD are checked too (recordings, stored data: a page elsewhere must not
 * embed or read them); otherwise only methods that change something are.
 */
export function isFromAnotherOrigin(method: string, headers: RequestHeaders, own: readonly string[], { reads = false } = {}): boolean {
  if (!reads && (method === 'GET' || method === 'HEAD')) return false;
  const site = headers['sec-fetch-site'];
  // `same-site` is another port or subdomain of the same site: still another origin.
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return true;
  const origin = headers.origin;
  if (origin === undefined) return false;
  const normalised = normaliseOrigin(origin);
  return normalised === undefined || !own.includes(normalised);
}
