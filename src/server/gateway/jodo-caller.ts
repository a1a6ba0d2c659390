/**
 * The gateway's calls to Jodo: forwarding a caller's request (its answer
 * without the key, recording links on the gateway's origin), and the
 * gateway's own questions: who holds the records a write would change, and
 * where a call's recording is. A failure to get Jodo JSON in time is a
 * refusal (9502, 9504), logged without the request.
 */
import { READ_ONLY_METHODS, type JodoMethod, type UpdateParam } from '../../api/codes.js';
import { CUSTOMER_NOT_FOUND, JODO_TIMEOUT, NO_JODO_ANSWER } from '../../api/status-codes.js';
import { JodoApiError } from '../../api/errors.js';
import { isJsonObject, needsMending, parseJodoJson } from '../../api/json.js';
import { parseJodoResponse } from '../../api/response.js';
import { formatJodoDateTime } from '../../api/rules.js';
import type { HolderLookup } from './authorize.js';
import { keyScrubber } from './key-scrubber.js';
import type { RequestFacts } from './request-log.js';
import { rewriteRecordingLinks } from './recordings.js';
import { forbidden, Refusal } from './refusal.js';
import { UpstreamBadAnswer, UpstreamTimeout, createUpstream, type UpstreamOptions } from './upstream.js';

const MAX_UPSTREAM_BYTES = 8 * 1024 * 1024;
/** Numbers per holder question (the document's getProcessData takes a list of them). */
const NUMBERS_PER_LOOKUP = 1000;
/** Customer codes and CRM keys are asked one per request: a write naming more existing ones than this is refused. */
const MAX_SINGLE_LOOKUPS = 50;

export interface JodoCallerOptions {
  apikey: string;
  url: () => string;
  basePath: string;
  upstream: Omit<UpstreamOptions, 'maxBytes'>;
  log: (line: string) => void;
  now: () => number;
  /** Each exchange with Jodo, answered or not: its method and how long it took, ms. */
  observe: (method: JodoMethod, ms: number) => void;
}

/** A record's holder: its `userlogin` in any case of the field's name, '' when nobody holds it. */
function holderOf(record: Record<string, string>): string {
  const field = Object.keys(record).find((key) => key.toLowerCase().trim() === 'userlogin');
  return field === undefined ? '' : record[field]!.trim();
}

export function createJodoCaller(options: JodoCallerOptions) {
  const { apikey, log, now } = options;
  const upstream = createUpstream({ ...options.upstream, maxBytes: MAX_UPSTREAM_BYTES });
  const scrub = keyScrubber(apikey);
  const stamp = () => formatJodoDateTime(new Date(now()));

  /** One request to Jodo, its answer as it came; refusals for anything but an answer in time. */
  /** `observed`: counted in Jodo's time (the readiness probe's own question is not). */
  async function send(method: JodoMethod, request: Record<string, unknown>, facts?: RequestFacts, observed = true): Promise<{ status: number; text: string }> {
    const started = performance.now();
    try {
      // `data=<JSON>` form-encoded by the platform's encoder (URLSearchParams' own, in JavaScript, cost more per poll).
      return await upstream.post(options.url(), `data=${encodeURIComponent(JSON.stringify(request))}`, READ_ONLY_METHODS.has(method));
    } catch (error) {
      if (error instanceof UpstreamTimeout) {
        log(`gateway: ${method} upstream timed out`);
        throw new Refusal(JODO_TIMEOUT, undefined, 504);
      }
      if (error instanceof UpstreamBadAnswer) {
        if (error.tooLarge) throw new Refusal(NO_JODO_ANSWER, 'Jodo answered with more than the gateway accepts', 502);
        log(`gateway: ${method} upstream answered HTTP ${error.status} without Jodo JSON`);
        throw new Refusal(NO_JODO_ANSWER, undefined, 502);
      }
      log(`gateway: ${method} upstream unreachable`);
      throw new Refusal(NO_JODO_ANSWER, undefined, 502);
    } finally {
      const ms = performance.now() - started;
      if (facts) facts.jodoMs += ms;
      // A note, handed to prom-client when scraped (metrics.ts): nothing to put off until the answer has gone.
      if (observed) options.observe(method, ms);
    }
  }

  /** Jodo's JSON answer as an object (and its text), or a refusal. */
  async function call(method: JodoMethod, request: Record<string, unknown>, facts?: RequestFacts): Promise<{ body: Record<string, unknown>; text: string }> {
    const { status, text } = await send(method, request, facts);
    let body: unknown;
    try {
      body = parseJodoJson(text);
    } catch {
      body = undefined;
    }
    if (!isJsonObject(body)) {
      log(`gateway: ${method} upstream answered HTTP ${status} without Jodo JSON`);
      throw new Refusal(NO_JODO_ANSWER, undefined, 502);
    }
    return { body, text };
  }

  /**
   * Forwards the caller's request; the answer as the browser gets it: no key, recording links on the
   * gateway's origin. An answer needing none of that (most polls) goes on as Jodo wrote it, parsed
   * once to know it is Jodo JSON, instead of being written out again.
   */
  async function forward(method: JodoMethod, outgoing: Record<string, unknown>, facts?: RequestFacts): Promise<string> {
    const { body, text } = await call(method, outgoing, facts);
    if (facts) facts.code = Number(body['status'] ?? body['statuscode']);
    const keyField = 'apikey' in body;
    delete body['apikey'];
    const relinked = rewriteRecordingLinks(outgoing, body, options.basePath);
    return scrub(keyField || relinked || needsMending(text) ? JSON.stringify(body) : text, outgoing);
  }

  /** Who holds the records with these values, asked of Jodo (getProcessData) in the caller's process. */
  const holders = async (servicekey: string, param: UpdateParam, values: readonly string[], facts?: RequestFacts): ReturnType<HolderLookup> => {
    const batches: (string | string[])[] = [];
    if (param === 'mobilenumber') for (let i = 0; i < values.length; i += NUMBERS_PER_LOOKUP) batches.push(values.slice(i, i + NUMBERS_PER_LOOKUP));
    else batches.push(...values);
    if (batches.length > MAX_SINGLE_LOOKUPS) throw forbidden(`a write may name at most ${MAX_SINGLE_LOOKUPS} existing records by ${param}: send them in several`);
    const found = new Set<string>();
    for (const batch of batches) {
      const { status, text } = await send('getProcessData', { method: 'getProcessData', reqdatetime: stamp(), servicekey, apikey, searchparam: param, [param]: batch }, facts);
      try {
        for (const record of parseJodoResponse('getProcessData', status, text).data.records) found.add(holderOf(record));
      } catch (error) {
        if (error instanceof JodoApiError && error.code === CUSTOMER_NOT_FOUND) continue;
        // Not knowing who holds a record is not permission to change it. Jodo refusing the question (a value it
        // cannot search by) is a refusal of the write; an answer that is not Jodo's is an upstream failure.
        if (error instanceof JodoApiError) throw forbidden(`Jodo would not say who holds the records with these ${param} values (code ${error.code}); nothing was changed`);
        log(`gateway: could not check who holds records: ${error instanceof Error ? error.name : 'error'}`);
        throw new Refusal(NO_JODO_ANSWER, 'Jodo did not say who holds these records; nothing was changed', 502);
      }
    }
    return found;
  };

  /** Jodo's URL of a call's recording in one process, if it has one. */
  async function recordingUrl(servicekey: string, systemcallid: string): Promise<string | undefined> {
    try {
      const { status, text } = await send('customer_recording', { method: 'customer_recording', apikey, servicekey, systemcallid, reqdatetime: stamp() });
      return parseJodoResponse('customer_recording', status, text).data.recordingUrl || undefined;
    } catch {
      return undefined; // no recording, or no answer: the caller is told there is none to play
    }
  }

  /**
   * The gateway's own userStatus for these logins of one process (the event streams' poller): Jodo's answer
   * as it came, the key scrubbed from it; a refusal when there is none.
   */
  async function userStatusOf(servicekey: string, loginids: string[]): Promise<{ status: number; text: string }> {
    const request = { method: 'userStatus', apikey, servicekey, loginids, reqdatetime: stamp() };
    const { status, text } = await send('userStatus', request);
    return { status, text: scrub(text, request) };
  }

  /** Whether Jodo answers with its JSON at all (readiness): a request that names no one, so it changes nothing. */
  async function answers(): Promise<boolean> {
    try {
      return isJsonObject(parseJodoJson((await send('userStatus', { method: 'userStatus', apikey, loginids: [], reqdatetime: stamp() }, undefined, false)).text));
    } catch {
      return false;
    }
  }

  return { apikey, forward, holders, recordingUrl, userStatusOf, answers, close: () => upstream.close() };
}

export type JodoCaller = ReturnType<typeof createJodoCaller>;
