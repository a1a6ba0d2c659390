/**
 * How the gateway compares logins: as Jodo does, ignoring the case of ASCII
 * letters only. Full Unicode case folding would make the Kelvin sign (U+212A)
 * equal `k`, so `\u212Aaren` would pass as `karen` here while Jodo sees
 * another login.
 */

/** A login's comparison key: trimmed, ASCII letters in lower case, every other character as it is. */
export function loginKey(login: string): string {
  // Most logins are already their own key: checked once instead of rebuilt on every request.
  return NEEDS_FOLDING.test(login) ? login.trim().replace(/[A-Z]/g, (letter) => letter.toLowerCase()) : login;
}

const NEEDS_FOLDING = /[A-Z]|^\s|\s$/;

export function sameLogin(a: unknown, b: string): boolean {
  return typeof a === 'string' && loginKey(a) === loginKey(b);
}
