/**
 * The status hub's polls of Jodo's userStatus: one poll for the logins the hub
 * names (one request per 1,000 logins, with a deadline of its own and no
 * retries), and when the next is due: the busy or the idle interval, backoff
 * after failures, none while the browser is offline. One timer: while another
 * tab polls for this one, it checks on that tab instead.
 */
import { problemOf, type RequestProblem } from '../api/request-problem.js';
import type { JodoApi } from '../api/client.js';
import { AgentStates } from '../api/codes.js';
import { MAX_IDS } from '../api/limits.js';
import { backoffDelay } from '../requests/backoff.js';
import type { StatusSnapshot } from './freshness.js';

/** What the poller reads from the hub's options (configure changes them in place). */
export interface PollerOptions {
  client?: JodoApi;
  servicekey?: string;
  /** The interval while any watched agent is busy (Dialling, Talking, Hold, Wrapup…). */
  intervalMs: number;
  /** The interval while every watched agent is Ready or idle; twice `intervalMs` by default. */
  idleIntervalMs?: number;
  /** The page's clock; tests pass their own. */
  now?: () => number;
  random?: () => number;
}

/** What the poller asks of its hub. */
export interface PollerHost {
  /** Someone listens and the page is watched: otherwise nothing is scheduled. */
  live(): boolean;
  /** Another tab polls for this one: no polls, the timer checks on it (`checkLeader`) instead. */
  following(): boolean;
  checkLeader(): void;
  /** Just before a poll: false if it must not go ahead (nobody listens, or this tab turned out to follow). */
  mayPoll(): boolean;
  /** The logins to poll. */
  loginsToPoll(): string[];
  /** True when the gateway's event stream carries these logins' states now: no request is made (status-stream.ts). */
  streamed(): boolean;
  /** The next poll starts `delay` ms from now. */
  due(delay: number): void;
  /** Answers (or failures) for these logins (keys). */
  publishAll(snapshots: [string, StatusSnapshot][]): void;
  /** Polls (or follows) again from the start. */
  restart(): void;
}

/**
 * The most logins one hub polls (and a tab may ask another for): five full team boards. Past
 * MAX_IDS they go in several userStatus requests of at most MAX_IDS logins each.
 */
export const MAX_WATCHED = 5 * MAX_IDS;

/** States in which the agent is on or around a call: polled at the busy interval. */
const BUSY_STATES: ReadonlySet<number> = new Set([
  AgentStates.ManualCall,
  AgentStates.PreviewCall,
  AgentStates.ACD,
  AgentStates.Talking,
  AgentStates.Hold,
  AgentStates.Wrapup,
  AgentStates.Dialling,
  AgentStates.Transfer,
]);

const MIN_INTERVAL_MS = 250;
/** A poll's own deadline: an answer later than this is stale anyway. */
const pollTimeoutMs = (intervalMs: number) => Math.min(15_000, Math.max(3000, 3 * intervalMs));
const MAX_BACKOFF_MS = 60_000;
/** A login as matched (subscribers and Jodo may spell it differently). */
export const keyOf = (login: string) => login.trim().toLowerCase();

export class StatusPoller {
  /** Polls made so far (each is one userStatus request). */
  polls = 0;
  /** Failed polls in a row: what the backoff grows with. */
  failures = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private soon: ReturnType<typeof setTimeout> | undefined;
  private inFlight: AbortController | undefined;
  /** A login joined while a poll was under way: poll again as soon as it ends. */
  private joinedDuringPoll = false;
  /** When a poll was last started at another tab's request: such polls are limited to one per MIN_INTERVAL_MS. */
  private lastAskedPoll = 0;

  constructor(
    private readonly options: PollerOptions,
    /** The hub's last answer per login (key): they set the pace. */
    private readonly snapshots: Map<string, StatusSnapshot>,
    private readonly host: PollerHost,
  ) {}

  /** The page's clock (tests pass their own). */
  now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** The interval while any watched agent is on a call: the shortest in force. */
  get busyIntervalMs(): number {
    return Math.max(MIN_INTERVAL_MS, this.options.intervalMs);
  }

  /** The interval in force: busy while any watched agent is on a call, idle otherwise. */
  get intervalMs(): number {
    const busy = this.busyIntervalMs;
    const idle = Math.max(busy, this.options.idleIntervalMs ?? busy * 2);
    const anyBusy = [...this.snapshots.values()].some((s) => s.agent?.state !== undefined && BUSY_STATES.has(s.agent.state));
    return anyBusy || this.snapshots.size === 0 ? busy : idle;
  }

  /** When the answer to a poll `delay` (by default an interval) from now is due at the latest (the poll's own timeout, and a second to share it). */
  expectBy(delay = this.intervalMs): number {
    return this.now() + delay + pollTimeoutMs(this.options.intervalMs) + 1000;
  }

  /** Stops the timers and drops any request under way. */
  halt(): void {
    this.joinedDuringPoll = false;
    clearTimeout(this.timer);
    clearTimeout(this.soon);
    this.timer = undefined;
    this.soon = undefined;
    this.inFlight?.abort();
    this.inFlight = undefined;
  }

  /** Polls as soon as it may: when the poll under way ends (never cancelling it), or else on the next task (one restart for every ask until then). */
  pollSoon(): void {
    if (this.inFlight) this.joinedDuringPoll = true;
    else
      this.soon ??= setTimeout(() => {
        this.soon = undefined;
        this.host.restart();
      }, 0);
  }

  /** Another tab asked for answers now: at most one such poll per MIN_INTERVAL_MS, however often it asks. */
  pollForAnotherTab(): void {
    if (!this.inFlight) {
      if (this.lastAskedPoll + MIN_INTERVAL_MS - this.now() > 0) return;
      this.lastAskedPoll = this.now();
    }
    this.pollSoon();
  }

  /** The next poll (solo, leader) or the next check on the leader (follower). */
  schedule(): void {
    const { host } = this;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!host.live()) return;
    if (host.following()) {
      this.timer = setTimeout(() => {
        host.checkLeader();
        this.schedule();
      }, this.intervalMs);
      return;
    }
    const offline = globalThis.navigator?.onLine === false;
    const delay = offline
      ? MAX_BACKOFF_MS // Paused: `online` polls again; followers are told to wait, not to take over.
      : this.failures > 0
        ? backoffDelay(this.failures, { baseMs: this.intervalMs, maxMs: Math.max(MAX_BACKOFF_MS, this.intervalMs), ...(this.options.random ? { random: this.options.random } : {}) })
        : this.intervalMs;
    host.due(delay);
    if (!offline) this.timer = setTimeout(() => void this.poll(), delay);
  }

  /** One poll for the host's logins now, then the next scheduled. */
  async poll(): Promise<void> {
    const { client, servicekey } = this.options;
    const { host } = this;
    if (!client || !host.mayPoll()) return;
    // Offline, the poll below says so at once (the stream would only go quiet).
    if (globalThis.navigator?.onLine !== false && host.streamed()) {
      // Pushed: the timer goes on (followers are told when to expect answers), without a request.
      if (!this.inFlight) this.schedule();
      return;
    }
    this.inFlight?.abort();
    clearTimeout(this.timer);
    this.timer = undefined;
    this.joinedDuringPoll = false;
    const controller = (this.inFlight = new AbortController());
    let logins: string[] = [];
    try {
      logins = host.loginsToPoll();
      if (globalThis.navigator?.onLine === false) return host.publishAll(this.failed(logins, { kind: 'offline' }));
      this.polls++;
      host.due(0);
      // One request per poll (per MAX_IDS logins): no retries inside it (the next poll is the retry), so an outage costs no more than a good day.
      const batches = Array.from({ length: Math.ceil(logins.length / MAX_IDS) }, (_, i) => logins.slice(i * MAX_IDS, (i + 1) * MAX_IDS));
      const answers = await Promise.all(
        batches.map((loginids) =>
          client.userStatus({ loginids, ...(servicekey ? { servicekey } : {}) }, { signal: controller.signal, retries: 0, timeoutMs: pollTimeoutMs(this.options.intervalMs) }),
        ),
      );
      if (controller.signal.aborted) return;
      this.failures = 0;
      const receivedAt = this.now();
      const answered = answers.flatMap(({ data }) => data.agents.map((agent): [string, StatusSnapshot] => [keyOf(agent.login), { agent, receivedAt, failing: false }]));
      // The interval that follows these answers is the yardstick they go stale by.
      for (const [key, snapshot] of answered) this.snapshots.set(key, snapshot);
      const intervalMs = this.intervalMs;
      host.publishAll(answered.map(([key, snapshot]) => [key, { ...snapshot, intervalMs }]));
    } catch (error) {
      if (controller.signal.aborted) return;
      this.failures++;
      host.publishAll(this.failed(logins, problemOf(error)));
    } finally {
      if (this.inFlight === controller) {
        this.inFlight = undefined;
        if (this.joinedDuringPoll) this.pollSoon();
        else this.schedule();
      }
    }
  }

  /** The last answers for these logins, marked failing with what went wrong. */
  private failed(logins: string[], problem: RequestProblem): [string, StatusSnapshot][] {
    return logins.map((login) => [keyOf(login), { ...this.snapshots.get(keyOf(login)), failing: true, problem }]);
  }
}
