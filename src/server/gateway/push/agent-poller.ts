/**
 * One poller of agent states for every browser a gateway process serves:
 * streams (events-endpoint.ts) tell it which logins of which process they
 * watch, and each interval it asks Jodo's userStatus once per process for
 * all of them (the document's batched `loginids`, at most MAX_IDS a
 * request), where every browser asking for itself would cost Jodo one
 * request per agent. What changed goes to the feed (status-feed.ts), then
 * the end of the round.
 *
 * A login nobody watched yet is asked for at once (with the others that
 * joined meanwhile: at most one such request per process per quarter of a
 * second), so a new stream shows its state without waiting a whole interval.
 * A login nobody watches any more is still asked for a while (a browser whose
 * stream was cut comes back within seconds, and is owed every change since);
 * then it is forgotten, and nothing runs while nobody watches.
 */
import { TRANSIENT_STATUS } from '../../../api/codes.js';
import { MAX_IDS } from '../../../api/limits.js';
import { describeStatus } from '../../../api/method-status.js';
import { problemOf, type RequestProblem } from '../../../api/request-problem.js';
import { parseJodoResponse, type AgentStatus } from '../../../api/response.js';
import { readUserStatusAnswer } from '../../../api/user-status-answer.js';
import { loginKey } from '../logins.js';
import { Refusal } from '../refusal.js';
import type { StatusFeed } from './status-feed.js';

/** The shortest gap between two requests for logins that joined between rounds. */
const NEW_LOGINS_GAP_MS = 250;
/** How long a login nobody watches is still asked for: browsers reconnect within seconds of a cut. */
const LINGER_MS = 30_000;

export interface AgentPollerOptions {
  /** Jodo's answer (HTTP status and text) to userStatus for these logins of one process; a Refusal when it gave none. */
  ask(servicekey: string, loginids: string[]): Promise<{ status: number; text: string }>;
  feed: StatusFeed;
  /** How often every watched agent is asked for, ms. */
  intervalMs: number;
  /** How long a login nobody watches any more is still asked for, ms. Default 30 s. */
  lingerMs?: number;
  now?: () => number;
}

/** An agent's state as last polled. */
export interface KnownState {
  agent: AgentStatus;
  /** When the poll that found it was answered (the gateway's clock, ms). */
  polledAt: number;
}

interface Watched {
  /** The login as the first stream to watch it spelt it (as its session spells it): what is sent to Jodo. */
  login: string;
  watchers: number;
  /** When the last watcher left (the gateway's clock, ms). */
  leftAt?: number;
  known?: KnownState;
}

/**
 * Whether the agent's state is news: another state, code or label, another change time, or (when Jodo gives
 * no change time) a duration that went back, which is the same state entered again between two polls.
 */
function isNews(before: KnownState | undefined, agent: AgentStatus, polledAt: number): boolean {
  if (!before) return true;
  const was = before.agent;
  if (was.code !== agent.code || was.state !== agent.state || was.stateLabel !== agent.stateLabel || was.statusChangeTime !== agent.statusChangeTime) return true;
  if (was.durationSeconds === undefined || agent.durationSeconds === undefined) return was.durationSeconds !== agent.durationSeconds;
  const expected = was.durationSeconds + (polledAt - before.polledAt) / 1000;
  return agent.durationSeconds < expected - 2;
}

/** What a failed request to Jodo is, as the browsers' pollers say it. */
function problemOfAsking(error: unknown): RequestProblem {
  if (error instanceof Refusal) return { kind: 'api', code: error.code, description: describeStatus(undefined, error.code), transient: TRANSIENT_STATUS.has(error.code) };
  return problemOf(error);
}

export class AgentPoller {
  /** servicekey → login key → the login watched. */
  private readonly watched = new Map<string, Map<string, Watched>>();
  /** Logins (keys) of each process nobody has been told the state of yet. */
  private readonly joined = new Map<string, Set<string>>();
  private readonly now: () => number;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private joinTimer: ReturnType<typeof setTimeout> | undefined;
  private lastJoinRound = -Infinity;
  private busy: Promise<void> | undefined;
  private stopped = false;
  /** userStatus requests made so far. */
  requests = 0;

  constructor(private readonly options: AgentPollerOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Logins watched now, in every process. */
  get size(): number {
    let size = 0;
    for (const logins of this.watched.values()) size += logins.size;
    return size;
  }

  /** Watches these logins of one process (as the session spells them) until the returned function is called. */
  watch(servicekey: string, logins: readonly string[]): () => void {
    let ofProcess = this.watched.get(servicekey);
    if (!ofProcess) this.watched.set(servicekey, (ofProcess = new Map()));
    const spellings = new Map(logins.map((login) => [loginKey(login), login] as const));
    const keys = [...spellings.keys()];
    for (const key of keys) {
      const entry = ofProcess.get(key);
      if (entry) {
        entry.watchers++;
        delete entry.leftAt;
      } else {
        ofProcess.set(key, { login: spellings.get(key)!, watchers: 1 });
        let joined = this.joined.get(servicekey);
        if (!joined) this.joined.set(servicekey, (joined = new Set()));
        joined.add(key);
      }
    }
    this.scheduleJoinRound();
    this.scheduleRound();
    let watching = true;
    return () => {
      if (!watching) return;
      watching = false;
      for (const key of keys) {
        const entry = ofProcess.get(key);
        if (entry && --entry.watchers === 0) entry.leftAt = this.now();
      }
    };
  }

  /** The last state polled of a watched login, if one came yet. */
  current(servicekey: string, login: string): KnownState | undefined {
    return this.watched.get(servicekey)?.get(loginKey(login))?.known;
  }

  /** Stops for good (the gateway closes). */
  stop(): void {
    this.stopped = true;
    this.halt();
  }

  private halt(): void {
    clearTimeout(this.timer);
    clearTimeout(this.joinTimer);
    this.timer = undefined;
    this.joinTimer = undefined;
  }

  private scheduleRound(delay = this.options.intervalMs): void {
    if (this.timer || this.stopped || this.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.run(() => this.round(false)).finally(() => this.scheduleRound());
    }, delay);
  }

  private scheduleJoinRound(): void {
    if (this.joinTimer || this.stopped || ![...this.joined.values()].some((keys) => keys.size)) return;
    this.joinTimer = setTimeout(() => {
      this.joinTimer = undefined;
      this.lastJoinRound = this.now();
      void this.run(() => this.round(true)).finally(() => this.scheduleJoinRound());
    }, Math.max(0, this.lastJoinRound + NEW_LOGINS_GAP_MS - this.now()));
  }

  /** One round at a time: a round asked for while another runs starts when it ends. */
  private async run(round: () => Promise<void>): Promise<void> {
    while (this.busy) await this.busy;
    const running = (this.busy = round());
    try {
      await running;
    } finally {
      this.busy = undefined;
    }
  }

  /** Forgets the logins nobody has watched for `lingerMs`. */
  private forgetLeft(): void {
    const before = this.now() - (this.options.lingerMs ?? LINGER_MS);
    for (const [servicekey, ofProcess] of this.watched) {
      for (const [key, entry] of ofProcess) {
        if (entry.leftAt === undefined || entry.leftAt > before) continue;
        ofProcess.delete(key);
        this.joined.get(servicekey)?.delete(key);
      }
      if (ofProcess.size === 0) {
        this.watched.delete(servicekey);
        this.joined.delete(servicekey);
      }
    }
  }

  /** Asks Jodo for every watched login (or, `joinedOnly`, those nobody was told about yet) of each process. */
  private async round(joinedOnly: boolean): Promise<void> {
    if (!joinedOnly) this.forgetLeft();
    for (const [servicekey, ofProcess] of [...this.watched]) {
      const joined = this.joined.get(servicekey);
      const keys = joinedOnly ? [...(joined ?? [])] : [...ofProcess.keys()];
      joined?.clear();
      if (!keys.length) continue;
      let problem: RequestProblem | undefined;
      for (let i = 0; i < keys.length; i += MAX_IDS) {
        const batch = keys.slice(i, i + MAX_IDS).flatMap((key) => ofProcess.get(key)?.login ?? []);
        if (!batch.length) continue;
        try {
          this.requests++;
          const { status, text } = await this.options.ask(servicekey, batch);
          const answer = readUserStatusAnswer(status, text) ?? parseJodoResponse('userStatus', status, text);
          const polledAt = this.now();
          for (const agent of answer.data.agents) {
            const entry = ofProcess.get(loginKey(agent.login));
            if (!entry) continue;
            const news = isNews(entry.known, agent, polledAt);
            entry.known = { agent, polledAt };
            if (news) this.options.feed.publish({ kind: 'status', servicekey, agent, polledAt });
          }
        } catch (error) {
          problem = problemOfAsking(error);
        }
      }
      // A round of joined logins says nothing of the others: only whole rounds end with `polled`.
      if (!joinedOnly && this.watched.get(servicekey) === ofProcess) this.options.feed.publish({ kind: 'polled', servicekey, polledAt: this.now(), ...(problem ? { problem } : {}) });
    }
  }
}
