/**
 * How a deployment writes the numbers it asks Jodo to dial. The document's
 * trunk note: GSM trunks and gateways dial international numbers with a
 * leading `+`, TELCO trunks need `00`; domestic numbers may need a prefix of
 * their own. Pure functions: no DOM, no clock.
 */
import { isMobileNumber } from '../api/rules.js';

export type Trunk = 'gsm' | 'telco';

export interface DialPolicy {
  /** `gsm` keeps a leading `+` for international numbers; `telco` writes it as `00`. */
  trunk: Trunk;
  /**
   * Digits the trunk needs before a national number (`0` in India or the UK);
   * empty for none. A national number already written with it keeps it once.
   */
  domesticPrefix: string;
  /**
   * The deployment's own country calling code (`91`): international numbers of
   * this country (`+91…`, `0091…`) are dialled as national numbers, with the
   * domestic prefix. Empty: international numbers stay international.
   */
  countryCode: string;
}

export const DEFAULT_DIAL_POLICY: Readonly<DialPolicy> = Object.freeze({ trunk: 'gsm', domesticPrefix: '', countryCode: '' });

/** Attribute values of a policy, as a page writes them; empty or missing ones are left to the next level. */
export interface DialPolicyInput {
  trunk?: string | null | undefined;
  domesticPrefix?: string | null | undefined;
  countryCode?: string | null | undefined;
}

const TRUNKS: ReadonlySet<string> = new Set<Trunk>(['gsm', 'telco']);
/** A domestic prefix: up to four digits, never `00` (which reads as international). */
const DOMESTIC_PREFIX = /^(?!00)\d{1,4}$/;
/** A country calling code: one to three digits, not led by 0. */
const COUNTRY_CODE = /^[1-9]\d{0,2}$/;

/** The attribute of each setting, on `<jodo-provider>` and `<jodo-click-to-call>`. */
export const DIAL_POLICY_ATTRIBUTES = { trunk: 'trunk', domesticPrefix: 'domestic-prefix', countryCode: 'country-code' } as const satisfies Record<keyof DialPolicy, string>;

type DialPolicyAttribute = (typeof DIAL_POLICY_ATTRIBUTES)[keyof DialPolicy];

/** The settings of one level that are usable, and the attributes of those that are not (for a console warning). */
export function readDialPolicy(input: DialPolicyInput): { policy: Partial<DialPolicy>; unusable: DialPolicyAttribute[] } {
  const policy: Partial<DialPolicy> = {};
  const unusable: DialPolicyAttribute[] = [];
  const trunk = input.trunk?.trim().toLowerCase();
  if (trunk) {
    if (TRUNKS.has(trunk)) policy.trunk = trunk as Trunk;
    else unusable.push(DIAL_POLICY_ATTRIBUTES.trunk);
  }
  const domestic = input.domesticPrefix?.trim();
  if (domestic) {
    if (DOMESTIC_PREFIX.test(domestic)) policy.domesticPrefix = domestic;
    else unusable.push(DIAL_POLICY_ATTRIBUTES.domesticPrefix);
  }
  const country = input.countryCode?.trim().replace(/^\+/, '');
  if (country) {
    if (COUNTRY_CODE.test(country)) policy.countryCode = country;
    else unusable.push(DIAL_POLICY_ATTRIBUTES.countryCode);
  }
  return { policy, unusable };
}

/** Levels from the most specific (the element) to the least (the page); each setting from the first level that has it. */
export function resolveDialPolicy(...levels: (Partial<DialPolicy> | undefined)[]): DialPolicy {
  const pick = <K extends keyof DialPolicy>(key: K): DialPolicy[K] => levels.find((level) => level?.[key] !== undefined)?.[key] ?? DEFAULT_DIAL_POLICY[key];
  return { trunk: pick('trunk'), domesticPrefix: pick('domesticPrefix'), countryCode: pick('countryCode') };
}

export type DialRefusal =
  /** Nothing but separators (or nothing at all). */
  | 'empty'
  /** Letters or other characters no number has, or a `+` anywhere but first. */
  | 'characters'
  /** Fewer than 3 or more than 16 digits once normalised. */
  | 'length';

export type DialNumber =
  | { ok: true; /** What is sent to Jodo. */ number: string; international: boolean }
  | { ok: false; reason: DialRefusal };

/** What may separate the digits of a written number: spaces (also no-break), dashes, dots, slashes and parentheses. */
const SEPARATORS = /[\s\-\u2010-\u2015.\/()]/gu;
/** After an international prefix, `(0)` is the national trunk digit, dialled only at home: `+44 (0)20 7946 0958`. */
const NATIONAL_ZERO = /\(\s*0\s*\)/u;

/**
 * The number to send for `written` under `policy`: separators stripped, the
 * international prefix written as the trunk needs it, numbers of the home
 * country made national, the domestic prefix added; then the 3-16 digit rule
 * of the contract (`isMobileNumber`). Refused numbers say why.
 */
export function normaliseNumber(written: string, policy: DialPolicy = DEFAULT_DIAL_POLICY): DialNumber {
  let text = written.trim();
  const plus = text.startsWith('+');
  if (plus) text = text.slice(1);
  if (plus || text.startsWith('00')) text = text.replace(NATIONAL_ZERO, '');
  const digits = text.replace(SEPARATORS, '');
  if (digits === '') return { ok: false, reason: 'empty' };
  if (!/^\d+$/.test(digits)) return { ok: false, reason: 'characters' };
  // `+` then `0`: an international prefix twice, or a national number after a `+`; no trunk dials that.
  if (plus && digits.startsWith('0')) return { ok: false, reason: 'length' };
  let international = plus || digits.startsWith('00');
  let subscriber = plus ? digits : international ? digits.slice(2) : digits;
  if (international && subscriber === '') return { ok: false, reason: 'empty' };
  const { countryCode, domesticPrefix, trunk } = policy;
  if (international && countryCode && subscriber.startsWith(countryCode) && subscriber.length > countryCode.length) {
    international = false;
    subscriber = subscriber.slice(countryCode.length);
  }
  let number: string;
  if (international) number = (trunk === 'telco' ? '00' : '+') + subscriber;
  else {
    // A national number written with a trunk prefix of zeros (`098200 12345`) keeps it once. Another
    // prefix (`9` for an outside line) may also be a number's own first digit: always added.
    const writtenWithPrefix = /^0+$/.test(domesticPrefix) && subscriber.startsWith(domesticPrefix);
    const national = writtenWithPrefix ? subscriber.slice(domesticPrefix.length) : subscriber;
    number = domesticPrefix + national;
    if (national === '') return { ok: false, reason: 'empty' };
  }
  return isMobileNumber(number) ? { ok: true, number, international } : { ok: false, reason: 'length' };
}
