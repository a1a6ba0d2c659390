/**
 * JSON as Jodo writes it. Two departures from strict JSON are read, both seen
 * in the document's own samples:
 * - curly quotes around a value (`"method":”reallocatedata”`);
 * - 18-digit ids as bare numbers (`"systemcallid":140912183554281005`), which
 *   `JSON.parse` would round; integer literals of 16 or more digits are read
 *   as strings, digit for digit.
 * Everything else must be valid JSON.
 */

const CURLY_QUOTES = new Set(['\u201C', '\u201D', '\u201E', '\u201F', '\u2033']);
const LONG_INTEGER_DIGITS = 16;

/** Rewrites the two tolerated departures into strict JSON; leaves string contents alone. */
export function mendJson(text: string): string {
  let out = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i]!;
    if (ch === '"' || CURLY_QUOTES.has(ch)) {
      const curly = ch !== '"';
      out += '"';
      i++;
      // Copy the string body; a curly-opened string also ends at a curly quote.
      while (i < n) {
        const c = text[i]!;
        if (c === '\\' && i + 1 < n) {
          out += c + text[i + 1];
          i += 2;
          continue;
        }
        if (c === '"' && !curly) break;
        if (curly && CURLY_QUOTES.has(c)) break;
        out += curly && c === '"' ? '\\"' : c;
        i++;
      }
      if (i < n) {
        out += '"';
        i++;
      }
      continue;
    }
    if (ch === '-' || (ch >= '0' && ch <= '9')) {
      const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
      let j = i + (ch === '-' ? 1 : 0);
      while (isDigit(text[j])) j++;
      const integerEnd = j;
      // A fraction or an exponent makes it a float: copied as it is, whatever its length.
      if (text[j] === '.') for (j++; isDigit(text[j]); j++);
      if (text[j] === 'e' || text[j] === 'E') {
        j++;
        if (text[j] === '+' || text[j] === '-') j++;
        while (isDigit(text[j])) j++;
      }
      const literal = text.slice(i, j);
      const digits = integerEnd - i - (ch === '-' ? 1 : 0);
      out += j === integerEnd && digits >= LONG_INTEGER_DIGITS ? `"${literal}"` : literal;
      i = j;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}

/** Parses Jodo JSON; throws `SyntaxError` like `JSON.parse` when it is not JSON. */
/** Whether `parseJodoJson` reads `text` otherwise than `JSON.parse` would (curly quotes, long integers). */
export function needsMending(text: string): boolean {
  return NEEDS_MENDING.test(text);
}

export function parseJodoJson(text: string): unknown {
  // Most answers have neither departure: mending them (a character loop) would cost more than parsing.
  return JSON.parse(NEEDS_MENDING.test(text) ? mendJson(text) : text);
}

/** A curly quote, or 16 digits in a row (anywhere, strings included: mending leaves those as they are). */
const NEEDS_MENDING = /[\u201C\u201D\u201E\u201F\u2033]|\d{16}/;

/** A plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True when arrays and objects nest deeper than `limit` (which would exhaust the stack later on). */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  let level: unknown[] = [value];
  for (let depth = 0; level.length; depth++) {
    if (depth > limit) return true;
    const next: unknown[] = [];
    for (const item of level) {
      // One by one: spreading a very long array into push() overflows the call's argument limit.
      if (typeof item === 'object' && item !== null) for (const child of Object.values(item)) next.push(child);
    }
    level = next;
  }
  return false;
}
