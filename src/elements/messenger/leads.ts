/**
 * The customers of a reminder list, before and after sending: read from CSV
 * (a header row, then one customer a row) or given as records, each checked
 * with the client's own rules for an ImportProcessData record (one source of
 * truth: `requestProblems`), and each one's stage once Jodo has it.
 */
import { MESSAGES } from '../../api/field-messages.js';
import { LeadStatuses } from '../../api/codes.js';
import { requestProblems } from '../../api/problems.js';
import type { CustomerRecord } from '../../api/response.js';
import { parseCsv } from '../../format/csv.js';

/** One customer as the page gives it: `name`, `mobilenumber` and any field of the process's form. */
export type Contact = Record<string, unknown>;

/** One row of the list, with what is wrong with it (nothing when it can be sent). */
export interface ListRow {
  /** As the list numbers it: the CSV's row (its header is row 1), or the place in `contacts` from 1. */
  row: number;
  record: Record<string, string>;
  /** Field and the schema's message (`MESSAGES`), or `duplicate` with the row it repeats. */
  problems: { field: string; message: string; duplicateOf?: number }[];
}

export interface ReadList {
  rows: ListRow[];
  /** Problems of the list as a whole (no header, no mobilenumber column, a quote left open). */
  problems: ('no-rows' | 'no-number-column' | 'open-quote')[];
}

const NUMBER_FIELD = 'mobilenumber';

/** A record as it is sent: names and values trimmed, empty values left out, every value as text (CRMs give numbers as numbers as often as text). */
function cleanRecord(source: Contact): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [key, value] of Object.entries(source)) {
    const name = key.trim();
    const text = value === undefined || value === null ? '' : String(value).trim();
    if (name && text) record[name] = text;
  }
  return record;
}

/** What is wrong with one record, as the client would refuse it; `callDateTime` is the list's own. */
function recordProblems(record: Record<string, string>): ListRow['problems'] {
  const problems: ListRow['problems'] = [];
  if (record[NUMBER_FIELD] === undefined) problems.push({ field: NUMBER_FIELD, message: MESSAGES.required });
  const request = { servicekey: 'checked', media: 'Voice Out', updateparam: NUMBER_FIELD, data: [record] };
  for (const problem of requestProblems('ImportProcessData', request)) {
    const [where, , field] = problem.path;
    if (where === 'data' && typeof field === 'string') problems.push({ field, message: problem.message });
  }
  return problems;
}

/** Rows from records: each checked, and a number given twice named on its later row (an upsert would merge them). */
export function readContacts(contacts: readonly Contact[], numbering: (index: number) => number = (i) => i + 1, callDateTime?: string): ListRow[] {
  const seen = new Map<string, number>();
  return contacts.map((contact, index) => {
    const record = cleanRecord(typeof contact === 'object' && contact !== null ? contact : {});
    if (callDateTime) record['callDateTime'] = callDateTime;
    const row = numbering(index);
    const problems = recordProblems(record);
    const number = record[NUMBER_FIELD];
    if (number !== undefined && !problems.some((p) => p.field === NUMBER_FIELD)) {
      const first = seen.get(String(number));
      if (first !== undefined) problems.push({ field: NUMBER_FIELD, message: 'duplicate', duplicateOf: first });
      else seen.set(String(number), row);
    }
    return { row, record, problems };
  });
}

/** Rows from CSV text with a header row (`name,mobilenumber,…`); header names are the record's field names. */
export function readCsv(text: string, callDateTime?: string): ReadList {
  const { rows, unterminatedQuoteRow } = parseCsv(text);
  const problems: ReadList['problems'] = unterminatedQuoteRow === undefined ? [] : ['open-quote'];
  const [header, ...body] = rows;
  if (!header || !body.length) return { rows: [], problems: [...problems, 'no-rows'] };
  const names = header.fields.map((name) => name.trim());
  if (!names.some((name) => name.toLowerCase() === NUMBER_FIELD)) problems.push('no-number-column');
  // Header names are the process's form fields; `mobilenumber` is read whatever its case.
  const keys = names.map((name) => (name.toLowerCase() === NUMBER_FIELD ? NUMBER_FIELD : name));
  const contacts = body.map((row) => Object.fromEntries(keys.map((key, i) => [key, row.fields[i] ?? ''])));
  return { rows: readContacts(contacts, (i) => body[i]!.row, callDateTime), problems };
}

/** Where a lead is: not in Jodo yet, waiting for its spoken message, speech failed, ready to dial, called. */
export type Stage = 'pending' | 'speech' | 'problem' | 'ready' | 'called';

export const STAGES: readonly Stage[] = ['pending', 'speech', 'problem', 'ready', 'called'];

/** A lead's stage from its record as getProcessData answers it (none yet: `pending`). */
export function stageOf(record: CustomerRecord | undefined): Stage {
  if (!record) return 'pending';
  if (record.systemcallid) return 'called';
  if (record.leadstatus === String(LeadStatuses.AwaitingSpeech)) return record.ttsproblem ? 'problem' : 'speech';
  return 'ready';
}
