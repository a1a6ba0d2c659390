/**
 * The tabs of one scope share one poller: they elect a leader with a Web Lock
 * (tab-leadership.ts), and over a BroadcastChannel each tab tells the leader
 * the logins it wants, while the leader passes on its answers, when its next
 * poll is due and its measure of Jodo's clock. A follower that hears nothing by
 * the time the leader promised takes the lead.
 */
import type { StatusSnapshot } from './freshness.js';
import { MAX_WATCHED, keyOf, type StatusPoller } from './status-poller.js';
import { TabLeadership } from './tab-leadership.js';

/** Jodo's clock minus this computer's, in ms, and the answers it rests on. */
export interface SkewEstimate {
  skewMs: number;
  samples: number;
}

export type HubRole = 'solo' | 'leader' | 'follower';

/** What the tab link reads from the hub's options (configure changes them in place). */
export interface TabShareOptions {
  /** Hubs of one scope share one poller across tabs; no sharing without it. */
  scope?: string;
  /**
   * Jodo's clock as this tab measures it (request-log.ts): the leader sends its estimate with every
   * answer, and a follower, which makes no polls of its own to measure by, adopts it (the tabs share one computer's clock).
   */
  skew?: { read(): SkewEstimate | undefined; adopt(estimate: SkewEstimate): void };
}

/** What the tab link asks of its hub. */
export interface TabShareHost {
  /** Every login this tab's elements watch, as spelt. */
  ownLogins(): string[];
  /** What this tab polls as leader. */
  loginsToPoll(): string[];
  /** This tab took the lead (true) or follows (false). */
  led(leading: boolean): void;
  /** Polls (or follows) again from the start: after this page turned out unable to take part. */
  restart(): void;
  /** An answer the leader passed on. */
  publish(key: string, snapshot: StatusSnapshot): void;
}

/** A skew another tab reports past this (a year) is not a clock's: the message is refused. */
const MAX_SHARED_SKEW_MS = 366 * 24 * 3600 * 1000;

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

export class TabShare {
  private readonly tab = Math.random().toString(36).slice(2);
  /** Logins other tabs want (as leader), with when they last said so. */
  private readonly wanted = new Map<string, { logins: string[]; seenAt: number }>();
  private channel: BroadcastChannel | undefined;
  private leadership: TabLeadership | undefined;
  /** Follower: by when (page clock) the leader said its next answer comes; silence past it means the leader is gone. */
  private leaderExpectBy = 0;
  private waiters: (() => void)[] = [];
  private wantsAnnounced = false;
  /** Set when this page turned out unable to take part in the election. */
  private solo = false;

  constructor(
    private readonly options: TabShareOptions,
    /** The poller this tab's polls (as solo or leader) go through: its clock, interval and deadlines. */
    private readonly poller: StatusPoller,
    private readonly host: TabShareHost,
  ) {}

  /** `solo`: polls for this page alone; `leader`: polls for every tab of its scope; `follower`: another tab polls for it. */
  get role(): HubRole {
    if (!this.leadership) return 'solo';
    return this.leadership.leading ? 'leader' : 'follower';
  }

  /** Another tab polls for this one (or will, once the lock is granted). */
  get following(): boolean {
    return this.role === 'follower';
  }

  /** Joins the tabs of the scope (once; not without a scope, Web Locks and BroadcastChannel). */
  connect(): void {
    if (this.leadership || this.solo || !this.options.scope || !TabLeadership.supported || typeof BroadcastChannel !== 'function') return;
    const name = `jodo-status:${this.options.scope}`;
    this.channel = new BroadcastChannel(name);
    this.channel.onmessage = (event: MessageEvent) => this.onMessage(readMessage(event.data));
    this.leaderExpectBy = this.poller.expectBy();
    this.leadership = new TabLeadership(
      name,
      (leading) => {
        // A new leader's first answer is due within an interval.
        if (!leading) this.leaderExpectBy = this.poller.expectBy();
        this.host.led(leading);
      },
      () => {
        // No locks for this page after all (a sandboxed frame, storage blocked): it polls for itself.
        this.solo = true;
        this.disconnect();
        this.host.restart();
      },
    );
    this.leadership.join();
    this.announce();
  }

  /** Leaves the other tabs (and the lead, if held). */
  disconnect(): void {
    this.post({ type: 'gone', tab: this.tab });
    // Closed first: giving up the lead below tells the host, and nothing it says then may follow the 'gone'.
    this.channel?.close();
    this.channel = undefined;
    const leadership = this.leadership;
    this.leadership = undefined;
    leadership?.leave();
    this.wanted.clear();
  }

  /** Tells the other tabs what this one wants. */
  announce(): void {
    this.post({ type: 'want', tab: this.tab, logins: this.host.ownLogins() });
  }

  /**
   * Tells the other tabs what this one still wants, once per task: a team board letting go of
   * 1,000 agents sends one message, not 1,000 growing lists.
   */
  announceSoon(): void {
    if (this.wantsAnnounced) return;
    this.wantsAnnounced = true;
    queueMicrotask(() => {
      this.wantsAnnounced = false;
      this.announce();
    });
  }

  /** Asks the leader for fresh answers now. */
  refresh(): void {
    this.post({ type: 'refresh', tab: this.tab });
  }

  /** Follower: asks the leader for answers now; resolves when they are in, or after two intervals. */
  answers(): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timeout);
        this.waiters = this.waiters.filter((waiter) => waiter !== done);
        resolve();
      };
      const timeout = setTimeout(done, 2 * this.poller.intervalMs);
      this.waiters.push(done);
      this.refresh();
    });
  }

  /**
   * Replaces a leader that missed the answer it announced (hung, throttled in the background). A hidden
   * tab gives a late leader one more interval: it is throttled itself, and may be the slow one.
   */
  takeOverIfLate(): void {
    const visible = globalThis.document?.visibilityState !== 'hidden';
    if (this.poller.now() > this.leaderExpectBy + (visible ? 0 : this.poller.intervalMs)) this.leadership?.join(true);
  }

  /** Leader: tells the followers its next poll starts `delay` ms from now. */
  due(delay: number): void {
    if (this.role === 'leader') this.post({ type: 'schedule', tab: this.tab, expectBy: this.poller.expectBy(delay) });
  }

  /** Leader: passes answers on to the other tabs, with its measure of Jodo's clock. */
  share(snapshots: [string, StatusSnapshot][]): void {
    if (this.role !== 'leader') return;
    const skew = this.options.skew?.read();
    this.post({ type: 'status', tab: this.tab, snapshots, expectBy: this.poller.expectBy(), ...(skew ? { skew } : {}) });
  }

  /** The logins other tabs still ask for; those that went quiet before `cutoff` (page clock) are forgotten. */
  wants(cutoff: number): string[] {
    const logins: string[] = [];
    for (const [tab, want] of this.wanted) {
      if (want.seenAt < cutoff) this.wanted.delete(tab);
      else logins.push(...want.logins);
    }
    return logins;
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
          const known = new Set(this.host.loginsToPoll().map(keyOf));
          this.wanted.set(message.tab, { logins: message.logins, seenAt: this.poller.now() });
          if (message.logins.some((login) => !known.has(keyOf(login)))) this.poller.pollForAnotherTab();
        }
        return;
      case 'gone':
        this.wanted.delete(message.tab);
        return;
      case 'refresh':
        if (leading) this.poller.pollForAnotherTab();
        return;
      case 'schedule':
        if (!leading) this.leaderExpectBy = message.expectBy;
        return;
      case 'status':
        if (leading) return;
        this.leaderExpectBy = message.expectBy;
        if (message.skew) this.options.skew?.adopt(message.skew);
        for (const [key, snapshot] of message.snapshots) this.host.publish(keyOf(key), snapshot);
        for (const done of [...this.waiters]) done();
        return;
    }
  }
}
