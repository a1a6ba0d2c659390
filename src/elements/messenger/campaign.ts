/**
 * A "send" of reminders, kept in localStorage per signed-in login before any
 * of it is handed to the outbox: its process, its leads and each batch's
 * planned id. A page reloaded at any moment finds it, hands over again every
 * batch Jodo has not confirmed, under the same id (the outbox sends it with
 * that id as its Idempotency-Key), and follows the leads on.
 *
 * Exactly once rests on the gateway: it keeps the answer to each key for a
 * day and answers a repeat from it without calling Jodo again. A batch whose
 * confirmation was lost with the page (sent, answered, then the page went
 * away before it wrote "sent") is sent again under its key and applied once.
 * Without the gateway (a page talking to Jodo directly), such a batch would
 * be imported again (an upsert on the number: no second record, but a second
 * call). Past the gateway's day a batch is not resent: it is marked not
 * confirmed, for a person to check.
 */
import type { Params } from '../../api/client.js';
import { newIdempotencyKey } from '../../api/idempotency-key.js';
import { SAFE_RETRY_MS } from '../../outbox/outbox-entry.js';

/** `planned`: kept, not yet answered; `sent`: Jodo has it; `failed`: refused; `expired`: unanswered past the gateway's memory. */
export type BatchState = 'planned' | 'sent' | 'failed' | 'expired';

export interface Batch {
  /** Also its outbox entry's id and Idempotency-Key. */
  id: string;
  /** The leads it carries: `leads.slice(from, to)`. */
  from: number;
  to: number;
  state: BatchState;
  /** Why Jodo refused it, in words. */
  problem?: string;
}

export interface Campaign {
  version: 1;
  id: string;
  servicekey: string;
  /** Page clock, ms. */
  createdAt: number;
  /** Each lead as sent (its callDateTime included): a batch is sent with the same body every time. */
  leads: Record<string, string>[];
  batches: Batch[];
}

const PREFIX = 'jodo-messenger:';
const VERSION = 1;


/** A new send of `leads` to `servicekey`, in batches of `size`. */
export function planCampaign(servicekey: string, leads: Campaign['leads'], size: number, now = Date.now()): Campaign {
  const batches: Batch[] = [];
  for (let from = 0; from < leads.length; from += size) {
    batches.push({ id: `jodo-messenger-${newIdempotencyKey()}`, from, to: Math.min(leads.length, from + size), state: 'planned' });
  }
  return { version: VERSION, id: newIdempotencyKey(), servicekey, createdAt: now, leads, batches };
}

/** The ImportProcessData request of a batch: the same every time it is handed over. */
export function batchRequest(campaign: Campaign, batch: Batch): Params<'ImportProcessData'> {
  return { servicekey: campaign.servicekey, media: 'Voice Out', updateparam: 'mobilenumber', data: campaign.leads.slice(batch.from, batch.to) };
}

/** Whether a batch not yet answered may still be sent under its key (the gateway remembers keys for a day). */
export function mayResend(campaign: Campaign, now = Date.now()): boolean {
  return now - campaign.createdAt <= SAFE_RETRY_MS;
}

/** Memory, where the browser refuses localStorage: the send then lasts as long as the page. */
const memory = new Map<string, string>();

function storage(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> {
  try {
    const store = globalThis.localStorage;
    if (store) return store;
  } catch {
    // A sandboxed frame, or storage blocked by policy.
  }
  return { getItem: (key) => memory.get(key) ?? null, setItem: (key, value) => void memory.set(key, value), removeItem: (key) => void memory.delete(key) };
}

const keyOf = (login: string) => `${PREFIX}${login.trim().toLowerCase()}`;

function isCampaign(value: unknown): value is Campaign {
  const c = value as Campaign;
  return (
    typeof c === 'object' && c !== null && c.version === VERSION && typeof c.id === 'string' && typeof c.servicekey === 'string' &&
    typeof c.createdAt === 'number' && Array.isArray(c.leads) && Array.isArray(c.batches) &&
    c.batches.every((b) => typeof b?.id === 'string' && Number.isInteger(b.from) && Number.isInteger(b.to) && typeof b.state === 'string')
  );
}

/** The login's send kept by this browser, if any (anything unreadable counts as none). */
export function loadCampaign(login: string): Campaign | undefined {
  try {
    const value: unknown = JSON.parse(storage().getItem(keyOf(login)) ?? 'null');
    return isCampaign(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps the send (in memory for the life of the page where the browser refuses to store it). */
export function saveCampaign(login: string, campaign: Campaign): void {
  try {
    storage().setItem(keyOf(login), JSON.stringify(campaign));
  } catch {
    // Quota, or storage refused after all: memory, for the life of the page.
    memory.set(keyOf(login), JSON.stringify(campaign));
  }
}

export function forgetCampaign(login: string): void {
  try {
    storage().removeItem(keyOf(login));
  } catch {
    // Nothing kept.
  }
  memory.delete(keyOf(login));
}
