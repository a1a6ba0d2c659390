/**
 * Every answer the gateway writes itself: a plain Response whose headers are
 * one object, security headers included (a page's full set; data's the ones
 * that matter for data). @hono/node-server writes such a
 * Response straight to the socket. Hono's `secureHeaders` middleware (and
 * `c.body` with several headers) would build a WHATWG Headers object for every
 * answer instead: about a fifth of the gateway's CPU per poll in the gateway
 * benchmark, for headers that never change. So they are constants here.
 */

import type { ServerResponse } from 'node:http';

/** What every answer carries: nothing is sniffed into another type, no referrer leaves, no other origin embeds it. */
export const DATA_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

/** And a page (the sign-in page, a redirect) also: nothing runs, nothing frames it, forms post only to the gateway. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  ...DATA_HEADERS,
  'content-security-policy': "default-src 'none'; img-src 'self'; media-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
};

/** Media (recordings) the gateway streams: data, kept private for a while. */
export const MEDIA_HEADERS: Readonly<Record<string, string>> = DATA_HEADERS;

const JSON_HEADERS = { ...DATA_HEADERS, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

/** JSON text (already encoded) as an answer. */
export function jsonAnswer(text: string, status = 200, headers?: Record<string, string>): Response {
  return new Response(text, { status, headers: headers ? { ...JSON_HEADERS, ...headers } : JSON_HEADERS });
}

/**
 * JSON text written straight to Node's response (the Jodo endpoint, which does not go through Hono). With
 * its length: after `writeHead` Node can no longer add one, and would frame the answer in chunks.
 */
export function writeJson(res: ServerResponse, text: string, status = 200, headers?: Record<string, string>): void {
  res.writeHead(status, { ...JSON_HEADERS, ...headers, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** A page or a redirect: the page headers and the given ones. */
export function answer(body: string | null, status: number, headers: Record<string, string>): Response {
  return new Response(body, { status, headers: { ...PAGE_HEADERS, 'cache-control': 'no-store', ...headers } });
}
