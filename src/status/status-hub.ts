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
 *
 * This module wires three parts: the polls (status-poller.ts), the tabs
 * (tab-share.ts) and the page's events (page-events.ts); what a snapshot's
 * age means is in freshness.ts.
 */
import type { StatusSnapshot } from './freshness.js';
import { watchPage, type PageEventHandlers } from './page-events.js';
import { MAX_WATCHED, StatusPoller, keyOf, type PollerHost, type PollerOptions } from './status-poller.js';
import { isAgentState } from '../api/codes.js';
import { MAX_IDS } from '../api/limits.js';
import type { StatusStream } from './status-stream.js';
import { loadStatusStream } from './status-stream-loader.js';
import { TabShare, type HubRole, type TabShareHost, type TabShareOptions } from './tab-share.js';

export { STALE_AFTER_INTERVALS, isStale, lastGoodAnswerAt, secondsInState, snapshotAge, type StatusSnapshot } from './freshness.js';
export { MAX_WATCHED } from './status-poller.js';
export type { HubRole, SkewEstimate } from './tab-share.js';

export type StatusListener = (snapshot: StatusSnapshot) => void;

/** After the event stream failed: polls for this long before trying it again, then twice as long each time, up to the maximum. */
const STREAM_RETRY_MS = 30_000;
const STREAM_RETRY_MAX_MS = 10 * 60_000;
/** The longest list of logins a stream's address carries (a server's request line and headers are limited). */
const MAX_STREAM_QUERY = 6000;

export interface StatusHubOptions extends PollerOptions, TabShareOptions {
  /**
   * The gateway's event stream (`<endpoint>/events`): the tab that polls holds it instead of polling while it
   * carries the states, and polls as before where there is none.
   */
  eventsUrl?: string;
}

export class StatusHub {
  private readonly listeners = new Map<string, Set<StatusListener>>();
  /** Each login as first spelt by a subscriber: what is sent to Jodo (keys are lower-cased for matching only). */
  private readonly spellings = new Map<string, string>();
  private readonly snapshots = new Map<string, StatusSnapshot>();
  /** Changed in place by `configure`: the poller and the tabs read them as they are. */
  private readonly options: StatusHubOptions;
  private readonly poller: StatusPoller;
  private readonly tabs: TabShare;
  /** The event stream's reader, loaded the first time the hub is given a stream to read (status-stream-loader.ts). */
  private stream: StatusStream | undefined;
  private streamLoad: Promise<void> | undefined;
  /**
   * Until when (page clock) the hub polls instead: set when the stream could not be had or was ended (the
   * gateway down, refused, signed out), tried again after 30 s, then twice as long each time up to 10 minutes.
   */
  private streamOffUntil = 0;
  private streamFailures = 0;
  /** Set while the hub follows the page's events (while anyone listens): stops following them. */
  private unwatch: (() => void) | undefined;

  /** The hub's side of its parts: what the poller and the tab link ask of it, and what the page's events do. */
  private readonly link: PollerHost & TabShareHost & PageEventHandlers = {
    live: () => this.active && !!this.unwatch,
    following: () => this.tabs.following,
    checkLeader: () => {
      // Follower: re-announces what it wants, and replaces a leader that missed the answer it announced.
      this.tabs.announce();
      this.tabs.takeOverIfLate();
    },
    // Joins the tabs first: a tab that turns out to follow does not poll, and starts again as a follower.
    mayPoll: () => {
      if (!this.active || this.tabs.following) return false;
      this.tabs.connect();
      if (!this.tabs.following) return true;
      this.link.restart();
      return false;
    },
    // From the start: polls at once (solo, leader), or asks the leader for answers and checks on it (follower).
    restart: () => {
      this.poller.halt();
      if (!this.active || !this.options.client) return;
      this.tabs.connect();
      if (this.tabs.following) {
        this.tabs.announce();
        this.tabs.refresh();
        this.poller.schedule();
      } else void this.poller.poll();
    },
    led: (leading) => {
      if (!leading) this.stream?.close();
      if (!leading && !this.active) return;
      this.poller.halt();
      // Took over: poll at once for every tab, so nobody waits a whole interval.
      if (leading) void this.poller.poll();
      else {
        this.tabs.announce();
        this.poller.schedule();
      }
    },
    // Every login this tab's elements watch, as spelt (the first MAX_WATCHED).
    ownLogins: () => [...this.listeners.keys()].slice(0, MAX_WATCHED).map((key) => this.spellings.get(key) ?? key),
    // What this tab polls: its own logins and those other tabs still ask for (at most MAX_WATCHED).
    loginsToPoll: () => {
      const all = new Map<string, string>();
      const cutoff = this.poller.now() - 3 * Math.max(this.poller.intervalMs, this.options.idleIntervalMs ?? 0) - 1000;
      for (const login of [...this.link.ownLogins(), ...this.tabs.wants(cutoff)]) if (all.size < MAX_WATCHED && !all.has(keyOf(login))) all.set(keyOf(login), login);
      // Agents nobody watches any more no longer set the pace (nor take memory).
      for (const key of this.snapshots.keys()) if (!all.has(key)) this.snapshots.delete(key);
      return [...all.values()];
    },
    due: (delay) => this.tabs.due(delay),
    // The tab that polls holds the stream for the logins it would poll; until it has said `ready`, it polls.
    streamed: () => {
      const { eventsUrl, servicekey } = this.options;
      if (!eventsUrl || this.poller.now() < this.streamOffUntil) return false;
      const logins = this.link.loginsToPoll();
      // A stream names its logins in its address: past that size (a large board) the hub polls.
      if (logins.length > MAX_IDS || logins.join(',').length > MAX_STREAM_QUERY) return false;
      if (!this.stream) {
        this.loadStream();
        return false;
      }
      if (this.stream.carries(eventsUrl, logins, servicekey)) return true;
      this.stream.open(eventsUrl, logins, servicekey);
      return false;
    },
    // To this tab's elements and, as leader, to the other tabs.
    publishAll: (snapshots) => {
      this.tabs.share(snapshots);
      for (const [key, snapshot] of snapshots) this.link.publish(key, snapshot);
    },
    publish: (key, snapshot) => {
      const listeners = this.listeners.get(key);
      if (!listeners) return;
      this.snapshots.set(key, snapshot);
      for (const listener of [...listeners]) listener(snapshot);
    },
    online: () => {
      this.poller.failures = 0;
      this.link.restart();
    },
    offline: () => {
      if (!this.tabs.following) void this.poller.poll();
    },
    // Into the back/forward cache or frozen: hand the lead to another tab (a frozen leader would starve them).
    hide: () => {
      this.stream?.close();
      this.tabs.disconnect();
      // After leaving: a leader giving up the lead schedules its next poll as a tab of its own.
      this.poller.halt();
    },
    // Back from the back/forward cache (or unfrozen): take part again.
    show: () => {
      if (this.active) this.link.restart();
    },
    // Background timers are throttled: a tab coming into view asks for fresh answers at once.
    visible: () => {
      if (!this.active) return;
      if (this.tabs.following) {
        this.tabs.refresh();
        this.tabs.takeOverIfLate();
      } else void this.poller.poll();
    },
  };

  constructor(options: StatusHubOptions) {
    this.options = { ...options };
    this.poller = new StatusPoller(this.options, this.snapshots, this.link);
    this.tabs = new TabShare(this.options, this.poller, this.link);
  }

  /**
   * What the stream says of a login, against what this tab knows: never an older state over a newer one (a
   * stream's first states may date from before this tab's last poll), and a round Jodo did not answer marks
   * the state this tab shows, whichever brought it.
   */
  private fromStream(key: string, snapshot: StatusSnapshot): [string, StatusSnapshot][] {
    const known = this.snapshots.get(key);
    if (snapshot.failing) return [[key, { ...(known ?? snapshot), failing: true, ...(snapshot.problem ? { problem: snapshot.problem } : {}) }]];
    const asOf = (s: StatusSnapshot | undefined) => Math.max(s?.receivedAt ?? -Infinity, s?.checkedAt ?? -Infinity);
    return asOf(snapshot) < asOf(known) ? [] : [[key, snapshot]];
  }

  /** Loads the stream's reader (once; again at the next poll if it failed): polls go on meanwhile. */
  private loadStream(): void {
    this.streamLoad ??= loadStatusStream().then(
      ({ StatusStream }) => {
        this.stream = new StatusStream(
          {
            keyOf,
            isAgentState,
            publishAll: (snapshots) => this.link.publishAll(snapshots.flatMap(([key, snapshot]) => this.fromStream(key, snapshot))),
            carrying: () => (this.streamFailures = 0),
            confirmMs: () => this.poller.busyIntervalMs,
            unavailable: (wasCarrying) => {
              this.streamFailures++;
              this.streamOffUntil = this.poller.now() + Math.min(STREAM_RETRY_MAX_MS, STREAM_RETRY_MS * 2 ** (this.streamFailures - 1));
              // The stream carried the states until now: a poll at once, so they do not wait an interval.
              if (wasCarrying && this.active && !this.tabs.following) this.poller.pollSoon();
            },
          },
          () => this.poller.now(),
          () => this.poller.intervalMs,
        );
        // Opened now (the next poll finds it carrying), not at the next poll; never in a hidden or frozen page.
        if (this.link.live() && !this.tabs.following && globalThis.document?.visibilityState !== 'hidden') this.link.streamed();
      },
      () => {
        this.streamLoad = undefined;
      },
    );
  }

  /** True while the gateway's event stream carries this tab's states (no polls are made meanwhile). */
  get streaming(): boolean {
    const { eventsUrl, servicekey } = this.options;
    return !!eventsUrl && this.poller.now() >= this.streamOffUntil && !!this.stream?.carries(eventsUrl, this.link.loginsToPoll(), servicekey);
  }

  /** Polls made by this hub so far (each is one userStatus request). */
  get polls(): number {
    return this.poller.polls;
  }

  /** True while at least one element listens. */
  get active(): boolean {
    return this.listeners.size > 0;
  }

  /** `solo`: polls for this page alone; `leader`: polls for every tab of its scope; `follower`: another tab polls for it. */
  get role(): HubRole {
    return this.tabs.role;
  }

  /** The interval in force: busy while any watched agent is on a call, idle otherwise. */
  get currentIntervalMs(): number {
    return this.poller.intervalMs;
  }

  /** New client, servicekey, interval or scope: polls again now with them. */
  configure(options: Partial<StatusHubOptions>): void {
    const scopeChanged = 'scope' in options && options.scope !== this.options.scope;
    if ('eventsUrl' in options && options.eventsUrl !== this.options.eventsUrl) this.streamOffUntil = this.streamFailures = 0;
    // Another stream (or none) from now on: the next poll opens the right one.
    const changes = (key: 'eventsUrl' | 'servicekey' | 'scope' | 'client') => key in options && options[key] !== this.options[key];
    if (changes('eventsUrl') || changes('servicekey') || changes('scope') || changes('client')) this.stream?.close();
    Object.assign(this.options, options);
    if (scopeChanged) this.tabs.disconnect();
    this.link.restart();
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
    this.unwatch ??= watchPage(this.link);
    // A login nobody asked for yet gets its answer now, not an interval later. Elements that
    // connect together (a toolbar's first render) share one request, and a login joining while
    // a poll is under way waits for it to end instead of cancelling it.
    if (isNewLogin) this.poller.pollSoon();
    return () => {
      set.delete(listener);
      if (set.size === 0) {
        this.listeners.delete(key);
        this.spellings.delete(key);
        this.snapshots.delete(key);
        this.tabs.announceSoon();
      }
      if (!this.active) this.stop();
    };
  }

  /** The last snapshot of a login, if any. */
  snapshot(login: string): StatusSnapshot | undefined {
    return this.snapshots.get(keyOf(login));
  }

  /** Fresh answers now: polls (or, in a follower tab, asks the leader to) and resolves when they are in. */
  refresh(): Promise<void> {
    return this.tabs.following ? this.tabs.answers() : this.poller.poll();
  }

  /** Stops polling, drops any request under way and leaves the other tabs. */
  stop(): void {
    this.poller.halt();
    this.stream?.close();
    this.tabs.disconnect();
    this.unwatch?.();
    this.unwatch = undefined;
  }
}
