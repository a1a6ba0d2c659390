/**
 * The call guide's form template and call script: which fields of a customer
 * record are shown and edited, and how a script's `{{field}}` placeholders
 * are filled. Pure functions, no DOM: the element renders what they return
 * as text, never as HTML.
 */
import { msg, str } from '@lit/localize';
import type { UpdateParam } from '../../api/codes.js';

/** One field of the call guide's form. */
export interface CallGuideField {
  /** The record's key (`name`, `mobilenumber`, or any field of the process's form). */
  key: string;
  /** What the agent reads; made from the key when absent. */
  label: string;
  /** The input's type; `text` when absent. */
  type?: 'text' | 'tel' | 'email' | 'number' | 'date' | 'textarea';
  /** Whether the agent may change it; false when absent. The field the customer was found by is never editable. */
  editable?: boolean;
}

export const FIELD_TYPES: ReadonlySet<NonNullable<CallGuideField['type']>> = new Set(['text', 'tel', 'email', 'number', 'date', 'textarea']);

/** Labels of the keys Jodo's own forms use, in the agent's language; any other key gets a label made from its spelling. */
const KNOWN_LABELS: Readonly<Record<string, () => string>> = {
  name: () => msg('Name'),
  fname: () => msg('First name'),
  lname: () => msg('Last name'),
  mobilenumber: () => msg('Mobile number'),
  emailid: () => msg('Email'),
  customercode: () => msg('Customer code'),
  crmuniquefield: () => msg('CRM key'),
  leadnumber: () => msg('Lead number'),
  storedatetime: () => msg('Stored at'),
  calldatetime: () => msg('Call time'),
  calltype: () => msg('Call type'),
  call_type: () => msg('Call type'),
  userlogin: () => msg('Agent login'),
  dateofleadcreation: () => msg('Lead created on'),
};

/** A readable label for a record key: `dateOfBirth`, `date_of_birth` and `date-of-birth` all read "Date of birth". */
export function labelFromKey(key: string): string {
  const known = Object.hasOwn(KNOWN_LABELS, key.toLowerCase()) ? KNOWN_LABELS[key.toLowerCase()]!() : undefined;
  if (known) return known;
  const words = key
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .split(/[\s_.-]+/)
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
  return words ? words[0]!.toUpperCase() + words.slice(1) : key;
}

/** The fields the default template starts with, in order. */
const DEFAULT_FIELDS: readonly Omit<CallGuideField, 'editable' | 'label'>[] = [
  { key: 'name', type: 'text' },
  { key: 'mobilenumber', type: 'tel' },
  { key: 'emailid', type: 'email' },
  { key: 'customercode', type: 'text' },
  { key: 'crmuniquefield', type: 'text' },
];

/** The default template: name, mobile number, e-mail, customer code and CRM key (labelled in the agent's language), editable except the one the customer was found by. */
export function defaultTemplate(searchField?: UpdateParam): CallGuideField[] {
  return DEFAULT_FIELDS.map((field) => ({ ...field, label: labelFromKey(field.key), editable: field.key !== searchField }));
}

/**
 * The fields to show for a record. A given template is shown as it is (the
 * search field made read-only); the default one is followed by every other
 * field of the record, read-only, labelled from its key.
 */
export function fieldsFor(template: readonly CallGuideField[] | undefined, record: Readonly<Record<string, string>>, searchField?: UpdateParam): CallGuideField[] {
  const lock = (field: CallGuideField): CallGuideField => (field.key === searchField && field.editable ? { ...field, editable: false } : field);
  if (template) return template.map(lock);
  const fields = defaultTemplate(searchField);
  const shown = new Set(fields.map((f) => f.key.toLowerCase()));
  for (const key of Object.keys(record)) {
    if (shown.has(key.toLowerCase())) continue;
    shown.add(key.toLowerCase());
    fields.push({ key, label: labelFromKey(key), type: 'text', editable: false });
  }
  return fields;
}

/** A template read from JSON, or why it cannot be used. */
export type TemplateParse = { ok: true; template: CallGuideField[] } | { ok: false; reason: string; invalidJson?: boolean };

/** Reads the `template` attribute: a JSON array of `{ key, label?, type?, editable? }`. */
export function parseTemplate(json: string): TemplateParse {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    return { ok: false, reason: (error as Error).message, invalidJson: true };
  }
  return checkTemplate(value);
}

/** Checks a template given as data; each problem names the entry it is in. */
export function checkTemplate(value: unknown): TemplateParse {
  if (!Array.isArray(value)) return { ok: false, reason: 'it must be a JSON array of fields' };
  const template: CallGuideField[] = [];
  const keys = new Set<string>();
  for (const [i, entry] of value.entries()) {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return { ok: false, reason: `entry ${i + 1} must be an object` };
    const { key, label, type, editable } = entry as Record<string, unknown>;
    if (typeof key !== 'string' || key.trim() === '') return { ok: false, reason: `entry ${i + 1} needs a "key"` };
    if (keys.has(key)) return { ok: false, reason: `the key "${key}" appears twice` };
    keys.add(key);
    if (label !== undefined && typeof label !== 'string') return { ok: false, reason: `the label of "${key}" must be text` };
    if (type !== undefined && !FIELD_TYPES.has(type as never)) {
      return { ok: false, reason: `the type of "${key}" must be one of ${[...FIELD_TYPES].join(', ')}` };
    }
    if (editable !== undefined && typeof editable !== 'boolean') return { ok: false, reason: `"editable" of "${key}" must be true or false` };
    const field: CallGuideField = { key, label: label?.trim() ? label : labelFromKey(key) };
    if (type !== undefined) field.type = type as CallGuideField['type'];
    if (editable !== undefined) field.editable = editable;
    template.push(field);
  }
  return { ok: true, template };
}

/** A piece of a filled script: literal text, a field's value, or a placeholder with nothing to fill it. */
export type ScriptPart =
  | { kind: 'text'; text: string }
  | { kind: 'value'; key: string; text: string }
  | { kind: 'missing'; key: string; text: string };

/** No lazy quantifier around spaces: that backtracks for ages on a long run of spaces after `{{`. */
const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;

/** A record's value for a key: exact first, then in any case (`{{MobileNumber}}`); own keys only, so `{{constructor}}` is just unknown. */
function valueOf(values: Readonly<Record<string, string>>, key: string): string | undefined {
  if (Object.hasOwn(values, key)) return values[key];
  const lower = key.toLowerCase();
  const match = Object.keys(values).find((k) => k.toLowerCase() === lower);
  return match === undefined ? undefined : values[match];
}

/**
 * Fills a script's `{{field}}` placeholders from `values`. A placeholder
 * with no value (an unknown field, or an empty one) stays visible as
 * `[field]`, so the agent sees what is missing instead of a gap.
 */
export function fillScript(script: string, values: Readonly<Record<string, string>>): ScriptPart[] {
  const parts: ScriptPart[] = [];
  let last = 0;
  for (const match of script.matchAll(PLACEHOLDER)) {
    const at = match.index;
    if (at > last) parts.push({ kind: 'text', text: script.slice(last, at) });
    const key = match[1]!.trim();
    const value = valueOf(values, key);
    parts.push(value !== undefined && value.trim() !== '' ? { kind: 'value', key, text: value } : { kind: 'missing', key, text: `[${key || 'blank'}]` });
    last = at + match[0].length;
  }
  if (last < script.length) parts.push({ kind: 'text', text: script.slice(last) });
  return parts;
}

/** The template the element is given (the property wins over the attribute's JSON), or what is wrong with it, in words. */
export function readTemplate(template: unknown, json: string | null | undefined): { template?: CallGuideField[]; problem: string } {
  if (template !== undefined && template !== null) {
    const checked = checkTemplate(template);
    return checked.ok ? { template: checked.template, problem: '' } : { problem: msg(str`The template property can't be used: ${checked.reason}.`) };
  }
  if (json === undefined || json === null) return { problem: '' };
  const parsed = parseTemplate(json);
  if (parsed.ok) return { template: parsed.template, problem: '' };
  return { problem: parsed.invalidJson ? msg(str`The template attribute is not valid JSON (${parsed.reason}).`) : msg(str`The template attribute can't be used: ${parsed.reason}.`) };
}
