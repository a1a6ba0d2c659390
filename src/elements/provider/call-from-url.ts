/**
 * The call a dialer puts in the CRM page's address (`<jodo-provider
 * call-from-url>`): which parameters name it, where they are read, the call
 * they make (checked by the schema, `callProblems`) and the notice of a
 * refused one. The provider loads this module with `import()` only when
 * `call-from-url` is set, so a page without it does not download any of it.
 */
import { msg } from '@lit/localize';
import { adoptStyles, html, nothing, type ReactiveController, type ReactiveElement } from 'lit';
import { callProblems } from '../../api/problems.js';
import { fieldProblem } from '../../messages/field-problem.js';
import { noticeStyles } from './call-from-url.styles.js';
import type { JodoProvider } from './provider.js';

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
function readCallParams(value: string): { names: UrlCallNames; unusable: string[] } {
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
function callInUrl(address: { search: string; hash: string }, names: UrlCallNames): UrlCall | undefined {
  const hash = address.hash.replace(/^#/, '');
  const fromHash = callIn(parameters(hash.includes('?') ? hash.slice(hash.indexOf('?') + 1) : hash), names);
  if (namesACall(fromHash)) return { source: 'hash', values: fromHash };
  const fromQuery = callIn(parameters(address.search.replace(/^\?/, '')), names);
  return namesACall(fromQuery) ? { source: 'query', values: fromQuery } : undefined;
}

/** A refused field: its address name (with the field when renamed) and its problem. */
interface RefusedField {
  name: string;
  message: string;
}

/**
 * `call-from-url` at work, a controller of the provider (added when this module has loaded): it
 * listens for changes of the address while the provider is connected with `call-from-url`, reads
 * the address on connection and on `hashchange` and `popstate`, applies its call whole or refuses
 * it whole (a console warning and the notice, part `notice`).
 */
export class UrlCallReader implements ReactiveController {
  /** The address's names for the call's fields (`call-params` read). */
  private names: UrlCallNames | undefined;
  /** The call last read from the address (source and values), so the same call is not applied twice over a newer one. */
  private last = '';
  private following = false;
  private styled = false;
  /** Why the call in the page's address was refused: each field's address name and problem (empty when none was). */
  private refused: readonly RefusedField[] = [];

  constructor(private readonly host: JodoProvider) {
    host.addController(this);
  }

  hostConnected(): void {
    const root = this.host.renderRoot;
    if (!this.styled && root instanceof ShadowRoot) {
      // The notice's styles join the provider's own (which are only `display: contents`).
      adoptStyles(root, [...(this.host.constructor as typeof ReactiveElement).elementStyles, noticeStyles]);
      this.styled = true;
    }
    this.follow();
    // In the page (again): the address may name another call by now.
    this.read();
  }

  hostDisconnected(): void {
    this.follow();
  }

  /** `call-from-url` or `call-params` changed: the names and the last call are read afresh. */
  reset(): void {
    this.names = undefined;
    this.last = '';
    this.follow();
    if (this.host.callFromUrl) this.read();
    else this.show([]);
  }

  /** Listens for changes of the address while connected with `call-from-url`, and only then. */
  private follow(): void {
    const follow = this.host.isConnected && this.host.callFromUrl;
    if (follow === this.following) return;
    this.following = follow;
    for (const type of ['hashchange', 'popstate'] as const) {
      if (follow) window.addEventListener(type, this.handleUrlChange);
      else window.removeEventListener(type, this.handleUrlChange);
    }
  }

  private readonly handleUrlChange = () => {
    this.read();
  };

  private show(refused: readonly RefusedField[]): void {
    if (!refused.length && !this.refused.length) return;
    this.refused = refused;
    this.host.requestUpdate();
  }

  /** The provider's `readCallFromUrl()`: true when a call was applied. */
  read(): boolean {
    const host = this.host;
    if (!host.callFromUrl) return false;
    const names = (this.names ??= urlCallNames(host.callParams));
    const found = callInUrl(location, names);
    if (!found) {
      // No call in the address (any more): nothing to apply, nothing to warn about.
      this.show([]);
      return false;
    }
    const key = JSON.stringify(found);
    if (key === this.last) return false;
    this.last = key;
    const problems = callProblems(found.values);
    if (problems.length) {
      const named = problems.map((p) => ({ field: p.field as UrlCallField, message: p.message }));
      const said = named.map(({ field, message }) => `${names[field]} ${JSON.stringify(found.values[field])} ${message}`).join('; ');
      console.warn(`<jodo-provider call-from-url> refuses the call in the page's ${found.source}: ${said}. Nothing of it was applied.`);
      this.show(named.map(({ field, message }) => ({ name: names[field] === field ? field : `${names[field]} (${field})`, message })));
      return false;
    }
    const { servicekey, ...call } = found.values;
    host.call = call;
    if (servicekey) host.servicekey = servicekey;
    this.show([]);
    return true;
  }

  /** The notice of a refused call, in the agent's language, for the provider's render. */
  notice() {
    const refused = this.refused;
    return refused.length
      ? html`<div part="notice" role="alert">
          <p>
            ${msg("The call in this page's address was not used:")}
            ${refused.map(({ name, message }) => fieldProblem(name, message)).join(' ')}
            ${msg('The toolbar keeps its current call.')}
          </p>
          <button type="button" part="dismiss" @click=${() => this.show([])}>${msg('Dismiss')}</button>
        </div>`
      : nothing;
  }
}

/** The address's names for the call's fields from `call-params`; what it cannot use is warned about and left out. */
function urlCallNames(callParams: string): UrlCallNames {
  const { names, unusable } = readCallParams(callParams);
  if (unusable.length) console.warn(`<jodo-provider call-params> ignores what it cannot use: ${unusable.join('; ')}.`);
  return names;
}
