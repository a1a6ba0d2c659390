/**
 * What the event streams (events-endpoint.ts) stand on: the feed they hear,
 * the board of current states they start from, and the list of logins they
 * watch, which the one poller asks Jodo for. Two ways to run it: here, the
 * embedded store's one process, which polls for its own streams; on Redis
 * (redis-push.ts) every replica serves streams and one of them polls.
 */
import { AgentPoller, type AgentPollerOptions } from './agent-poller.js';
import { StatusBoard } from './status-board.js';
import { StatusFeed } from './status-feed.js';
import { WatchList } from './watch-list.js';

/** How long a login nobody watches is still asked for: browsers reconnect within seconds of a cut. */
export const LINGER_MS = 30_000;

export interface PushHub {
  readonly feed: StatusFeed;
  readonly board: StatusBoard;
  /** Watches these logins of a process (as the session spells them) until the returned function is called. */
  watch(servicekey: string, logins: readonly string[]): () => void;
  /** Stops polling and relaying (a draining gateway serves no streams: another replica polls at once); again, a no-op. */
  close(): Promise<void>;
}

export interface PushOptions {
  ask: AgentPollerOptions['ask'];
  /** How often every watched agent is asked for, ms. */
  intervalMs: number;
  /** How long a login nobody watches any more is still asked for, ms. */
  lingerMs?: number;
  now: () => number;
}

/** One process that polls for its own streams (the embedded store). */
export function localPush({ ask, intervalMs, lingerMs = LINGER_MS, now }: PushOptions): PushHub {
  const feed = new StatusFeed();
  const board = new StatusBoard(feed);
  const list = new WatchList(lingerMs, now);
  const poller = new AgentPoller({ ask, publish: (event) => void feed.publish(event), watched: () => list.current(), intervalMs, now });
  poller.start();
  return {
    feed,
    board,
    watch(servicekey, logins) {
      const { unwatch } = list.watch(servicekey, logins);
      // A state the board has is the stream's at once; the others are asked for now, not in a whole interval.
      poller.askSoon(servicekey, logins.filter((login) => !board.current(servicekey, login)));
      return unwatch;
    },
    async close() {
      poller.pause();
    },
  };
}
