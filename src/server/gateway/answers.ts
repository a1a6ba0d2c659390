/**
 * Every answer the gateway writes itself: a plain Response whose headers are
 * one object, security headers included. @hono/node-server writes such a
 * Response straight to the socket. Hono's `secureHeaders` middleware (and
 * `c.body` with several headers) would build a WHATWG Headers object for every
 * answer instead: about a fifth of the gateway's CPU per poll in the gateway
 * benchmark, for headers that never change. So they are one constant here.
 */

/** Nothing the gateway answers runs, frames, or is framed; forms post only to it; no referrer leaves it. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'content-security-policy': "default-src 'none'; img-src 'self'; media-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'cross-origin-resource-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
};

const JSON_HEADERS = { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

/** JSON text (already encoded) as an answer. */
export function jsonAnswer(text: string, status = 200, headers?: Record<string, string>): Response {
  return new Response(text, { status, headers: headers ? { ...JSON_HEADERS, ...headers } : JSON_HEADERS });
}

/** Any other answer (a page, a redirect): the security headers and the given ones. */
export function answer(body: string | null, status: number, headers: Record<string, string>): Response {
  return new Response(body, { status, headers: { ...SECURITY_HEADERS, 'cache-control': 'no-store', ...headers } });
}
