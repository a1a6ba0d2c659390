/**
 * The CRM's user list, from CSV or JSON, as addEditUser records. Fields are
 * the document's (addEditUser's table and sample); a plain `password` is
 * turned into the MD5 hex Jodo takes at once and never kept. A row that
 * cannot be sent is reported with its number and why, and the rest go on.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { isJsonObject } from '../../api/json.js';
import { isEmailLogin, isMd5Hex } from '../../api/rules.js';
import { MESSAGES } from '../../api/field-messages.js';
import type { Params } from '../../api/client.js';
import { validateRequest } from '../../api/problems.js';
import { parseCsv } from './csv.js';
import { fingerprint } from './state.js';

/** addEditUser's fields, as the sync sends them (the action is the sync's to choose). */
export type UserRecord = Omit<Params<'addEditUser'>, 'action'>;

export interface SyncUser {
  /** The row (CSV, the header being row 1) or entry (JSON, from 1) it came from. */
  row: number;
  loginid: string;
  record: UserRecord;
  /** The fingerprint of `record`: what the state keeps. */
  fingerprint: string;
}

export interface BadRow {
  row: number;
  /** The row's loginid when it is a usable e-mail: that user is then neither changed nor deleted. */
  loginid?: string;
  reason: string;
}

export interface UserList {
  users: SyncUser[];
  invalid: BadRow[];
  /** Columns (or JSON keys) that are not addEditUser fields, left out of every record. */
  ignoredFields: string[];
}

/** The input as a whole cannot be read (no such file, not a JSON array, a header without loginid): nothing is synced. */
export class UserInputError extends Error {
  override readonly name = 'UserInputError';
}

type ListShape = 'media' | 'language' | 'text' | 'objects';

/** The document's addEditUser fields (not the envelope, not the action) and how a text cell reads for each. */
const FIELDS = {
  loginid: 'text',
  username: 'text',
  usertype: 'text',
  mediadetails: 'media',
  userimage: 'text',
  customercode: 'text',
  groups: 'list',
  gender: 'text',
  dob: 'text',
  doj: 'text',
  address: 'text',
  country: 'text',
  state: 'text',
  city: 'text',
  language: 'language',
  contactdetails: 'objects',
  skilldetails: 'objects',
} as const satisfies Record<string, 'text' | 'list' | ListShape>;

/** Password columns: plain text (hashed here) or the MD5 hex the document's `newpassword` takes. */
const PASSWORD_FIELDS = { password: 'plain', newpassword: 'md5', passwordmd5: 'md5', confirmpassword: 'confirm' } as const;

/** The fields a header must have: the document's mandatory ones. */
const REQUIRED_COLUMNS = ['loginid', 'username', 'usertype', 'mediadetails'] as const;

type FieldName = keyof typeof FIELDS | keyof typeof PASSWORD_FIELDS;

/** `Login ID`, `login_id` and `LOGINID` all name `loginid`. */
function fieldName(header: string): string {
  return header.trim().toLowerCase().replace(/[\s_-]+/g, '');
}

function isField(name: string): name is FieldName {
  return Object.hasOwn(FIELDS, name) || Object.hasOwn(PASSWORD_FIELDS, name);
}

export function md5Hex(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

class RowProblem extends Error {}

/** A list field from a cell (`Voice In; Email Out`, or JSON text) or a JSON value (strings or the document's objects). */
function listValue(field: string, shape: 'list' | ListShape, value: unknown): unknown {
  if (typeof value === 'string') {
    const text = value.trim();
    if (text.startsWith('[')) {
      try {
        value = JSON.parse(text);
      } catch {
        throw new RowProblem(`${field} is not valid JSON`);
      }
    } else if (shape === 'objects') {
      throw new RowProblem(`${field} must be JSON, as in the document: [{...}, ...]`);
    } else {
      value = text.split(';').map((item) => item.trim()).filter(Boolean);
    }
  }
  if (!Array.isArray(value)) return value; // the schema names the wrong type
  return value.map((item) => {
    if (typeof item !== 'string' && typeof item !== 'number') return item;
    if (shape === 'media') return { media: item };
    if (shape === 'language') return { language: String(item) };
    return item;
  });
}

/** The MD5 to send, from whichever password field the row has; undefined for none (Jodo keeps the password it has). */
function passwordMd5(values: Partial<Record<FieldName, unknown>>): string | undefined {
  const plain = values.password;
  const md5 = values.newpassword ?? values.passwordmd5;
  if (values.newpassword !== undefined && values.passwordmd5 !== undefined) throw new RowProblem('give newpassword or passwordmd5, not both');
  if (plain !== undefined && md5 !== undefined) throw new RowProblem('give password (plain) or newpassword (MD5), not both');
  let hex: string | undefined;
  if (plain !== undefined) {
    if (typeof plain !== 'string') throw new RowProblem(`password ${MESSAGES.wrongType}`);
    hex = md5Hex(plain);
  } else if (md5 !== undefined) {
    if (typeof md5 !== 'string' || !isMd5Hex(md5.trim())) throw new RowProblem(`newpassword ${MESSAGES.md5}`);
    hex = md5.trim().toLowerCase();
  }
  const confirm = values.confirmpassword;
  if (confirm !== undefined) {
    if (hex === undefined) throw new RowProblem('confirmpassword needs a password or newpassword');
    if (typeof confirm !== 'string' || confirm.trim().toLowerCase() !== hex) throw new RowProblem('confirmpassword must match the password');
  }
  return hex;
}

/** One row's values (by field name; absent or empty means not given) as the record to send, or the reason it cannot be. */
function toRecord(values: Partial<Record<FieldName, unknown>>): UserRecord {
  const record: Record<string, unknown> = {};
  for (const [field, shape] of Object.entries(FIELDS)) {
    const value = values[field as FieldName];
    if (value === undefined) continue;
    record[field] = shape === 'text' ? (typeof value === 'string' ? value.trim() : value) : listValue(field, shape, value);
  }
  const md5 = passwordMd5(values);
  if (md5 !== undefined) {
    record['newpassword'] = md5;
    record['confirmpassword'] = md5;
  }
  // The client's own rules, so whatever passes here is what it sends; the messages name fields, never values.
  const issues = validateRequest('addEditUser', { ...record, action: 'add' });
  if (issues.length) throw new RowProblem(issues.map(({ field, message }) => `${field} ${message}`).join('; '));
  return record as UserRecord;
}

/** Records from rows of `{ field: value }`; the later of two rows for one loginid is a bad row. */
export function usersFromRows(rows: Iterable<{ row: number; values: Record<string, unknown> }>): UserList {
  const users: SyncUser[] = [];
  const invalid: BadRow[] = [];
  const ignored = new Set<string>();
  const seen = new Map<string, number>();
  for (const { row, values } of rows) {
    const known: Partial<Record<FieldName, unknown>> = {};
    for (const [key, value] of Object.entries(values)) {
      const name = fieldName(key);
      if (!isField(name)) {
        if (name !== '') ignored.add(key);
        continue;
      }
      // An empty cell (or one of spaces) is a field not given.
      if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) continue;
      known[name] = value;
    }
    const rawLogin = typeof known.loginid === 'string' ? known.loginid.trim() : undefined;
    const loginid = isEmailLogin(rawLogin) ? rawLogin : undefined;
    const bad = (reason: string) => invalid.push(loginid === undefined ? { row, reason } : { row, loginid, reason });
    const first = loginid === undefined ? undefined : seen.get(loginid.toLowerCase());
    if (first !== undefined) {
      bad(`loginid is also on row ${first}: one row per user`);
      continue;
    }
    if (loginid !== undefined) seen.set(loginid.toLowerCase(), row);
    try {
      const record = toRecord(known);
      users.push({ row, loginid: record.loginid, record, fingerprint: fingerprint(record) });
    } catch (error) {
      if (!(error instanceof RowProblem)) throw error;
      bad(error.message);
    }
  }
  return { users, invalid, ignoredFields: [...ignored] };
}

/** Users from CSV text with a header row. */
export function usersFromCsv(text: string): UserList {
  const { rows, unterminatedQuoteRow } = parseCsv(text);
  // An unclosed quote swallows every row after it: what is left cannot be trusted (a delete of each swallowed user would follow).
  if (unterminatedQuoteRow !== undefined) throw new UserInputError(`a quoted field in row ${unterminatedQuoteRow} is never closed, so the rows after it cannot be read: nothing is synced`);
  const [header, ...data] = rows;
  if (!header) throw new UserInputError('the CSV file is empty: it needs a header row (loginid, username, usertype, mediadetails, ...)');
  const names = header.fields.map(fieldName);
  const repeated = names.filter((name, i) => name !== '' && names.indexOf(name) !== i);
  if (repeated.length) throw new UserInputError(`the CSV header names ${[...new Set(repeated)].join(', ')} more than once`);
  const missing = REQUIRED_COLUMNS.filter((name) => !names.includes(name));
  // Only the names of known columns are repeated back: a file without a header has a user (a password, say) in its first row.
  const known = header.fields.filter((name) => isField(fieldName(name)));
  if (missing.length) {
    throw new UserInputError(`the CSV header has no ${missing.join(', ')} column${missing.length > 1 ? 's' : ''} (its first row has ${header.fields.length} cells${known.length ? `, of which these name a column: ${known.join(', ')}` : ', none of them a column name: is the header missing?'})`);
  }

  const unreadable: BadRow[] = [];
  const loginColumn = names.indexOf('loginid');
  const rowsOfValues = data.flatMap(({ row, fields }) => {
    const reason =
      fields.length > header.fields.length
        ? `has ${fields.length} fields, the header has ${header.fields.length} (a comma outside quotes?)`
        : undefined;
    if (reason) {
      // Its user, if the login reads, is left as it is rather than deleted.
      const loginid = fields[loginColumn]?.trim();
      unreadable.push(isEmailLogin(loginid) ? { row, loginid, reason } : { row, reason });
      return [];
    }
    // A short row (trailing empty cells left out) reads as empty cells.
    return [{ row, values: Object.fromEntries(header.fields.map((name, i) => [name, fields[i] ?? ''])) }];
  });
  const list = usersFromRows(rowsOfValues);
  return { ...list, invalid: [...unreadable, ...list.invalid].sort((a, b) => a.row - b.row) };
}

/** Users from JSON text: an array of objects with the same fields as the CSV's columns. */
export function usersFromJson(text: string): UserList {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    // Not the parser's message: it quotes the text around the mistake, which may be a password.
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    throw new UserInputError(`the JSON file is not valid JSON${position === undefined ? '' : ` (at character ${position})`}`);
  }
  if (!Array.isArray(parsed)) throw new UserInputError('the JSON file must hold an array of users ([{"loginid": ..., "username": ..., ...}, ...])');
  return usersFromRecords(parsed);
}

/** Users from objects with the CSV's fields (a CRM's own list, in Node), numbered from 1. */
export function usersFromRecords(records: readonly unknown[]): UserList {
  const notObjects: BadRow[] = [];
  const list = usersFromRows(
    records.flatMap((item, i) => {
      if (isJsonObject(item)) return [{ row: i + 1, values: item }];
      notObjects.push({ row: i + 1, reason: 'is not an object of user fields' });
      return [];
    }),
  );
  return { ...list, invalid: [...notObjects, ...list.invalid].sort((a, b) => a.row - b.row) };
}

/** Users from a `.csv` or `.json` file (another extension: JSON when it starts with `[`, else CSV). */
export function readUsersFile(file: string): UserList {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UserInputError(`${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const ext = extname(file).toLowerCase();
  const json = ext === '.json' || (ext !== '.csv' && /^\ufeff?\s*\[/.test(text));
  return json ? usersFromJson(text) : usersFromCsv(text);
}
