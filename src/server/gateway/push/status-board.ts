/**
 * The agents' states as they stand, read from the feed: what a new stream is
 * given first (events-endpoint.ts). Every process keeps its own, so a replica
 * that does not poll knows as much as the one that does (on Redis the feed
 * relays the poller's events to every replica).
 *
 * A state is as fresh as the last round that ended without a problem after
 * it came: a `polled` event says every state it did not change is unchanged
 * as of then. A login the poller forgot is dropped, as nothing keeps it fresh.
 */
import { loginKey } from '../logins.js';
import type { KnownState } from './agent-poller.js';
import type { FeedEvent, StatusFeed } from './status-feed.js';

interface ProcessStates {
  states: Map<string, KnownState>;
  /** When the last round Jodo answered whole ended (the gateway's clock, ms). */
  answeredAt: number;
}

export class StatusBoard {
  private readonly processes = new Map<string, ProcessStates>();

  constructor(feed: StatusFeed) {
    feed.subscribe((event) => this.hear(event));
  }

  /** The last state polled of a login, and when it was last known to hold; undefined if none is kept fresh. */
  current(servicekey: string, login: string): KnownState | undefined {
    const process = this.processes.get(servicekey);
    const known = process?.states.get(loginKey(login));
    if (!process || !known) return undefined;
    return known.polledAt >= process.answeredAt ? known : { agent: known.agent, polledAt: process.answeredAt };
  }

  /** Every state kept, with its process, as `current` gives it. */
  *entries(): Generator<[string, KnownState]> {
    for (const [servicekey, process] of this.processes) {
      for (const known of process.states.values()) yield [servicekey, this.current(servicekey, known.agent.login)!];
    }
  }

  /** Forgets every state (a relay that missed events). */
  clear(): void {
    this.processes.clear();
  }

  /** Logins with a state kept, in every process. */
  get size(): number {
    let size = 0;
    for (const process of this.processes.values()) size += process.states.size;
    return size;
  }

  private hear(event: FeedEvent): void {
    let process = this.processes.get(event.servicekey);
    if (event.kind === 'forgot') {
      for (const login of event.logins) process?.states.delete(loginKey(login));
      if (process?.states.size === 0) this.processes.delete(event.servicekey);
      return;
    }
    if (!process) this.processes.set(event.servicekey, (process = { states: new Map(), answeredAt: 0 }));
    if (event.kind === 'status') process.states.set(loginKey(event.agent.login), { agent: event.agent, polledAt: event.polledAt });
    else if (!event.problem) process.answeredAt = Math.max(process.answeredAt, event.polledAt);
  }
}
