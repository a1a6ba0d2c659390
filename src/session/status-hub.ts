/**
 * The one poller of agent states. Elements subscribe with a login; every
 * interval the hub asks userStatus once for all subscribed logins (the
 * document's batched `loginids`; one request per 1,000 logins) and tells each
 * subscriber what its agent is doing and how fresh that is.
 *
 * Across tabs: hubs of the same scope (endpoint, process and agent) elect one
 * leader with a Web Lock; only the leader polls, for the logins every tab
 * wants, and shares the answers over a BroadcastChannel. N tabs cost one
 * request per interval. Without Web Locks or BroadcastChannel each hub polls
 * on its own. Nothing runs while nobody listens.
 */
import type { JodoApi } from '../api/client.js';
import { AgentStates } from '../api/codes.js';
import { MAX_IDS } from '../api/limits.js';
import type { AgentStatus } from '../api/response.js';
import { failureMessage, offlineMessage } from '../messages/failure.js';
import { backoffDelay } from './backoff.js';
import { TabLeadership } from './tab-leadership.js';

export interface StatusSnapshot {
  /** The agent as Jodo last answered; absent before the first answer. */
  agent?: AgentStatus;
  /** When (page clock, ms) the last good answer arrived. */
  receivedAt?: number;
  /** The poll interval in force when it arrived: the yardstick of staleness. */
  intervalMs?: number;
  /** True while the last poll failed: the data shown is old. */
  failing: boolean;
  /** What went wrong with the last poll, in words for a tooltip or a log. */
  error?: string;
}

export type StatusListener = (snapshot: StatusSnapshot) => void;

/** Data older than this many intervals is stale: shown as such, never as current. */
export const STALE_AFTER_INTERVALS = 3;

/** Seconds the agent has been in its state: Jodo's duration plus the time since that answer arrived. */
export function secondsInState(snapshot: StatusSnapshot | undefined, now = Date.now()): number {
  const duration = snapshot?.agent?.durationSeconds ?? 0;
  const since = snapshot?.receivedAt === undefined ? 0 : Math.floor((now - snapshot.receivedAt) / 1000);
  return duration + Math.max(0, since);
}

/** Milliseconds since the last good answer; undefined before the first. */
export function snapshotAge(snapshot: StatusSnapshot | undefined, now = Date.now()): number | undefined {
  return snapshot?.receivedAt === undefined ? undefined : Math.max(0, now - snapshot.receivedAt);
}

/** The last poll failed, or the last answer is older than three intervals. */
export function isStale(snapshot: StatusSnapshot | undefined, now = Date.now()): boolean {
  if (!snapshot) return false;
  if (snapshot.failing) return true;
  const age = snapshotAge(snapshot, now);
  return age !== undefined && snapshot.intervalMs !== undefined && age > STALE_AFTER_INTERVALS * snapshot.intervalMs;
}

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

export interface StatusHubOptions {
  client?: JodoApi;
  servicekey?: string;
  /** The interval while any watched agent is busy (Dialling, Talking, Hold, Wrapup…). */
  intervalMs: number;
  /** The interval while every watched agent is Ready or idle; twice `intervalMs` by default. */
  idleIntervalMs?: number;
  /** Hubs of one scope share one poller across tabs; no sharing without it. */
  scope?: string;
  /** The page's clock; tests pass their own. */
  now?: () => number;
  random?: () => number;
  /**
   * Jodo's clock as this tab measures it (request-log.ts): the leader sends its estimate with every
   * answer, and a follower, which makes no polls of its own to measure by, adopts it (the tabs share one computer's clock).
   */
  skew?: { read(): SkewEstimate | undefined; adopt(estimate: SkewEstimate): void };
}

/**
 * The most logins one hub polls (and a tab may ask another for): five full team boards. Past
 * MAX_IDS they go in several userStatus requests of at most MAX_IDS logins each.
 */
export const MAX_WATCHED = 5 * MAX_IDS;

/** A skew another tab reports past this (a year) is not a clock's: the message is refused. */
const MAX_SHARED_SKEW_MS = 366 * 24 * 3600 * 1000;

/** Jodo's clock minus this computer's, in ms, and the answers it rests on. */
export interface SkewEstimate {
  skewMs: number;
  samples: number;
}

/** What the tabs of one scope tell each other. */
type Message =
  | { type: 'want'; tab: string; logins: string[] }
  | { type: 'gone'; tab: string }
  | { type: 'refresh'; tab: string }
  | { type: 'status'; tab: string; snapshots: [string, StatusSnapshot][]; expectBy: number; skew?: SkewEstimate }
  /** The leader's next poll is due, and its answer expected by `expectBy` (page clock): followers wait that long before taking over. */
  | { type: 'schedule'; tab: string; expectBy: number };

function isSkewEstimate(value: unknown): value is SkewEstimate {
  if (typeof value !== 'object' || value === null) return false;
  const { skewMs, samples } = value as Record<string, unknown>;
  return Number.isFinite(skewMs) && Math.abs(skewMs as number) <= MAX_SHARED_SKEW_MS && Number.isInteger(samples) && (samples as number) > 0;
}

/** Another tab's message, checked: tabs of other versions (or a hostile script) may post anything on the channel. */
function readMessage(data: unknown): Message | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const message = data as Record<string, unknown>;
  if (typeof message['tab'] !== 'string') return undefined;
  const isLogin = (login: unknown): login is string => typeof login === 'string' && login.trim() !== '' && login.length <= 256;
  switch (message['type']) {
    case 'want':
      return Array.isArray(message['logins']) && message['logins'].length <= MAX_WATCHED && message['logins'].every(isLogin) ? (message as Message) : undefined;
    case 'gone':
    case 'refresh':
      return message as Message;
    case 'schedule':
      return Number.isFinite(message['expectBy']) ? (message as Message) : undefined;
    case 'status':
      return Number.isFinite(message['expectBy']) &&
        (message['skew'] === undefined || isSkewEstimate(message['skew'])) &&
        Array.isArray(message['snapshots']) &&
        message['snapshots'].length <= MAX_WATCHED &&
        message['snapshots'].every((pair) => Array.isArray(pair) && isLogin(pair[0]) && typeof pair[1] === 'object' && pair[1] !== null && typeof pair[1].failing === 'boolean')
        ? (message as Message)
        : undefined;
    default:
      return undefined;
  }
}

export type HubRole = 'solo' | 'leader' | 'follower';

const MIN_INTERVAL_MS = 250;
/** A poll's own deadline: an answer later than this is stale anyway. */
const pollTimeoutMs = (intervalMs: number) => Math.min(15_000, Math.max(3000, 3 * intervalMs));
const MAX_BACKOFF_MS = 60_000;
const keyOf = (login: string) => login.trim().toLowerCase();

export class StatusHub {
  private readonly listeners = new Map<string, Set<StatusListener>>();
  /** Each login as first spelt by a subscriber: what is sent to Jodo (keys are lower-cased for matching only). */
  private readonly spellings = new Map<string, string>();
  private readonly snapshots = new Map<string, StatusSnapshot>();
  /** Logins other tabs want (as leader), with when they last said so. */
  private readonly wanted = new Map<string, { logins: string[]; seenAt: number }>();
  private readonly tab = Math.random().toString(36).slice(2);
  private options: StatusHubOptions;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private soon: ReturnType<typeof setTimeout> | undefined;
  private inFlight: AbortController | undefined;
  /** A login joined while a poll was under way: poll again as soon as it ends. */
  private joinedDuringPoll = false;
  private pollCount = 0;
  private failures = 0;
  private channel: BroadcastChannel | undefined;
  private leadership: TabLeadership | undefined;
  /** Follower: by when (page clock) the leader said its next answer comes; silence past it means the leader is gone. */
  private leaderExpectBy = 0;
  /** When a poll was last started at another tab's request: such polls are limited to one per MIN_INTERVAL_MS. */
  private lastAskedPoll = 0;
  private waiters: (() => void)[] = [];
  private watching = false;

  constructor(options: StatusHubOptions) {
    this.options = { ...options };
  }

  /** Polls made by this hub so far (each is one userStatus request). */
  get polls(): number {
    return this.pollCount;
  }

  /** True while at least one element listens. */
  get active(): boolean {
    return this.listeners.size > 0;
  }

  /** `solo`: polls for this page alone; `leader`: polls for every tab of its scope; `follower`: another tab polls for it. */
  get role(): HubRole {
    if (!this.leadership) return 'solo';
    return this.leadership.leading ? 'leader' : 'follower';
  }

  /** Another tab polls for this one (or will, once the lock is granted). */
  private get following(): boolean {
    return this.leadership !== undefined && !this.leadership.leading;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** The interval in force: busy while any watched agent is on a call, idle otherwise. */
  get currentIntervalMs(): number {
    const busy = Math.max(MIN_INTERVAL_MS, this.options.intervalMs);
    const idle = Math.max(busy, this.options.idleIntervalMs ?? busy * 2);
    const anyBusy = [...this.snapshots.values()].some((s) => s.agent?.state !== undefined && BUSY_STATES.has(s.agent.state));
    return anyBusy || this.snapshots.size === 0 ? busy : idle;
  }

  /** New client, servicekey, interval or scope: polls again now with them. */
  configure(options: Partial<StatusHubOptions>): void {
    const scopeChanged = 'scope' in options && options.scope !== this.options.scope;
    this.options = { ...this.options, ...options };
    if (scopeChanged) this.disconnectTabs();
    this.restart();
  }

  /** Listens to one agent; returns the unsubscribe function. What is known already is in `snapshot(login)`. */
  subscribe(login: string, listener: StatusListener): () => void {
    const key = keyOf(login);
    let set = this.listeners.get(key);
    const isNewLogin = !set;
    if (!set) {
      this.listeners.set(key, (set = new Set()));
      this.spellings.set(key, login.trim());
    }
    set.add(listener);
    this.watch();
    // A login nobody asked for yet gets its answer now, not an interval later. Elements that
    // connect together (a toolbar's first render) share one request, and a login joining while
    // a poll is under way waits for it to end instead of cancelling it.
    if (isNewLogin) {
      if (this.inFlight) this.joinedDuringPoll = true;
      else this.pollSoon();
    }
    return () => {
      set.delete(listener);
      if (set.size === 0) {
        this.listeners.delete(key);
        this.spellings.delete(key);
        this.snapshots.delete(key);
        this.announceWantsSoon();
      }
      if (!this.active) this.stop();
    };
  }

  private wantsAnnounced = false;

  /**
   * Tells the other tabs what this one still wants, once per task: a team board letting go of
   * 1,000 agents sends one message, not 1,000 growing lists.
   */
  private announceWantsSoon(): void {
    if (this.wantsAnnounced) return;
    this.wantsAnnounced = true;
    queueMicrotask(() => {
      this.wantsAnnounced = false;
      this.post({ type: 'want', tab: this.tab, logins: this.ownLogins() });
    });
  }

  /** The last snapshot of a login, if any. */
  snapshot(login: string): StatusSnapshot | undefined {
    return this.snapshots.get(keyOf(login));
  }

  /** Fresh answers now: polls (or, in a follower tab, asks the leader to) and resolves when they are in. */
  refresh(): Promise<void> {
    if (!this.following) return this.poll();
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timeout);
        this.waiters = this.waiters.filter((waiter) => waiter !== done);
        resolve();
      };
      const timeout = setTimeout(done, 2 * this.currentIntervalMs);
      this.waiters.push(done);
      this.post({ type: 'refresh', tab: this.tab });
    });
  }

  /** Stops polling, drops any request under way and leaves the other tabs. */
  stop(): void {
    this.halt();
    this.disconnectTabs();
    this.unwatch();
  }

  private halt(): void {
    this.joinedDuringPoll = false;
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (this.soon !== undefined) clearTimeout(this.soon);
    this.timer = undefined;
    this.soon = undefined;
    this.inFlight?.abort();
    this.inFlight = undefined;
  }

  private restart(): void {
    this.halt();
    if (!this.active || !this.options.client) return;
    this.connectTabs();
    if (this.following) {
      this.post({ type: 'want', tab: this.tab, logins: this.ownLogins() });
      this.post({ type: 'refresh', tab: this.tab });
      this.schedule();
    } else void this.poll();
  }

  private pollSoon(): void {
    if (this.soon !== undefined) return;
    this.soon = setTimeout(() => {
      this.soon = undefined;
      this.restart();
    }, 0);
  }

  /** The next poll (solo, leader) or the next check on the leader (follower). */
  private schedule(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.active || !this.watching) return;
    if (this.following) {
      this.timer = setTimeout(() => this.checkLeader(), this.currentIntervalMs);
      return;
    }
    const offline = globalThis.navigator?.onLine === false;
    const delay = offline
      ? MAX_BACKOFF_MS // Paused: `online` polls again; followers are told to wait, not to take over.
      : this.failures > 0
        ? backoffDelay(this.failures, { baseMs: this.currentIntervalMs, maxMs: Math.max(MAX_BACKOFF_MS, this.currentIntervalMs), ...(this.options.random ? { random: this.options.random } : {}) })
        : this.currentIntervalMs;
    if (this.role === 'leader') this.post({ type: 'schedule', tab: this.tab, expectBy: this.expectBy(delay) });
    if (!offline) this.timer = setTimeout(() => void this.poll(), delay);
  }

  /** Every login this tab's elements watch, as spelt (the first MAX_WATCHED). */
  private ownLogins(): string[] {
    return [...this.listeners.keys()].slice(0, MAX_WATCHED).map((key) => this.spellings.get(key) ?? key);
  }

  /** When the answer to a poll `delay` from now is due at the latest (the poll's own timeout, and a second to share it). */
  private expectBy(delay: number): number {
    return this.now() + delay + pollTimeoutMs(this.options.intervalMs) + 1000;
  }

  /** What the leader polls: this tab's logins and those other tabs still ask for (at most MAX_WATCHED). */
  private loginsToPoll(): string[] {
    const all = new Map<string, string>();
    for (const login of this.ownLogins()) all.set(keyOf(login), login);
    const cutoff = this.now() - 3 * Math.max(this.currentIntervalMs, this.options.idleIntervalMs ?? 0) - 1000;
    for (const [tab, want] of this.wanted) {
      if (want.seenAt < cutoff) this.wanted.delete(tab);
      else for (const login of want.logins) if (all.size < MAX_WATCHED && !all.has(keyOf(login))) all.set(keyOf(login), login);
    }
    // Agents nobody watches any more no longer set the pace (nor take memory).
    for (const key of this.snapshots.keys()) if (!all.has(key)) this.snapshots.delete(key);
    return [...all.values()];
  }

  private async poll(): Promise<void> {
    const { client, servicekey } = this.options;
    if (!client || !this.active || this.following) return;
    this.connectTabs();
    if (this.following) return this.restart();
    this.inFlight?.abort();
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.joinedDuringPoll = false;
    const controller = (this.inFlight = new AbortController());
    let logins: string[] = [];
    try {
      logins = this.loginsToPoll();
      if (globalThis.navigator?.onLine === false) {
        this.publishAll(logins.map((login) => [keyOf(login), { ...this.snapshots.get(keyOf(login)), failing: true, error: offlineMessage() }]));
        return;
      }
      this.pollCount++;
      if (this.role === 'leader') this.post({ type: 'schedule', tab: this.tab, expectBy: this.expectBy(0) });
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
      const intervalMs = this.currentIntervalMs;
      this.publishAll(answered.map(([key, snapshot]) => [key, { ...snapshot, intervalMs }]));
    } catch (error) {
      if (controller.signal.aborted) return;
      this.failures++;
      const message = failureMessage(error);
      this.publishAll(logins.map((login) => [keyOf(login), { ...this.snapshots.get(keyOf(login)), failing: true, error: message }]));
    } finally {
      if (this.inFlight === controller) {
        this.inFlight = undefined;
        if (this.joinedDuringPoll) this.pollSoon();
        else this.schedule();
      }
    }
  }

  /** Hands answers to this tab's elements and, as leader, to the other tabs. */
  private publishAll(snapshots: [string, StatusSnapshot][]): void {
    if (this.role === 'leader') {
      const skew = this.options.skew?.read();
      this.post({ type: 'status', tab: this.tab, snapshots, expectBy: this.expectBy(this.currentIntervalMs), ...(skew ? { skew } : {}) });
    }
    for (const [key, snapshot] of snapshots) this.publish(key, snapshot);
  }

  private publish(key: string, snapshot: StatusSnapshot): void {
    const listeners = this.listeners.get(key);
    if (!listeners) return;
    this.snapshots.set(key, snapshot);
    for (const listener of [...listeners]) listener(snapshot);
  }

  // --- Tabs -----------------------------------------------------------------

  private connectTabs(): void {
    if (this.leadership || this.solo || !this.options.scope || !TabLeadership.supported || typeof BroadcastChannel !== 'function') return;
    const name = `jodo-status:${this.options.scope}`;
    this.channel = new BroadcastChannel(name);
    this.channel.onmessage = (event: MessageEvent) => this.onMessage(readMessage(event.data));
    this.leaderExpectBy = this.expectBy(this.currentIntervalMs);
    this.leadership = new TabLeadership(
      name,
      (leading) => {
        if (leading) {
          // Took over: poll at once for every tab, so nobody waits a whole interval.
          this.halt();
          void this.poll();
        } else if (this.active) {
          this.halt();
          this.leaderExpectBy = this.expectBy(this.currentIntervalMs);
          this.post({ type: 'want', tab: this.tab, logins: this.ownLogins() });
          this.schedule();
        }
      },
      () => {
        // No locks for this page after all (a sandboxed frame, storage blocked): it polls for itself.
        this.solo = true;
        this.disconnectTabs();
        this.restart();
      },
    );
    this.leadership.join();
    this.post({ type: 'want', tab: this.tab, logins: this.ownLogins() });
  }

  /** Set when this page turned out unable to take part in the election. */
  private solo = false;

  private disconnectTabs(): void {
    this.post({ type: 'gone', tab: this.tab });
    const leadership = this.leadership;
    this.leadership = undefined;
    leadership?.leave();
    this.channel?.close();
    this.channel = undefined;
    this.wanted.clear();
  }

  private post(message: Message): void {
    this.channel?.postMessage(message);
  }

  private onMessage(message: Message | undefined): void {
    if (!message || message.tab === this.tab) return;
    const leading = this.role === 'leader';
    switch (message.type) {
      case 'want':
        if (!leading) return;
        {
          const known = new Set(this.loginsToPoll().map(keyOf));
          this.wanted.set(message.tab, { logins: message.logins, seenAt: this.now() });
          if (message.logins.some((login) => !known.has(keyOf(login)))) this.pollForAnotherTab();
        }
        return;
      case 'gone':
        this.wanted.delete(message.tab);
        return;
      case 'refresh':
        if (leading) this.pollForAnotherTab();
        return;
      case 'schedule':
        if (!leading) this.leaderExpectBy = message.expectBy;
        return;
      case 'status':
        if (leading) return;
        this.leaderExpectBy = message.expectBy;
        if (message.skew) this.options.skew?.adopt(message.skew);
        for (const [key, snapshot] of message.snapshots) this.publish(keyOf(key), snapshot);
        for (const done of [...this.waiters]) done();
        return;
    }
  }

  /** Another tab asked for answers now: at most one such poll per MIN_INTERVAL_MS, however often it asks. */
  private pollForAnotherTab(): void {
    if (this.inFlight) {
      this.joinedDuringPoll = true;
      return;
    }
    const wait = this.lastAskedPoll + MIN_INTERVAL_MS - this.now();
    if (wait > 0) return;
    this.lastAskedPoll = this.now();
    this.pollSoon();
  }

  /** Follower: re-announces what it wants, and replaces a leader that missed the answer it announced (hung, throttled in the background). */
  private checkLeader(): void {
    this.post({ type: 'want', tab: this.tab, logins: this.ownLogins() });
    if (this.leaderIsLate()) this.leadership?.join(true);
    this.schedule();
  }

  /** A hidden tab gives a late leader one more interval: it is throttled itself, and may be the slow one. */
  private leaderIsLate(): boolean {
    const visible = globalThis.document?.visibilityState !== 'hidden';
    return this.now() > this.leaderExpectBy + (visible ? 0 : this.currentIntervalMs);
  }

  // --- Page lifecycle -----------------------------------------------------------

  /** The page events the hub follows while anyone listens. */
  private get pageEvents(): [EventTarget | undefined, string, (event?: Event) => void][] {
    const doc = globalThis.document;
    return [
      [globalThis, 'online', this.onOnline],
      [globalThis, 'offline', this.onOffline],
      [globalThis, 'pagehide', this.onHide],
      [globalThis, 'pageshow', this.onShow],
      [doc, 'visibilitychange', this.onVisibility],
      [doc, 'freeze', this.onHide],
      [doc, 'resume', this.onShow],
    ];
  }

  private watch(): void {
    if (this.watching) return;
    this.watching = true;
    for (const [target, type, handler] of this.pageEvents) target?.addEventListener?.(type, handler);
  }

  private unwatch(): void {
    if (!this.watching) return;
    this.watching = false;
    for (const [target, type, handler] of this.pageEvents) target?.removeEventListener?.(type, handler);
  }

  private readonly onOnline = () => {
    this.failures = 0;
    this.restart();
  };

  private readonly onOffline = () => {
    if (!this.following) void this.poll();
  };

  /** Into the back/forward cache or frozen: hand the lead to another tab (a frozen leader would starve them). */
  private readonly onHide = () => {
    this.halt();
    this.disconnectTabs();
  };

  /** Back from the back/forward cache (or unfrozen): take part again. A first load's pageshow changes nothing. */
  private readonly onShow = (event?: Event) => {
    if (event instanceof PageTransitionEvent && !event.persisted) return;
    if (this.active) this.restart();
  };

  /** Background timers are throttled: a tab coming into view asks for fresh answers at once. */
  private readonly onVisibility = () => {
    if (globalThis.document?.visibilityState !== 'visible' || !this.active) return;
    if (this.following) {
      this.post({ type: 'refresh', tab: this.tab });
      if (this.leaderIsLate()) this.leadership?.join(true);
    } else void this.poll();
  };
}
