/**
 * The call a dialer puts in the CRM page's address (`<jodo-provider
 * call-from-url>`): which parameters name it, where they are read, and the
 * call they make. Checking the values is the schema's (`callProblems`).
 */

/** The call's fields an address may carry, each read from the parameter of the same name unless `call-params` renames it. */
export const URL_CALL_FIELDS = ['mobilenumber', 'systemcallid', 'sessionid', 'servicekey'] as const;
export type UrlCallField = (typeof URL_CALL_FIELDS)[number];
export type UrlCallNames = Readonly<Record<UrlCallField, string>>;
export type UrlCallValues = Partial<Record<UrlCallField, string>>;

const DEFAULT_NAMES = Object.fromEntries(URL_CALL_FIELDS.map((field) => [field, field])) as UrlCallNames;
const isUrlCallField = (key: string): key is UrlCallField => (URL_CALL_FIELDS as readonly string[]).includes(key);

/**
 * The `call-params` attribute: JSON mapping a field to the address's name for
 * it (`{"mobilenumber":"ani"}`); fields it leaves out keep their own name.
 * What cannot be used (not JSON, an unknown field, a name that is not text)
 * is listed in `unusable` and the rest applies.
 */
export function readCallParams(value: string): { names: UrlCallNames; unusable: string[] } {
  if (!value.trim()) return { names: DEFAULT_NAMES, unusable: [] };
  let map: unknown;
  try {
    map = JSON.parse(value);
  } catch {
    return { names: DEFAULT_NAMES, unusable: ['call-params is not JSON'] };
  }
  if (map === null || typeof map !== 'object' || Array.isArray(map)) return { names: DEFAULT_NAMES, unusable: ['call-params is not a JSON object'] };
  const names: Record<UrlCallField, string> = { ...DEFAULT_NAMES };
  const unusable: string[] = [];
  for (const [field, name] of Object.entries(map)) {
    if (!isUrlCallField(field)) unusable.push(`"${field}" is not one of ${URL_CALL_FIELDS.join(', ')}`);
    else if (typeof name !== 'string' || !name.trim()) unusable.push(`the name for "${field}" must be text`);
    else names[field] = name.trim();
  }
  return { names, unusable };
}

/**
 * A form-encoded part of an address as text (`+` is a space, as `URLSearchParams` reads it), except
 * that a number keeps its `+`: dialers put `+91…` in addresses unescaped. A broken escape stays as written.
 */
function decode(text: string, plusIsSpace = true): string {
  const spaced = plusIsSpace ? text.replace(/\+/g, ' ') : text;
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/** `a=1&b=2` as a map of names to their encoded values (the first of a repeated name wins, as `URLSearchParams.get` reads it). */
function parameters(text: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const pair of text.split('&')) {
    const at = pair.indexOf('=');
    if (at <= 0) continue;
    const name = decode(pair.slice(0, at));
    if (!found.has(name)) found.set(name, pair.slice(at + 1));
  }
  return found;
}

/** The call's fields among some parameters; an empty value counts as absent (a dialer's template left unfilled). */
function callIn(params: Map<string, string>, names: UrlCallNames): UrlCallValues {
  const values: UrlCallValues = {};
  for (const field of URL_CALL_FIELDS) {
    const encoded = params.get(names[field]);
    const value = encoded === undefined ? '' : decode(encoded, field !== 'mobilenumber').trim();
    if (value) values[field] = value;
  }
  return values;
}

/** A number or a call id: what makes parameters a call (a servicekey or sessionid alone names none). */
const namesACall = (values: UrlCallValues) => Boolean(values.mobilenumber || values.systemcallid);

export interface UrlCall {
  /** Where the call was read. */
  source: 'hash' | 'query';
  values: UrlCallValues;
}

/**
 * The call an address carries, if any: the hash's when it names one (`#mobilenumber=…`,
 * or a hash route's own query, `#/calls?mobilenumber=…`), else the query's. The two are
 * never mixed, so one call's number is never paired with another's id.
 */
export function callInUrl(address: { search: string; hash: string }, names: UrlCallNames): UrlCall | undefined {
  const hash = address.hash.replace(/^#/, '');
  const fromHash = callIn(parameters(hash.includes('?') ? hash.slice(hash.indexOf('?') + 1) : hash), names);
  if (namesACall(fromHash)) return { source: 'hash', values: fromHash };
  const fromQuery = callIn(parameters(address.search.replace(/^\?/, '')), names);
  return namesACall(fromQuery) ? { source: 'query', values: fromQuery } : undefined;
}
