/**
 * Reading a Jodo request off the wire, in each form CONTRACT.md accepts:
 * shared by the sandbox and the gateway, so both read a request the same way.
 */
import { canonicalMethod, type JodoMethod } from '../../api/codes.js';
import { isJsonObject, nestsDeeperThan, parseJodoJson } from '../../api/json.js';

/** No request of the document nests deeper than 4; far deeper ones are refused before anything walks them. */
const MAX_NESTING = 32;

/**
 * The value of `data=` taken as it is when it starts with `{` or `[`: what
 * `curl -d "data={...}"` (and a hand-typed URL) sends, without encoding, so a
 * `+` stays a plus and an `&` stays in. A form encoder would have written `%7B`.
 */
function rawData(encoded: string): string | undefined {
  const raw = /^\s*data=\s*(?=[{[])/.exec(encoded);
  return raw ? encoded.slice(raw[0].length) : undefined;
}

/** The JSON text of a request, from a GET query, a JSON body or a form body. */
export function requestText(httpMethod: string, url: URL, contentType: string, body: string): string | undefined {
  if (httpMethod === 'GET') {
    const query = url.search.slice(1);
    const raw = rawData(query);
    if (raw !== undefined) {
      try {
        return decodeURIComponent(raw);
      } catch {
        return raw;
      }
    }
    return url.searchParams.get('data') ?? undefined;
  }
  if (/^application\/json\b/i.test(contentType) || /^\s*[{[]/.test(body)) return body;
  return rawData(body) ?? new URLSearchParams(body).get('data') ?? undefined;
}

/** The parsed request, or undefined when it is not JSON (or nests absurdly deep). */
export function parseRequest(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    const value = parseJodoJson(text);
    return nestsDeeperThan(value, MAX_NESTING) ? undefined : value;
  } catch {
    return undefined;
  }
}

/** The method a parsed request names. */
export function methodOf(request: unknown): JodoMethod | undefined {
  return isJsonObject(request) ? canonicalMethod(request['method']) : undefined;
}
