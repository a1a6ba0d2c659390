/**
 * The agents' states as a feed of events, each with an id: what the poller
 * found changed (`status`) and the end of each of its rounds (`polled`, with
 * what went wrong if Jodo did not answer). Streams to browsers
 * (events-endpoint.ts) hear it live, and a browser reconnecting with the id
 * of the last event it had (`Last-Event-ID`) is given every event since,
 * from the history the feed keeps; one whose id is too old, or from before a
 * restart, is given the current states instead.
 *
 * In memory, one per gateway process. On the embedded store the process's
 * own poller publishes to it and numbers the events; on Redis every replica's
 * feed relays the one poller's events (redis-push.ts) under the ids Redis gave
 * them, so an id from one replica resumes on another.
 */
import { randomBytes } from 'node:crypto';
import type { RequestProblem } from '../../../api/request-problem.js';
import type { AgentStatus } from '../../../api/response.js';

/** An agent's state changed (or was first seen): `agent` as of the poll at `polledAt` (the gateway's clock, ms). */
export interface StatusEvent {
  kind: 'status';
  id: string;
  servicekey: string;
  agent: AgentStatus;
  polledAt: number;
}

/**
 * A round of polls of one process's watched agents ended at `polledAt`: every state not in a `status` event
 * is unchanged as of then; with `problem`, Jodo gave no answer and the last states are as old as before.
 */
export interface PolledEvent {
  kind: 'polled';
  id: string;
  servicekey: string;
  polledAt: number;
  problem?: RequestProblem;
}

/**
 * The poller stopped asking for these logins of a process (nobody watched them for a while): their last
 * states are no longer kept fresh, so nothing may show them as current. Never sent to a browser.
 */
export interface ForgotEvent {
  kind: 'forgot';
  id: string;
  servicekey: string;
  logins: string[];
}

export type FeedEvent = StatusEvent | PolledEvent | ForgotEvent;
/** An event as published: the feed (or Redis) gives it its id. */
export type NewFeedEvent = Omit<StatusEvent, 'id'> | Omit<PolledEvent, 'id'> | Omit<ForgotEvent, 'id'>;

/**
 * Events kept at least, for browsers coming back: about 2 MB, and 15 s of 20,000 agents each changing state
 * twice a minute (a browser away longer is given the current states).
 */
const HISTORY = 10_000;

export class StatusFeed {
  /** Tells this feed's ids from another process's (or a restarted one's): their numbers mean nothing here. */
  private readonly epoch = randomBytes(6).toString('base64url');
  /** Events published so far (history positions count from it). */
  private seq = 0;
  private readonly history: FeedEvent[] = [];
  /** Each kept event's id → its number, and the id just before the oldest kept (a resume from it is whole). */
  private readonly numbers = new Map<string, number>();
  private last: string;
  /** The id just before the oldest event kept: at first, the one the feed started from. */
  private floor: string;
  private readonly listeners = new Set<(event: FeedEvent) => void>();

  /** `startId`: the id the feed stands at before its first event (a relay's: where it started reading). */
  constructor(private readonly historySize = HISTORY, startId?: string) {
    this.last = this.floor = startId ?? `${this.epoch}-0`;
    this.numbers.set(this.last, 0);
  }

  /** The id of the latest event (a stream starts from it), or the one the feed started from. */
  get lastId(): string {
    return this.last;
  }

  /** Publishes `event` under `id` (a relay's: ids it was given, in order), else under the feed's next number. */
  publish(event: NewFeedEvent, id = `${this.epoch}-${this.seq + 1}`): FeedEvent {
    const published = { ...event, id } as FeedEvent;
    this.numbers.set(id, ++this.seq);
    this.last = id;
    this.history.push(published);
    // Trimmed by halves, not one by one: each trim moves the whole array.
    if (this.history.length >= 2 * this.historySize) {
      const dropped = this.history.splice(0, this.history.length - this.historySize);
      this.numbers.delete(this.floor);
      for (const old of dropped.slice(0, -1)) this.numbers.delete(old.id);
      this.floor = dropped.at(-1)!.id;
    }
    for (const listener of this.listeners) {
      try {
        listener(published);
      } catch {
        // One stream's failure (a socket gone bad) is not the poller's, nor the other streams'.
      }
    }
    return published;
  }

  /** Forgets every event kept: no id given so far resumes (a relay that missed events cannot vouch for them). */
  restart(): void {
    this.history.length = 0;
    this.numbers.clear();
    this.last = this.floor = `${this.epoch}-restart-${this.seq}`;
    this.numbers.set(this.last, this.seq);
  }

  /** Every event after `id`, in order; undefined when `id` is not this feed's, or older than the history kept. */
  since(id: string): FeedEvent[] | undefined {
    const after = this.numbers.get(id);
    if (after === undefined) return undefined;
    return this.history.slice(after - (this.seq - this.history.length));
  }

  /** Hears every event from now on; returns the function that stops it. */
  subscribe(listener: (event: FeedEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
