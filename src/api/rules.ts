/**
 * Field rules of the Jodo wire, shared by the client's request schemas and
 * the sandbox, so a value the client lets through is one the sandbox accepts.
 */

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** `YYYY-MM-DD hh:mm:ss`, 24-hour, a real calendar date. */
export function isJodoDateTime(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DATE_TIME.exec(value);
  if (!m) return false;
  const [, y, mo, d, h, mi, s] = m.map(Number);
  return isRealDate(y!, mo!, d!) && h! < 24 && mi! < 60 && s! < 60;
}

/** `YYYY-MM-DD`, a real calendar date. */
export function isJodoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DATE.exec(value);
  if (!m) return false;
  const [, y, mo, d] = m.map(Number);
  return isRealDate(y!, mo!, d!);
}

/** `7` -> `07`: the fixed-width digits of Jodo's dates and ids. */
export const padNumber = (n: number, width = 2) => String(n).padStart(width, '0');
const pad = padNumber;

/** Formats a local time the way Jodo writes it (1-based month, 24-hour clock, no zone). */
export function formatJodoDateTime(date: Date): string {
  return (
    `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
  );
}

/** Reads `YYYY-MM-DD hh:mm:ss` as local time; undefined when it is not one. */
export function parseJodoDateTime(value: unknown): Date | undefined {
  if (!isJodoDateTime(value)) return undefined;
  const [, y, mo, d, h, mi, s] = DATE_TIME.exec(value)!.map(Number);
  return new Date(y!, mo! - 1, d!, h!, mi!, s!);
}

/**
 * A contact number: 3 to 16 digits, optionally led by `+` or `00` (digits
 * counted after the prefix), as CONTRACT.md reads the document's rule.
 */
export function isMobileNumber(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const digits = value.startsWith('+') ? value.slice(1) : value.startsWith('00') ? value.slice(2) : value;
  return /^\d{3,16}$/.test(digits);
}

/** A login that is an e-mail address: what addEditUser and deleteUser address users by. */
export function isEmailLogin(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 254 && /^[^\s@"<>()[\]\\,;:]+@[^\s@"<>()[\]\\,;:]+$/.test(value);
}

/** A string with something other than white space in it. */
export function isFilled(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/** MD5 hex, the form the document sends passwords in. */
export function isMd5Hex(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{32}$/i.test(value);
}
