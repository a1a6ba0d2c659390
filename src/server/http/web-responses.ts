/**
 * Answers as web `Response`s, for Hono routes: JSON with the safe headers (a
 * `JsonText` written as it is), no content, and byte ranges for media.
 */
import { SAFE_HEADERS, encodeJson, parseRange } from './respond.js';

type Headers = Record<string, string>;

/** JSON, with its length stated (a HEAD answer keeps it); `headers` add to the safe ones or replace them. */
export function jsonResponse(status: number, body: unknown, headers: Headers = {}): Response {
  const text = encodeJson(body);
  return new Response(text, {
    status,
    headers: { ...SAFE_HEADERS, 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)), ...headers },
  });
}

/** 204: nothing to say, which is not a failure (a browser logs no error for it). */
export const noContentResponse = (): Response => new Response(null, { status: 204, headers: SAFE_HEADERS });

/** Bytes with HTTP Range support (206, 416), HEAD included, as audio players and download managers expect. */
export function bytesResponse(method: string, range: string | undefined, bytes: Uint8Array<ArrayBuffer>, contentType: string, headers: Headers = {}): Response {
  const size = bytes.length;
  const wanted = parseRange(range, size);
  const common = { ...SAFE_HEADERS, 'accept-ranges': 'bytes', 'content-type': contentType, ...headers };
  if (wanted === null) return new Response(null, { status: 416, headers: { ...common, 'content-range': `bytes */${size}` } });
  const { start, end } = wanted ?? { start: 0, end: size - 1 };
  const partial = wanted !== undefined;
  return new Response(method === 'HEAD' ? null : bytes.subarray(start, end + 1), {
    status: partial ? 206 : 200,
    headers: { ...common, 'content-length': String(end - start + 1), ...(partial ? { 'content-range': `bytes ${start}-${end}/${size}` } : {}) },
  });
}
