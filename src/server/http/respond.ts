/** What the sandbox's answers are made of: JSON with safe headers (stored JSON spliced in as it is), and byte ranges for media. */

export const SAFE_HEADERS = {
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
};

/**
 * JSON text already encoded, to be sent as it is: a value of an answer's top-level
 * field (the records of getProcessData, spliced from the JSON they are stored as,
 * instead of parsed and encoded again).
 */
export class JsonText {
  constructor(readonly text: string) {}
}

/** `JSON.stringify`, with the `JsonText` values of an object's own fields written as they are. */
export function encodeJson(body: unknown): string {
  if (typeof body !== 'object' || body === null || Array.isArray(body) || !Object.values(body).some((v) => v instanceof JsonText)) {
    return JSON.stringify(body);
  }
  const members: string[] = [];
  for (const [key, value] of Object.entries(body)) {
    const text = value instanceof JsonText ? value.text : JSON.stringify(value);
    if (text !== undefined) members.push(`${JSON.stringify(key)}:${text}`); // as JSON.stringify, a field without a JSON value is left out
  }
  return `{${members.join(',')}}`;
}

/** Parses a single `bytes=` range against a size; undefined for "no usable range header", null for unsatisfiable. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | null | undefined {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return null;
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) return null;
  return { start, end };
}
