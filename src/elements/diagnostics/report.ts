/**
 * The support report of `<jodo-diagnostics>`: facts about the toolbar, never
 * what the agent or the customer said. It is built only from what carries no
 * secret and no customer data by construction: the request log (method,
 * outcome, codes, ms, when: the client hands it nothing else), the clock
 * estimate, the outbox's entries reduced to their method, state, attempts,
 * age and reason (never their parameters: no number, name or remarks), the
 * versions and the page's language. No key, cookie, token, password, address
 * (a dialer's URL may hold a number) or body is ever read into it.
 */
import type { JodoMethod } from '../../api/codes.js';
import { failureMessage } from '../../messages/failure.js';
import { expiredMessage, waitingReason } from '../../messages/outbox.js';
import { errorOf, type OutboxEntry } from '../../outbox/outbox-entry.js';
import { SKEW_WARNING_MS, type RequestLog, type RequestRecord } from '../../requests/request-log.js';
import type { HubRole } from '../../status/status-hub.js';
import { VERSION } from '../../version.js';

/** Failures listed under the connection. */
const RECENT_FAILURES = 10;

export interface ReportedRequest {
  at: string;
  method: JodoMethod;
  outcome: RequestRecord['outcome'];
  ms: number;
  httpStatus?: number;
  code?: number;
}

export interface ReportedOutboxEntry {
  method: string;
  state: 'queued' | 'refused';
  attempts: number;
  madeAt: string;
  /** Jodo's (or the gateway's) code of a refusal. */
  code?: number;
  /** The request fields a refusal named (never their values). */
  fields?: string[];
  /** Why it waits or was refused, in the agent's words. */
  reason?: string;
}

export interface SupportReport {
  report: 'jodo-toolbar support report';
  generatedAt: string;
  versions: { jodoToolbar: string; lit: string[]; litElement: string[] };
  page: { language: string; online: boolean; userAgent: string };
  agent: { login: string; servicekey: string };
  connection: {
    /** Jodo (or the gateway) answered the last request; undefined before any. */
    reachable?: boolean;
    /** `solo`: this tab polls; `leader`: it polls for the agent's tabs; `follower`: another tab does. */
    poller?: HubRole;
    lastGoodPollAt?: string;
    lastGoodPollAgeSeconds?: number;
    recentFailures: ReportedRequest[];
  };
  clock: {
    /** Jodo's clock minus this computer's, ms. */
    skewMs?: number;
    samples: number;
    /** What times written for Jodo are corrected by, ms. */
    correctionMs: number;
    warning: boolean;
  };
  outbox: { persistent: boolean; entries: ReportedOutboxEntry[] };
  requests: { recorded: number; last: ReportedRequest[] };
}

/** What the element gathers from the page for a report. */
export interface ReportFacts {
  now: number;
  login: string;
  servicekey: string;
  language: string;
  requests?: RequestLog;
  poller?: HubRole;
  /** Page clock (ms) of the last good poll of the agent's state. */
  lastGoodPoll?: number;
  outbox?: { entries: readonly OutboxEntry[]; persistent: boolean };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Lit's copies on the page, as Lit registers them (`litHtmlVersions`, `litElementVersions`): more than one is worth knowing. */
export function litVersions(): { lit: string[]; litElement: string[] } {
  const global = globalThis as { litHtmlVersions?: unknown; litElementVersions?: unknown };
  const list = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
  return { lit: list(global.litHtmlVersions), litElement: list(global.litElementVersions) };
}

export function reportedRequest({ sentAt, method, outcome, ms, httpStatus, code }: RequestRecord): ReportedRequest {
  return { at: iso(sentAt), method, outcome, ms, ...(httpStatus !== undefined ? { httpStatus } : {}), ...(code !== undefined ? { code } : {}) };
}

/** Did the last request get an answer from Jodo (a code, even a refusal, counts)? */
export function reachable(records: readonly RequestRecord[]): boolean | undefined {
  const last = records.filter((record) => record.outcome !== 'aborted' && record.outcome !== 'validation').at(-1);
  return last ? last.outcome === 'ok' || last.outcome === 'api' : undefined;
}

export const isFailure = (record: RequestRecord) => record.outcome !== 'ok' && record.outcome !== 'aborted';

/** An outbox entry without its parameters: what it is, how it stands, and why. */
export function reportedEntry(entry: OutboxEntry): ReportedOutboxEntry {
  const base = { method: entry.method, attempts: entry.attempts, madeAt: iso(entry.createdAt) };
  if (entry.state === 'queued') {
    const reason = waitingReason(entry);
    return { ...base, state: 'queued', ...(reason ? { reason } : {}) };
  }
  const failure = entry.failure;
  if (!failure) return { ...base, state: 'refused' };
  if (failure.kind === 'expired') return { ...base, state: 'refused', reason: expiredMessage() };
  if (failure.kind === 'validation') return { ...base, state: 'refused', fields: [...new Set(failure.issues.map((issue) => issue.field))] };
  // The description comes from the document's table of codes, never from Jodo's free text.
  return { ...base, state: 'refused', code: failure.code, reason: failureMessage(errorOf(entry.method, failure)) };
}

export function buildReport(facts: ReportFacts): SupportReport {
  const records = facts.requests?.entries ?? [];
  const skewMs = facts.requests?.skewMs;
  return {
    report: 'jodo-toolbar support report',
    generatedAt: iso(facts.now),
    versions: { jodoToolbar: VERSION, ...litVersions() },
    page: { language: facts.language, online: globalThis.navigator?.onLine !== false, userAgent: globalThis.navigator?.userAgent ?? '' },
    agent: { login: facts.login, servicekey: facts.servicekey },
    connection: {
      ...(reachable(records) !== undefined ? { reachable: reachable(records)! } : {}),
      ...(facts.poller ? { poller: facts.poller } : {}),
      ...(facts.lastGoodPoll !== undefined
        ? { lastGoodPollAt: iso(facts.lastGoodPoll), lastGoodPollAgeSeconds: Math.max(0, Math.round((facts.now - facts.lastGoodPoll) / 1000)) }
        : {}),
      recentFailures: records.filter(isFailure).slice(-RECENT_FAILURES).map(reportedRequest),
    },
    clock: {
      ...(skewMs !== undefined ? { skewMs } : {}),
      samples: facts.requests?.skewSamples ?? 0,
      correctionMs: facts.requests?.correctionMs ?? 0,
      warning: skewMs !== undefined && Math.abs(skewMs) > SKEW_WARNING_MS,
    },
    outbox: { persistent: facts.outbox?.persistent ?? true, entries: (facts.outbox?.entries ?? []).map(reportedEntry) },
    requests: { recorded: facts.requests?.count ?? 0, last: records.map(reportedRequest) },
  };
}

const requestLine = (r: ReportedRequest) =>
  `${r.at} ${r.method} ${r.outcome}${r.httpStatus !== undefined ? ` http ${r.httpStatus}` : ''}${r.code !== undefined ? ` code ${r.code}` : ''} ${r.ms} ms`;

/** The report as plain text, for pasting into a ticket or a chat. */
export function reportText(report: SupportReport): string {
  const { connection: c, clock, outbox } = report;
  const lines = [
    `Jodo toolbar support report, ${report.generatedAt}`,
    `Versions: jodo-toolbar ${report.versions.jodoToolbar}; lit-html ${report.versions.lit.join(', ') || 'unknown'}; lit-element ${report.versions.litElement.join(', ') || 'unknown'}`,
    `Page: language ${report.page.language}; ${report.page.online ? 'online' : 'offline'}; ${report.page.userAgent}`,
    `Agent: ${report.agent.login || '(none)'}; process ${report.agent.servicekey || '(none)'}`,
    '',
    'Connection',
    `  Jodo reachable: ${c.reachable === undefined ? 'no request yet' : c.reachable ? 'yes' : 'no'}`,
    `  Poller: ${c.poller ?? 'not polling'}`,
    `  Last good poll: ${c.lastGoodPollAt ? `${c.lastGoodPollAt} (${c.lastGoodPollAgeSeconds} s ago)` : 'none yet'}`,
    `  Recent failures: ${c.recentFailures.length || 'none'}`,
    ...c.recentFailures.map((r) => `    ${requestLine(r)}`),
    '',
    'Clock',
    `  Skew (Jodo minus this computer): ${clock.skewMs === undefined ? 'not measured yet' : `${clock.skewMs} ms over ${clock.samples} answers`}${clock.warning ? ' (WARNING: over 60 s)' : ''}`,
    `  Correction applied to times sent to Jodo: ${clock.correctionMs} ms`,
    '',
    `Outbox (${outbox.persistent ? 'kept in this browser' : 'memory only'})`,
    ...(outbox.entries.length
      ? outbox.entries.map(
          (e) =>
            `  ${e.madeAt} ${e.method} ${e.state}, ${e.attempts} attempts${e.code !== undefined ? `, code ${e.code}` : ''}${e.fields ? `, fields ${e.fields.join(', ')}` : ''}${e.reason ? `: ${e.reason}` : ''}`,
        )
      : ['  empty']),
    '',
    `Requests (last ${report.requests.last.length} of ${report.requests.recorded})`,
    ...report.requests.last.map((r) => `  ${requestLine(r)}`),
  ];
  return `${lines.join('\n')}\n`;
}
