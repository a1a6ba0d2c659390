/**
 * The agents' states as a feed of events, each with an id: what the poller
 * found changed (`status`) and the end of each of its rounds (`polled`, with
 * what went wrong if Jodo did not answer). Streams to browsers
 * (events-endpoint.ts) hear it live, and a browser reconnecting with the id
 * of the last event it had (`Last-Event-ID`) is given every event since,
 * from the history the feed keeps; one whose id is too old, or from before a
 * restart, is given the current states instead.
 *
 * In memory, one per gateway process: the embedded store's one process polls
 * and serves its streams.
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

export type FeedEvent = StatusEvent | PolledEvent;
/** An event as published: the feed gives it its id. */
export type NewFeedEvent = Omit<StatusEvent, 'id'> | Omit<PolledEvent, 'id'>;

/**
 * Events kept at least, for browsers coming back: about 2 MB, and 15 s of 20,000 agents each changing state
 * twice a minute (a browser away longer is given the current states).
 */
const HISTORY = 10_000;

export class StatusFeed {
  /** Tells this feed's ids from another process's (or a restarted one's): their numbers mean nothing here. */
  private readonly epoch = randomBytes(6).toString('base64url');
  private seq = 0;
  private readonly history: FeedEvent[] = [];
  private readonly listeners = new Set<(event: FeedEvent) => void>();

  constructor(private readonly historySize = HISTORY) {}

  /** The id of the latest event (a stream starts from it), or of none yet. */
  get lastId(): string {
    return `${this.epoch}-${this.seq}`;
  }

  publish(event: NewFeedEvent): FeedEvent {
    const published = { ...event, id: `${this.epoch}-${++this.seq}` } as FeedEvent;
    this.history.push(published);
    // Trimmed by halves, not one by one: each trim moves the whole array.
    if (this.history.length >= 2 * this.historySize) this.history.splice(0, this.history.length - this.historySize);
    for (const listener of this.listeners) {
      try {
        listener(published);
      } catch {
        // One stream's failure (a socket gone bad) is not the poller's, nor the other streams'.
      }
    }
    return published;
  }

  /** Every event after `id`, in order; undefined when `id` is not this feed's, or older than the history kept. */
  since(id: string): FeedEvent[] | undefined {
    const match = /^(.+)-(\d{1,15})$/.exec(id);
    if (!match || match[1] !== this.epoch) return undefined;
    const after = Number(match[2]);
    if (after > this.seq) return undefined;
    const first = this.seq - this.history.length + 1;
    // An id just before the oldest kept is still whole: nothing after it was dropped.
    if (after < first - 1) return undefined;
    return this.history.slice(after - first + 1);
  }

  /** Hears every event from now on; returns the function that stops it. */
  subscribe(listener: (event: FeedEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
