/**
 * The one poller of agent states: each interval it asks Jodo's userStatus
 * once per process for every login some stream watches (the document's
 * batched `loginids`, at most MAX_IDS a request, several requests at once),
 * where every browser asking for itself would cost Jodo one request per
 * agent. What changed is published (to the feed, or on Redis to every
 * replica's), then the end of each process's round; logins nobody watches
 * any more are published as forgotten.
 *
 * Logins a stream needs a state for at once (nobody watched them, or this
 * replica has none) are asked for between rounds (with the others that came
 * meanwhile: at most one such request per process per quarter of a second),
 * so a new stream shows its state without waiting a whole interval.
 *
 * It runs only while started: on the embedded store always; on Redis in the
 * one replica holding the lease (redis-push.ts).
 */
import { TRANSIENT_STATUS } from '../../../api/codes.js';
import { MAX_IDS } from '../../../api/limits.js';
import { describeStatus } from '../../../api/method-status.js';
import { problemOf, type RequestProblem } from '../../../api/request-problem.js';
import { parseJodoResponse, type AgentStatus } from '../../../api/response.js';
import { readUserStatusAnswer } from '../../../api/user-status-answer.js';
import { loginKey } from '../logins.js';
import { Refusal } from '../refusal.js';
import type { NewFeedEvent } from './status-feed.js';
import type { LoginsByProcess } from './watch-list.js';

/** The shortest gap between two requests for logins asked for between rounds. */
const NEW_LOGINS_GAP_MS = 250;
/** Requests to Jodo in flight at once in a round: one slow answer does not hold up every other process. */
const PARALLEL_REQUESTS = 8;

export interface AgentPollerOptions {
  /** Jodo's answer (HTTP status and text) to userStatus for these logins of one process; a Refusal when it gave none. */
  ask(servicekey: string, loginids: string[]): Promise<{ status: number; text: string }>;
  /** Where what it found goes, in order; a promise of false when it did not get there (the poller tries again). */
  publish(event: NewFeedEvent): void | Promise<boolean>;
  /** The logins to ask for in a round, per process (as streams spell them). */
  watched(): LoginsByProcess | Promise<LoginsByProcess>;
  /** How often every watched agent is asked for, ms. */
  intervalMs: number;
  now?: () => number;
  /** A round failed before asking Jodo (the watched logins could not be read). */
  onError?: (error: unknown) => void;
}

/** An agent's state as last polled. */
export interface KnownState {
  agent: AgentStatus;
  /** When the poll that found it was answered (the gateway's clock, ms). */
  polledAt: number;
}

interface Polled {
  /** The login as streams spell it: what is sent to Jodo. */
  login: string;
  known?: KnownState;
  /** When its state was last published (the gateway's clock, ms). */
  publishedAt?: number;
  /** When the request whose answer `known` is was sent. */
  sentAt?: number;
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
  /** servicekey → login key → what was polled of it. */
  private readonly polled = new Map<string, Map<string, Polled>>();
  /** Logins (by key: as spelt, and when asked for) of each process to ask for before the next round. */
  private readonly soon = new Map<string, Map<string, { login: string; askedAt: number }>>();
  /** Processes whose round is still being answered: the next round leaves them out rather than asking twice. */
  private readonly answering = new Set<string>();
  private readonly now: () => number;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private soonTimer: ReturnType<typeof setTimeout> | undefined;
  private lastSoonRound = -Infinity;
  /** Requests that may still start now, and those waiting for one to end (PARALLEL_REQUESTS at most in flight). */
  private slots = PARALLEL_REQUESTS;
  private readonly queued: (() => void)[] = [];
  private running = false;
  /** Counts starts and pauses: an answer to a request sent before either publishes nothing. */
  private generation = 0;

  constructor(private readonly options: AgentPollerOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Whether it polls now. */
  get started(): boolean {
    return this.running;
  }

  /**
   * Polls every interval from now on, the first round at once. `told`: the states streams were last told
   * (a replica taking over from another: only what differs from them is news, and the logins among them no
   * longer watched are forgotten).
   */
  start(told: Iterable<[string, KnownState]> = []): void {
    if (this.running) return;
    this.running = true;
    this.generation++;
    for (const [servicekey, known] of told) {
      let ofProcess = this.polled.get(servicekey);
      if (!ofProcess) this.polled.set(servicekey, (ofProcess = new Map()));
      ofProcess.set(loginKey(known.agent.login), { login: known.agent.login, known, publishedAt: known.polledAt });
    }
    // What was asked more than an interval ago another poller answered, or the first round will.
    const stale = this.now() - this.options.intervalMs;
    for (const [servicekey, wanted] of this.soon) {
      for (const [key, { askedAt }] of wanted) if (askedAt < stale) wanted.delete(key);
      if (!wanted.size) this.soon.delete(servicekey);
    }
    this.scheduleRound(0);
    this.scheduleSoonRound();
  }

  /** Stops polling and forgets what it knew (another replica polls now). */
  pause(): void {
    if (!this.running) return;
    this.running = false;
    this.generation++;
    clearTimeout(this.timer);
    clearTimeout(this.soonTimer);
    this.timer = this.soonTimer = undefined;
    this.polled.clear();
    this.soon.clear();
    this.answering.clear();
  }

  /** Asks for these logins of a process before the next round, and publishes each state found, changed or not. */
  askSoon(servicekey: string, logins: readonly string[]): void {
    // Kept while paused too: a replica about to take the lease answers what it heard asked just before.
    if (!logins.length) return;
    let ofProcess = this.soon.get(servicekey);
    if (!ofProcess) this.soon.set(servicekey, (ofProcess = new Map()));
    for (const login of logins) if (!ofProcess.has(loginKey(login))) ofProcess.set(loginKey(login), { login, askedAt: this.now() });
    this.scheduleSoonRound();
  }

  private scheduleRound(delay = this.options.intervalMs): void {
    if (this.timer || !this.running) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const began = this.now();
      // The next round an interval after this one began, whatever is still being answered.
      void this.round().finally(() => this.scheduleRound(Math.max(0, began + this.options.intervalMs - this.now())));
    }, delay);
    // Nothing to wait for at exit: a gateway closing stops it anyway.
    this.timer.unref?.();
  }

  private scheduleSoonRound(): void {
    if (this.soonTimer || !this.running || this.soon.size === 0) return;
    this.soonTimer = setTimeout(() => {
      this.soonTimer = undefined;
      this.lastSoonRound = this.now();
      void this.soonRound().finally(() => this.scheduleSoonRound());
    }, Math.max(0, this.lastSoonRound + NEW_LOGINS_GAP_MS - this.now()));
    this.soonTimer.unref?.();
  }

  /** Runs `request` once fewer than PARALLEL_REQUESTS are in flight. */
  private async limited<T>(request: () => Promise<T>): Promise<T> {
    if (this.slots > 0) this.slots--;
    else await new Promise<void>((resolve) => this.queued.push(resolve));
    try {
      return await request();
    } finally {
      const next = this.queued.shift();
      if (next) next();
      else this.slots++;
    }
  }

  /**
   * Asks Jodo for `logins` of one process in batches of MAX_IDS, all at once (within the limit), and publishes
   * what is news (everything, `forced`); the problem of any batch that got no answer.
   */
  private async ask(servicekey: string, logins: string[], forced: boolean): Promise<RequestProblem | undefined> {
    const generation = this.generation;
    const batches: string[][] = [];
    for (let i = 0; i < logins.length; i += MAX_IDS) batches.push(logins.slice(i, i + MAX_IDS));
    const problems = await Promise.all(
      batches.map((batch) =>
        this.limited(async () => {
          const sentAt = this.now();
          try {
            const { status, text } = await this.options.ask(servicekey, batch);
            const answer = readUserStatusAnswer(status, text) ?? parseJodoResponse('userStatus', status, text);
            if (generation === this.generation) this.apply(servicekey, answer.data.agents, sentAt, forced);
            return undefined;
          } catch (error) {
            return problemOfAsking(error);
          }
        }),
      ),
    );
    return problems.find(Boolean);
  }

  /** Takes in an answer to a request sent at `sentAt`: each state that is news is published. */
  private apply(servicekey: string, agents: AgentStatus[], sentAt: number, forced: boolean): void {
    const ofProcess = this.polled.get(servicekey);
    const polledAt = this.now();
    for (const agent of agents) {
      const entry = ofProcess?.get(loginKey(agent.login));
      // An answer to an older request than the one known (a round and an ask crossing) says nothing new.
      if (!entry || (entry.sentAt !== undefined && sentAt < entry.sentAt)) continue;
      const news = forced || isNews(entry.known, agent, polledAt);
      const known = (entry.known = { agent, polledAt });
      entry.sentAt = sentAt;
      if (!news) continue;
      entry.publishedAt = polledAt;
      const published = this.options.publish({ kind: 'status', servicekey, agent, polledAt });
      // Not published after all (Redis away, the lease lost): the next round finds it news again.
      void published?.then((ok) => {
        if (!ok && entry.known === known) delete entry.known;
      });
    }
  }

  /** Brings the logins polled in line with those watched: the new ones added, the others forgotten (and said so). */
  private follow(watched: LoginsByProcess): void {
    for (const [servicekey, ofProcess] of this.polled) {
      const still = new Set((watched.get(servicekey) ?? []).map(loginKey));
      const forgotten: string[] = [];
      for (const [key, entry] of ofProcess) {
        if (still.has(key)) continue;
        ofProcess.delete(key);
        if (entry.known) forgotten.push(entry.login);
      }
      if (ofProcess.size === 0) this.polled.delete(servicekey);
      if (forgotten.length) void this.options.publish({ kind: 'forgot', servicekey, logins: forgotten });
    }
    for (const [servicekey, logins] of watched) {
      let ofProcess = this.polled.get(servicekey);
      if (!ofProcess) this.polled.set(servicekey, (ofProcess = new Map()));
      for (const login of logins) if (!ofProcess.has(loginKey(login))) ofProcess.set(loginKey(login), { login });
    }
  }

  /**
   * Asks Jodo for every watched login of each process whose last round is answered; each process's round
   * ends with `polled` as soon as its own answers are in (one process's slow Jodo holds up no other).
   */
  private async round(): Promise<void> {
    const generation = this.generation;
    let watched: LoginsByProcess;
    try {
      watched = await this.options.watched();
    } catch (error) {
      this.options.onError?.(error);
      return;
    }
    if (generation !== this.generation) return;
    this.follow(watched);
    for (const [servicekey, ofProcess] of this.polled) {
      if (this.answering.has(servicekey)) continue;
      this.answering.add(servicekey);
      const logins = [...ofProcess.values()].map((entry) => entry.login);
      void this.ask(servicekey, logins, false).then((problem) => {
        if (generation !== this.generation) return;
        this.answering.delete(servicekey);
        void this.options.publish({ kind: 'polled', servicekey, polledAt: this.now(), ...(problem ? { problem } : {}) });
      });
    }
  }

  /**
   * Asks for the logins wanted at once, but for those whose state was published since they were asked for
   * (by a round that ran meanwhile: whoever asked heard it). A round of them says nothing of the others, so it
   * ends without `polled`.
   */
  private async soonRound(): Promise<void> {
    const asking: Promise<unknown>[] = [];
    for (const [servicekey, wanted] of this.soon) {
      let ofProcess = this.polled.get(servicekey);
      if (!ofProcess) this.polled.set(servicekey, (ofProcess = new Map()));
      const logins: string[] = [];
      for (const [key, { login, askedAt }] of wanted) {
        const entry = ofProcess.get(key);
        if (!entry) ofProcess.set(key, { login });
        else if (entry.publishedAt !== undefined && entry.publishedAt >= askedAt) continue;
        logins.push(login);
      }
      if (logins.length) asking.push(this.ask(servicekey, logins, true));
    }
    this.soon.clear();
    await Promise.all(asking);
  }
}
