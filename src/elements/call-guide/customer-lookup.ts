/**
 * The call guide's lookup of the caller: which of the call's keys the
 * customer is searched by, and the getProcessData request that finds the
 * customer (one Jodo does not know comes back as a customer to create).
 * Pure functions; the element runs the lookup as a `@lit/task`.
 */
import type { JodoApi, Params } from '../../api/client.js';
import type { UpdateParam } from '../../api/codes.js';
import { JodoApiError } from '../../api/errors.js';
import type { CustomerRecord } from '../../api/response.js';
import { CUSTOMER_NOT_FOUND } from '../../api/status-codes.js';
import { labelFromKey } from './template.js';

/** Which of the call's keys the customer is looked up by, first present wins. */
const SEARCH_ORDER: readonly UpdateParam[] = ['customercode', 'crmuniquefield', 'mobilenumber'];

/** The field and value a customer is looked up by. */
export interface Search {
  field: UpdateParam;
  value: string;
}

/** The customer the guide is showing: found, or to be created. */
export interface Lookup {
  found: boolean;
  /** The field the customer was looked up by, and is saved (upserted) by. */
  field: UpdateParam;
  value: string;
  /** The stored record; for a customer to create, only the search field. */
  record: CustomerRecord;
  /** How many stored records matched (the first is shown). */
  matches: number;
}

/** The field and value to look the customer up by: the element's own keys when any is set, else the call's. */
export function searchFor(own: Record<UpdateParam, string>, call: Partial<Record<UpdateParam, string>> | undefined): Search | undefined {
  const source = SEARCH_ORDER.some((field) => own[field]?.trim()) ? own : (call ?? {});
  for (const field of SEARCH_ORDER) {
    const value = source[field]?.trim();
    if (value) return { field, value };
  }
  return undefined;
}

/** "mobile number 7507959484": the field a customer is looked up by, and its value. */
export function searchedBy(field: UpdateParam, value: string): string {
  return `${labelFromKey(field).toLocaleLowerCase()} ${value}`;
}

/** Looks the customer up; one Jodo does not know comes back as a customer to create. */
export async function findCustomer(client: JodoApi, servicekey: string, field: UpdateParam, value: string, signal: AbortSignal): Promise<Lookup> {
  const key = servicekey ? { servicekey } : {};
  // searchparam names the field its value is given in.
  const params = { ...key, searchparam: field, [field]: value } as Params<'getProcessData'>;
  try {
    const { data } = await client.getProcessData(params, { signal });
    const [record] = data.records;
    if (record) return { found: true, field, value, record, matches: data.records.length };
  } catch (error) {
    if (!(error instanceof JodoApiError && error.code === CUSTOMER_NOT_FOUND)) throw error; // the guide offers to create the customer
  }
  return { found: false, field, value, record: Object.fromEntries([[field, value]]), matches: 0 };
}
