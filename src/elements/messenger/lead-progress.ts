/**
 * How far a send's leads have got: which leads are live (their batch planned
 * or sent), each one's stage and the counts, whether all have settled, and
 * one round of reading their records from Jodo.
 */
import type { JodoApi } from '../../api/client.js';
import { JodoApiError } from '../../api/errors.js';
import { MAX_IDS } from '../../api/limits.js';
import type { CustomerRecord } from '../../api/response.js';
import { CUSTOMER_NOT_FOUND } from '../../api/status-codes.js';
import type { Campaign } from './campaign.js';
import { STAGES, stageOf, type Stage } from './leads.js';

/** The sandbox (and Jodo) try a failed spoken message again 2, 4, 8 and 16 s later: after this, a speech problem stays. */
const SPEECH_RETRY_WINDOW_MS = 35_000;

type Lead = Campaign['leads'][number];
/** The leads' records as last read, by mobile number. */
export type LeadRecords = ReadonlyMap<string, CustomerRecord>;

const numberOf = (lead: Lead) => String(lead['mobilenumber']);

/** The leads of the batches planned or sent (not of those refused or given up). */
export function liveLeads(campaign: Campaign | undefined): Lead[] {
  if (!campaign) return [];
  return campaign.batches.filter((batch) => batch.state === 'planned' || batch.state === 'sent').flatMap((batch) => campaign.leads.slice(batch.from, batch.to));
}

export const stageOfLead = (records: LeadRecords, lead: Lead): Stage => stageOf(records.get(numberOf(lead)));

export function stageCounts(leads: readonly Lead[], records: LeadRecords): Record<Stage, number> {
  const counts = Object.fromEntries(STAGES.map((stage) => [stage, 0])) as Record<Stage, number>;
  for (const lead of leads) counts[stageOfLead(records, lead)]++;
  return counts;
}

/** Every lead is called, or its speech problem outlasted the retries (seen first at `problemSince`); nothing waits to be sent. */
export function allSettled(campaign: Campaign | undefined, records: LeadRecords, problemSince: ReadonlyMap<string, number>, now: number): boolean {
  if (!campaign || campaign.batches.some((batch) => batch.state === 'planned')) return false;
  return liveLeads(campaign).every((lead) => {
    const stage = stageOfLead(records, lead);
    const since = problemSince.get(numberOf(lead));
    return stage === 'called' || (stage === 'problem' && since !== undefined && now - since >= SPEECH_RETRY_WINDOW_MS);
  });
}

/**
 * One round of getProcessData over the live leads (MAX_IDS numbers a request): the records as they are
 * now, and whether any lead moved; undefined when aborted. Notes in `problemSince` when a lead's speech
 * problem was first seen, and forgets it once the problem is gone.
 */
export async function readLeadRecords(
  client: JodoApi,
  campaign: Campaign,
  known: LeadRecords,
  problemSince: Map<string, number>,
  signal: AbortSignal,
): Promise<{ records: Map<string, CustomerRecord>; changed: boolean } | undefined> {
  const numbers = [...new Set(liveLeads(campaign).map(numberOf))];
  const records = new Map(known);
  let changed = false;
  for (let i = 0; i < numbers.length; i += MAX_IDS) {
    let found: CustomerRecord[] = [];
    try {
      ({ records: found } = (await client.getProcessData({ servicekey: campaign.servicekey, searchparam: 'mobilenumber', mobilenumber: numbers.slice(i, i + MAX_IDS) }, { signal })).data);
    } catch (error) {
      // None of these numbers is in the process yet.
      if (!(error instanceof JodoApiError && error.code === CUSTOMER_NOT_FOUND)) throw error;
    }
    if (signal.aborted) return undefined;
    for (const record of found) {
      const number = record['mobilenumber'] ?? '';
      const before = records.get(number);
      if (before?.leadstatus !== record.leadstatus || before?.ttsproblem !== record.ttsproblem || before?.systemcallid !== record.systemcallid) changed = true;
      records.set(number, record);
      if (!record.ttsproblem || record.systemcallid) problemSince.delete(number);
      else if (!problemSince.has(number)) problemSince.set(number, Date.now());
    }
  }
  return { records, changed };
}
