/**
 * How the gateway compares logins: as Jodo does, ignoring the case of ASCII
 * letters only. Full Unicode case folding would make the Kelvin sign (U+212A)
 * equal `k`, so `\u212Aaren` would pass as `karen` here while Jodo sees
 * another login.
 */

/** A login's comparison key: trimmed, ASCII letters in lower case, every other character as it is. */
export function loginKey(login: string): string {
  return login.trim().replace(/[A-Z]/g, (letter) => letter.toLowerCase());
}

export function sameLogin(a: unknown, b: string): boolean {
  return typeof a === 'string' && loginKey(a) === loginKey(b);
}
