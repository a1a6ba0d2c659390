/**
 * The one poller of agent states under a provider. Elements subscribe with a
 * login; every interval the hub asks userStatus once for all subscribed
 * logins (the document's batched `loginids`), and tells each subscriber
 * what its agent is doing and how fresh that is. Nothing runs while nobody
 * listens.
 */
import type { JodoApi } from '../api/client.js';
import type { AgentStatus } from '../api/response.js';
import { failureMessage } from '../messages/failure.js';

export interface StatusSnapshot {
  /** The agent as Jodo last answered; absent before the first answer. */
  agent?: AgentStatus;
  /** When (this page's clock, ms) the last good answer arrived. */
  receivedAt?: number;
  /** True while the last poll failed: the data shown is old. */
  failing: boolean;
  /** What went wrong with the last poll, in words for a tooltip or a log. */
  error?: string;
}

export type StatusListener = (snapshot: StatusSnapshot) => void;

/** Seconds the agent has been in its state: Jodo's duration plus the time since that answer arrived. */
export function secondsInState(snapshot: StatusSnapshot | undefined, now = Date.now()): number {
  const duration = snapshot?.agent?.durationSeconds ?? 0;
  const since = snapshot?.receivedAt === undefined ? 0 : Math.floor((now - snapshot.receivedAt) / 1000);
  return duration + Math.max(0, since);
}

export interface StatusHubOptions {
  client?: JodoApi;
  servicekey?: string;
  intervalMs: number;
  /** The page's clock; tests pass their own. */
  now?: () => number;
}

const MIN_INTERVAL_MS = 250;

export class StatusHub {
  private readonly listeners = new Map<string, Set<StatusListener>>();
  /** Each login as first spelt by a subscriber: what is sent to Jodo (keys are lower-cased for matching only). */
  private readonly spellings = new Map<string, string>();
  /** A login joined while a poll was under way: poll again as soon as it ends. */
  private joinedDuringPoll = false;
  private readonly snapshots = new Map<string, StatusSnapshot>();
  private options: StatusHubOptions;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private soon: ReturnType<typeof setTimeout> | undefined;
  private inFlight: AbortController | undefined;
  private pollCount = 0;

  constructor(options: StatusHubOptions) {
    this.options = { ...options };
  }

  /** Polls made so far (each is one userStatus request). */
  get polls(): number {
    return this.pollCount;
  }

  /** True while at least one element listens. */
  get active(): boolean {
    return this.listeners.size > 0;
  }

  /** New client, servicekey or interval: polls again now with them. */
  configure(options: Partial<StatusHubOptions>): void {
    this.options = { ...this.options, ...options };
    this.restart();
  }

  /** Listens to one agent; returns the unsubscribe function. What is known already is in `snapshot(login)`. */
  subscribe(login: string, listener: StatusListener): () => void {
    const key = login.trim().toLowerCase();
    let set = this.listeners.get(key);
    const isNewLogin = !set;
    if (!set) {
      this.listeners.set(key, (set = new Set()));
      this.spellings.set(key, login.trim());
    }
    set.add(listener);
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
      }
      if (!this.active) this.stop();
    };
  }

  /** The last snapshot of a login, if any. */
  snapshot(login: string): StatusSnapshot | undefined {
    return this.snapshots.get(login.trim().toLowerCase());
  }

  /** Polls now (and then every interval). */
  refresh(): Promise<void> {
    return this.poll();
  }

  /** Stops polling and drops any request under way. */
  stop(): void {
    this.joinedDuringPoll = false;
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (this.soon !== undefined) clearTimeout(this.soon);
    this.timer = undefined;
    this.soon = undefined;
    this.inFlight?.abort();
    this.inFlight = undefined;
  }

  private restart(): void {
    this.stop();
    if (this.active && this.options.client) void this.poll();
  }

  private pollSoon(): void {
    if (this.soon !== undefined) return;
    this.soon = setTimeout(() => {
      this.soon = undefined;
      this.restart();
    }, 0);
  }

  private schedule(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = this.active ? setTimeout(() => void this.poll(), Math.max(MIN_INTERVAL_MS, this.options.intervalMs)) : undefined;
  }

  private async poll(): Promise<void> {
    const { client, servicekey } = this.options;
    if (!client || !this.active) return;
    this.inFlight?.abort();
    const controller = (this.inFlight = new AbortController());
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const logins = [...this.listeners.keys()];
    this.joinedDuringPoll = false;
    this.pollCount++;
    try {
      // One request per poll: no retries inside it (the next poll is the retry), so an outage costs no more than a good day.
      const { data } = await client.userStatus(
        { loginids: logins.map((key) => this.spellings.get(key) ?? key), ...(servicekey ? { servicekey } : {}) },
        { signal: controller.signal, retries: 0 },
      );
      if (controller.signal.aborted) return;
      const now = (this.options.now ?? Date.now)();
      for (const agent of data.agents) {
        this.publish(agent.login, { agent, receivedAt: now, failing: false });
      }
    } catch (error) {
      if (controller.signal.aborted) return;
      const message = failureMessage(error);
      for (const login of logins) {
        const previous = this.snapshots.get(login);
        this.publish(login, { ...previous, failing: true, error: message });
      }
    } finally {
      if (this.inFlight === controller) {
        this.inFlight = undefined;
        if (this.joinedDuringPoll) this.pollSoon();
        else this.schedule();
      }
    }
  }

  private publish(login: string, snapshot: StatusSnapshot): void {
    const key = login.trim().toLowerCase();
    const listeners = this.listeners.get(key);
    if (!listeners) return;
    this.snapshots.set(key, snapshot);
    for (const listener of [...listeners]) listener(snapshot);
  }
}
