/**
 * The call guide's save of a customer: the record and ImportProcessData
 * request made from the form (the search field, and what the agent filled or
 * changed), and the schema's (or a refused save's) problems with it per
 * field. Pure functions; the element sends the save through the outbox.
 */
import type { Params } from '../../api/client.js';
import { validateRequest } from '../../api/problems.js';
import { mediaId, type UpdateParam } from '../../api/codes.js';
import type { ValidationIssue } from '../../api/errors.js';
import type { CustomerRecord } from '../../api/response.js';
import type { Lookup } from './customer-lookup.js';
import type { CallGuideField } from './template.js';

/** Where a record field's problem is reported in an ImportProcessData request. */
const RECORD_FIELD = 'data.0.';

/** One save, as sent. */
export interface Save {
  request: Params<'ImportProcessData'>;
  record: CustomerRecord;
  created: boolean;
  field: UpdateParam;
  value: string;
  /** Jodo did not answer yet: the save waits in the outbox and is sent when it can be. */
  queued?: boolean;
}

/** A record's own value for a key (never one inherited from `Object.prototype`). */
export const read = (record: Readonly<Record<string, string>>, key: string): string => (Object.hasOwn(record, key) ? (record[key] ?? '') : '');

/** The record to send: the search field, and every field the agent filled (new customer) or changed. */
export function recordToSave(fields: readonly CallGuideField[], lookup: Lookup, values: CustomerRecord, initial: CustomerRecord): CustomerRecord {
  const entries: [string, string][] = [];
  for (const field of fields) {
    if (!field.editable || field.key === lookup.field) continue;
    const value = read(values, field.key).trim();
    if (lookup.found ? value !== read(initial, field.key).trim() : value !== '') entries.push([field.key, value]);
  }
  entries.push([lookup.field, lookup.value]);
  return Object.fromEntries(entries);
}

/** The ImportProcessData request that saves `record`, upserting on the field the customer was found by. */
export function saveRequest(servicekey: string | undefined, media: string | number, lookup: Lookup, record: CustomerRecord): Params<'ImportProcessData'> {
  return {
    ...(servicekey ? { servicekey } : {}),
    media: mediaId(media) ?? media,
    updateparam: lookup.field,
    data: [record],
  };
}

/** The record field an issue names, if it names one. */
const recordKey = (issue: ValidationIssue): string | undefined => (issue.field.startsWith(RECORD_FIELD) ? issue.field.slice(RECORD_FIELD.length) : undefined);

/** Problems of a request's record, per field key: the client's own rules (the schema). */
export function recordProblems(request: Params<'ImportProcessData'>): Map<string, string> {
  const problems = new Map<string, string>();
  for (const issue of validateRequest('ImportProcessData', { ...request, servicekey: 'checked-on-save' })) {
    const key = recordKey(issue);
    if (key === undefined) continue;
    if (!problems.has(key)) problems.set(key, issue.message);
  }
  return problems;
}

/** A refused save's issues: the first on each of the given fields, and the rest. */
export function issuesOnFields(issues: readonly ValidationIssue[], keys: ReadonlySet<string>): { onFields: Map<string, string>; elsewhere: ValidationIssue[] } {
  const onFields = new Map<string, string>();
  const elsewhere: ValidationIssue[] = [];
  for (const issue of issues) {
    const key = recordKey(issue);
    if (key !== undefined && keys.has(key)) {
      if (!onFields.has(key)) onFields.set(key, issue.message);
    } else elsewhere.push(issue);
  }
  return { onFields, elsewhere };
}
