/**
 * Agents' states pushed by the gateway (`GET <base>/events`, server-sent
 * events), instead of a userStatus poll every interval: the tab that polls
 * (alone, or as leader for every tab) holds one stream for the logins it
 * would poll, and hands its answers on exactly as a poll's (the hub shares
 * them with the other tabs as before).
 *
 * Each `status` event is a snapshot as a poll would make it; each `polled`
 * event says every other state is unchanged as of then (`checkedAt`) or, with
 * a problem, that Jodo did not answer (the states are marked failing). Times come as ages, so the gateway's clock
 * does not matter. While the stream is away the states age as a poller's
 * would, and are shown stale after three of the gateway's intervals.
 *
 * Where the stream cannot be had (refused before it opened, the gateway down,
 * a browser without EventSource) `unavailable` is called and the hub polls as
 * it always has, trying the stream again later; a stream the gateway ends
 * (signed out, no longer allowed) does the same, so the poll's refusal is
 * shown. Pages whose gateway names no stream never get here.
 */
import type { AgentState } from '../api/codes.js';
import type { RequestProblem } from '../api/request-problem.js';
import type { AgentStatus } from '../api/response.js';
import type { StatusSnapshot } from './freshness.js';

/**
 * What the stream asks of the hub, its two helpers included: handed in rather than imported, so that this
 * module, loaded on its own, shares no module with the page's first paint (each shared one would split
 * the bundle's chunks further, and a page pays a little for every file).
 */
export interface StreamHost {
  /** A login as matched (status-poller.ts `keyOf`). */
  keyOf(login: string): string;
  /** One of Jodo's agent states (codes.ts `isAgentState`). */
  isAgentState(value: unknown): value is AgentState;
  /** The stream's answers (or failures) for these logins (keys). */
  publishAll(snapshots: [string, StatusSnapshot][]): void;
  /** No stream here, or the gateway ended it: poll instead (at once when `wasCarrying`: the stream was the states' source). */
  unavailable(wasCarrying: boolean): void;
  /** The stream carries the states (it said `ready`): a later failure starts its backoff afresh. */
  carrying?(): void;
  /**
   * How often the page needs word that unchanged states still hold, ms (its shortest poll interval): the
   * gateway then tells of good rounds that often (`confirm`), not every second.
   */
  confirmMs?(): number;
}

/** An object's own field, if it is one. */
const field = (value: unknown, name: string): unknown => (typeof value === 'object' && value !== null && Object.hasOwn(value, name) ? (value as Record<string, unknown>)[name] : undefined);
const isAge = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0;

/** A streamed agent, checked field by field as the gateway writes it (AgentStatus); undefined for anything else. */
function readAgent(value: unknown, isAgentState: StreamHost['isAgentState']): AgentStatus | undefined {
  const login = field(value, 'login');
  const code = field(value, 'code');
  const ok = field(value, 'ok');
  const description = field(value, 'description');
  const state = field(value, 'state');
  const stateLabel = field(value, 'stateLabel');
  const durationSeconds = field(value, 'durationSeconds');
  const statusChangeTime = field(value, 'statusChangeTime');
  if (typeof login !== 'string' || !login.trim() || !Number.isSafeInteger(code) || typeof ok !== 'boolean' || typeof description !== 'string') return undefined;
  if (state !== undefined && !isAgentState(state)) return undefined;
  if ((stateLabel !== undefined && typeof stateLabel !== 'string') || (statusChangeTime !== undefined && typeof statusChangeTime !== 'string')) return undefined;
  if (durationSeconds !== undefined && !(Number.isSafeInteger(durationSeconds) && (durationSeconds as number) >= 0)) return undefined;
  return {
    login,
    code: code as number,
    ok,
    description,
    ...(state !== undefined ? { state: state as AgentStatus['state'] } : {}),
    ...(stateLabel !== undefined ? { stateLabel } : {}),
    ...(durationSeconds !== undefined ? { durationSeconds: durationSeconds as number } : {}),
    ...(statusChangeTime !== undefined ? { statusChangeTime } : {}),
  };
}

function readProblem(value: unknown): RequestProblem | undefined {
  const kind = field(value, 'kind');
  if (typeof kind !== 'string') return undefined;
  const code = field(value, 'code');
  return { kind: kind as Exclude<RequestProblem['kind'], 'offline'>, ...(Number.isSafeInteger(code) ? { code: code as number } : {}), ...(field(value, 'transient') === true ? { transient: true } : {}) };
}

function parse(event: Event): unknown {
  try {
    return JSON.parse((event as MessageEvent<string>).data);
  } catch {
    return undefined;
  }
}

export class StatusStream {
  private source: EventSource | undefined;
  /** What the open stream is for: its URL (logins included). */
  private openUrl = '';
  /** The gateway's interval, from `ready`: the yardstick of staleness. */
  private intervalMs = 0;
  private isReady = false;
  /** The last snapshot of each login the stream carries (key), which `polled` moves on. */
  private readonly known = new Map<string, StatusSnapshot>();

  /** When unchanged states were last confirmed to the hub. */
  private confirmedAt = -Infinity;
  /** The last round told had a problem: the next good one is told at once. */
  private failing = false;

  constructor(
    private readonly host: StreamHost,
    private readonly now: () => number = Date.now,
    /**
     * How often unchanged states are confirmed to the hub (and so to the elements and the other tabs), ms: the
     * page's poll interval, so that they go stale exactly as polled ones would; changes come at once.
     */
    private readonly confirmEveryMs: () => number = () => 0,
  ) {}

  /** True while a stream that has said `ready` is open (or reconnecting by itself) for `logins`. */
  carries(url: string, logins: readonly string[], servicekey: string | undefined): boolean {
    return this.isReady && this.openUrl === this.urlOf(url, logins, servicekey);
  }

  /** Opens the stream for these logins, unless it is open for them already. */
  open(url: string, logins: readonly string[], servicekey: string | undefined): void {
    const full = this.urlOf(url, logins, servicekey);
    if (this.source && this.openUrl === full) return;
    this.close();
    if (typeof EventSource !== 'function' || !logins.length) return this.host.unavailable(false);
    const keys = new Set(logins.map(this.host.keyOf));
    for (const key of this.known.keys()) if (!keys.has(key)) this.known.delete(key);
    this.openUrl = full;
    const source = (this.source = new EventSource(full));
    source.addEventListener('ready', (event) => {
      const interval = field(parse(event), 'intervalMs');
      this.intervalMs = isAge(interval) && interval > 0 ? interval : 1000;
      this.isReady = true;
      this.host.carrying?.();
    });
    source.addEventListener('status', (event) => this.onStatus(parse(event)));
    source.addEventListener('polled', (event) => this.onPolled(parse(event)));
    // Signed out, or no longer allowed to see these agents: the polls say so from now on.
    source.addEventListener('end', (event) => {
      if (field(parse(event), 'reason') !== 'restart') this.fail();
    });
    // Closed for good (refused, not an event stream): no stream here. A cut reconnects by itself (EventSource,
    // with Last-Event-ID); until it says `ready` again it carries nothing, so the hub polls and shows why.
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) this.fail();
      else this.isReady = false;
    };
  }

  close(): void {
    this.source?.close();
    this.source = undefined;
    this.openUrl = '';
    this.isReady = false;
  }

  /** What a state's age is measured against (stale after three): the longer of the gateway's rounds and the confirmations. */
  private yardstick(): number {
    return Math.max(this.intervalMs || 1000, this.confirmEveryMs());
  }

  private urlOf(url: string, logins: readonly string[], servicekey: string | undefined): string {
    const query = new URLSearchParams({ logins: logins.join(',') });
    if (servicekey) query.set('servicekey', servicekey);
    const confirm = this.host.confirmMs?.();
    if (confirm) query.set('confirm', String(Math.round(confirm)));
    return `${url}${url.includes('?') ? '&' : '?'}${query}`;
  }

  private fail(): void {
    const wasCarrying = this.isReady;
    this.close();
    this.host.unavailable(wasCarrying);
  }

  private onStatus(data: unknown): void {
    const agent = readAgent(field(data, 'agent'), this.host.isAgentState);
    const age = field(data, 'age');
    if (!agent || !isAge(age)) return;
    const snapshot: StatusSnapshot = { agent, receivedAt: this.now() - age, intervalMs: this.yardstick(), failing: false };
    const key = this.host.keyOf(agent.login);
    this.known.set(key, snapshot);
    this.host.publishAll([[key, snapshot]]);
  }

  /** A round ended: every state known is unchanged as of then (or, with a problem, as old as before). */
  private onPolled(data: unknown): void {
    const age = field(data, 'age');
    if (!isAge(age)) return;
    const problem = readProblem(field(data, 'problem'));
    const at = this.now() - age;
    // Unchanged states are confirmed as often as a poll would bring them (a round that comes half a round
    // early counts: rounds come a gateway interval apart); a failure, and the first good round after it, at once.
    if (!problem && !this.failing && this.now() - this.confirmedAt < this.confirmEveryMs() - (this.intervalMs || 1000) / 2) return;
    this.failing = Boolean(problem);
    if (!problem) this.confirmedAt = this.now();
    const moved: [string, StatusSnapshot][] = [];
    for (const [key, snapshot] of this.known) {
      if (problem) {
        // Published as failing; kept as it was, so the next good round moves on from the last good answer.
        moved.push([key, { ...snapshot, failing: true, problem }]);
        continue;
      }
      // The state and its duration stand as they came; only when they were last confirmed moves on.
      const { problem: _, ...good } = snapshot;
      const next: StatusSnapshot = { ...good, checkedAt: at, intervalMs: this.yardstick(), failing: false };
      this.known.set(key, next);
      moved.push([key, next]);
    }
    if (moved.length) this.host.publishAll(moved);
  }
}
