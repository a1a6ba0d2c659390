/**
 * The toolbar's writes (wrap-ups, customer saves) never get lost: each is
 * stored before it is sent, and leaves the store only when Jodo answers,
 * saved or definitively refused. Until then it is retried with back-off, on
 * `online`, when the tab comes back to view and when the page opens again,
 * always under its own idempotency key, so a retry after a lost answer is
 * applied once. This is the queue and its passes over it; where entries wait
 * is outbox-store.ts, when they are tried again outbox-retry.ts, how the
 * tabs share the queue (one sends at a time, all see it) outbox-tabs.ts, and
 * what callers hear back outbox-events.ts.
 */
import type { JodoApi, Params } from '../api/client.js';
import { JodoValidationError } from '../api/errors.js';
import { newIdempotencyKey } from '../api/idempotency-key.js';
import { problemOf } from '../api/request-problem.js';
import { SAFE_RETRY_MS, errorOf, failureOf, type OutboxEntry, type OutboxMethod, type OutboxProblem } from './outbox-entry.js';
import { OutboxEditEvent, OutboxSettledEvent, type SendOutcome } from './outbox-events.js';
import { RetrySchedule, isRefusal } from './outbox-retry.js';
import { MemoryOutboxStore, openOutboxStore, type OutboxStore } from './outbox-store.js';
import { OutboxTabs } from './outbox-tabs.js';

export { OutboxEditEvent, OutboxSettledEvent, type SendOutcome } from './outbox-events.js';

export interface OutboxOptions {
  client?: JodoApi;
  /** The signed-in agent; only their entries are shown and sent. */
  owner?: string;
  /** The store; IndexedDB (`jodo-outbox`) when the browser allows, else memory. */
  store?: OutboxStore | Promise<OutboxStore>;
  /** Name shared by the tabs' lock and channel. */
  name?: string;
  now?: () => number;
  random?: () => number;
  /** Back-off of retries; default 2 s doubling to 60 s. */
  retry?: { baseMs: number; maxMs: number };
  /** Where its events are dispatched: itself by default; the provider's stand-in, which callers hold (lazy-outbox.ts). */
  events?: EventTarget;
}

/** Why a write is refused while no agent is known (the provider has no login yet). */
export const NO_AGENT = 'is not known: no agent is signed in to the toolbar';

const byAge = (a: OutboxEntry, b: OutboxEntry) => a.createdAt - b.createdAt || a.id.localeCompare(b.id);

/** The entry without why its last attempt failed (it is settled, or a new reason replaces the old one, which may be an older toolbar's sentence). */
function withoutProblem(entry: OutboxEntry): OutboxEntry {
  const { problem: _problem, lastProblem: _lastProblem, ...rest } = entry;
  return rest;
}

export class Outbox extends EventTarget {
  private options: OutboxOptions;
  private store: Promise<OutboxStore>;
  private resolvedStore: OutboxStore | undefined;
  private readonly tabs: OutboxTabs;
  private readonly retry: RetrySchedule;
  private started = false;
  private draining: Promise<void> | undefined;
  private drainAgain = false;
  private forceNext = false;
  /** Entries a `send()` call is waiting on: refused ones go back to the caller instead of into the queue. */
  private readonly awaited = new Set<string>();
  private readonly outcomes = new Map<string, 'saved' | 'failed'>();
  private list: OutboxEntry[] = [];
  private readonly events: EventTarget;
  private sendingHere: string | undefined;
  private sendingElsewhere: string | undefined;

  constructor(options: OutboxOptions = {}) {
    super();
    this.options = { ...options };
    this.events = options.events ?? this;
    this.store = Promise.resolve(options.store ?? openOutboxStore(options.name ? `${options.name}` : undefined)).catch(() => new MemoryOutboxStore());
    void this.store.then((store) => (this.resolvedStore = store));
    this.tabs = new OutboxTabs(options.name ?? 'jodo-outbox', this.onOtherTab);
    this.retry = new RetrySchedule(() => this.now(), () => void this.drain(), options.retry, options.random);
  }

  /** The signed-in agent's queued and refused writes, oldest first. */
  get entries(): readonly OutboxEntry[] {
    return this.list;
  }

  /** The entry being sent now, by this tab or another one. */
  get sending(): string | undefined {
    return this.sendingHere ?? this.sendingElsewhere;
  }

  /** False while the store is (or fell back to) memory: a reload would lose the queue. */
  get persistent(): boolean {
    return this.resolvedStore?.persistent ?? true;
  }

  private get owner(): string {
    return (this.options.owner ?? '').trim().toLowerCase();
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** New client or agent: shows that agent's queue and sends what is due. */
  configure(options: Pick<OutboxOptions, 'client' | 'owner'>): void {
    const changed = options.client !== this.options.client || options.owner !== this.options.owner;
    this.options = { ...this.options, ...options };
    if (changed && this.started) void this.reload().then(() => this.drain());
  }

  /** Begins watching the network, the tab and the other tabs, and sends what waited since the page was last open. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.tabs.listen();
    globalThis.addEventListener?.('online', this.onOnline);
    globalThis.document?.addEventListener('visibilitychange', this.onVisible);
    void this.reload().then(() => this.drain());
  }

  /** Stops watching and retrying; a send under way is let finish, so the write still reaches Jodo. */
  stop(): void {
    if (!this.started) return;
    this.started = false;
    this.tabs.close();
    globalThis.removeEventListener?.('online', this.onOnline);
    globalThis.document?.removeEventListener('visibilitychange', this.onVisible);
    this.retry.cancel();
  }

  /**
   * Stores the write, then sends it. Resolves once Jodo answered or the first
   * attempt could not get through (then it stays queued and is sent later).
   *
   * `id` is the write's own key, for a caller that planned it (and kept it)
   * before handing it over: an entry already stored under it is not stored
   * again, only sent; one no longer stored (Jodo answered it, or it was never
   * handed over) is stored and sent under that key again, which the gateway
   * answers from its store (applied once) for a day. Give the same params
   * with the same id: the gateway refuses a key reused for another body.
   */
  async send<M extends OutboxMethod>(method: M, params: Params<M>, options: { tag?: string; id?: string } = {}): Promise<SendOutcome<M>> {
    const now = this.now();
    if (!this.owner) {
      // Nobody could ever send it (entries go out only under their agent's session): refused, never stored.
      const entry: OutboxEntry<M> = { id: '', method, params, owner: '', createdAt: now, attempts: 0, nextAttemptAt: now, state: 'failed' };
      return { status: 'failed', entry, error: new JodoValidationError(method, [{ field: 'login', message: NO_AGENT }]) };
    }
    const store = await this.store;
    const kept = options.id ? await store.get(options.id) : undefined;
    const entry: OutboxEntry<M> = (kept as OutboxEntry<M> | undefined) ?? {
      id: options.id || newIdempotencyKey(), method, params, owner: this.owner, createdAt: now, attempts: 0, nextAttemptAt: now, state: 'queued',
      ...(options.tag ? { tag: options.tag } : {}),
    };
    if (!kept) await store.put(entry);
    this.awaited.add(entry.id);
    try {
      await this.reload();
      this.announce();
      await this.drain();
      const outcome = this.outcomes.get(entry.id);
      this.outcomes.delete(entry.id);
      const stored = await store.get(entry.id);
      if (outcome === 'saved' || (!stored && outcome === undefined)) return { status: 'saved', entry };
      if (stored?.state === 'failed' && stored.failure) {
        // The caller shows the refusal on its form, which still holds the write: it is not kept twice.
        await store.delete(entry.id);
        await this.reload();
        this.announce();
        return { status: 'failed', entry: stored as OutboxEntry<M>, error: errorOf(method, stored.failure) };
      }
      return { status: 'queued', entry: (stored ?? entry) as OutboxEntry<M> };
    } finally {
      this.awaited.delete(entry.id);
    }
  }

  /** Sends a refused entry again, as written or with the agent's corrections, under a new key (the gateway binds a key to one body). */
  async resend<M extends OutboxMethod>(id: string, params?: Params<M>): Promise<SendOutcome<M> | undefined> {
    // A double click must not send the write twice under two keys.
    if (this.resending.has(id)) return undefined;
    this.resending.add(id);
    try {
      const store = await this.store;
      const entry = (await store.get(id)) as OutboxEntry<M> | undefined;
      if (!entry || entry.state !== 'failed') return undefined;
      // The new write is stored (by send) before the old one goes: at no moment is neither kept.
      const outcome = await this.send(entry.method, params ?? entry.params, entry.tag ? { tag: entry.tag } : {});
      // Refused again: the old entry stays, with the new reason, for the agent to decide.
      if (outcome.status === 'failed') await store.put({ ...entry, failure: failureOf(outcome.error) });
      else await store.delete(id);
      await this.reload();
      this.announce();
      return outcome;
    } finally {
      this.resending.delete(id);
    }
  }

  /** Refused entries being sent again. */
  private readonly resending = new Set<string>();

  /** Drops an entry the agent gave up on. */
  async discard(id: string): Promise<void> {
    await (await this.store).delete(id);
    await this.reload();
    this.announce();
  }

  /** Asks the element that made the write to load it for the agent to fix. */
  edit(id: string): void {
    const entry = this.list.find((e) => e.id === id);
    if (entry) this.events.dispatchEvent(new OutboxEditEvent({ entry }));
  }

  /** Sends every queued entry now, ignoring back-off (the network is back, or the agent asked). */
  flush(): Promise<void> {
    this.forceNext = true;
    return this.drain();
  }

  /** Sends what is due, one tab at a time; a call while a pass runs makes it run once more. */
  private drain(): Promise<void> {
    this.drainAgain = true;
    this.draining ??= (async () => {
      try {
        while (this.drainAgain) {
          this.drainAgain = false;
          const force = this.forceNext;
          this.forceNext = false;
          await this.tabs.exclusively(() => this.drainOnce(force));
        }
      } catch {
        // The store itself failed: try again after the longest back-off, not at once.
        this.retry.storeFailed();
      } finally {
        this.draining = undefined;
        this.schedule();
      }
    })();
    return this.draining;
  }

  private async drainOnce(force: boolean): Promise<void> {
    const { client } = this.options;
    if (!client || !this.owner) return;
    const store = await this.store;
    const tried = new Set<string>();
    for (;;) {
      // Read again each time: another tab may have sent (or this one added) entries meanwhile.
      const now = this.now();
      const due = (await store.all())
        .filter((e) => e.owner === this.owner && e.state === 'queued' && !tried.has(e.id) && (force || e.nextAttemptAt <= now))
        .sort(byAge);
      const entry = due[0];
      if (!entry) return;
      tried.add(entry.id);
      if (now - entry.createdAt > SAFE_RETRY_MS) {
        // Past the gateway's memory of its key: a resend could be a second copy. The agent checks and decides.
        const expired = withoutProblem({ ...entry, state: 'failed', failure: { kind: 'expired' } });
        await store.put(expired);
        await this.settle(expired, 'failed');
        continue;
      }
      if (globalThis.navigator?.onLine === false) {
        await this.defer(store, entry, { kind: 'offline' });
        return;
      }
      const result = await this.attempt(client, store, entry);
      // No answer for this one means none for the rest either: wait for the back-off, `online` or a visit.
      if (result === 'deferred') return;
    }
  }

  private async attempt(client: JodoApi, store: OutboxStore, entry: OutboxEntry): Promise<'saved' | 'failed' | 'deferred'> {
    this.sendingHere = entry.id;
    // Only "sending" changed, not the stored queue: no need to read it again.
    this.events.dispatchEvent(new Event('change'));
    this.announce();
    let error: unknown;
    let answered = true;
    try {
      await client.call(entry.method, entry.params as never, { idempotencyKey: entry.id, retries: 0 });
    } catch (caught) {
      error = caught;
      answered = false;
    } finally {
      this.sendingHere = undefined;
    }
    if (answered) {
      await store.delete(entry.id);
      return this.settle(entry, 'saved');
    }
    if (!isRefusal(error)) {
      await this.defer(store, entry, problemOf(error));
      return 'deferred';
    }
    const failed = withoutProblem({ ...entry, state: 'failed', failure: failureOf(error) });
    await store.put(failed);
    return this.settle(failed, 'failed');
  }

  private async settle(entry: OutboxEntry, outcome: 'saved' | 'failed'): Promise<'saved' | 'failed'> {
    if (this.awaited.has(entry.id)) this.outcomes.set(entry.id, outcome);
    else this.events.dispatchEvent(new OutboxSettledEvent({ entry, outcome }));
    await this.reload();
    this.announce();
    return outcome;
  }

  private async defer(store: OutboxStore, entry: OutboxEntry, problem: OutboxProblem): Promise<void> {
    const attempts = entry.attempts + 1;
    const wait = this.retry.delay(attempts);
    // Only if it is still queued: another tab may have settled it while this attempt was out.
    if (await store.get(entry.id)) await store.put({ ...withoutProblem(entry), attempts, nextAttemptAt: this.now() + wait, problem });
    await this.reload();
    this.announce();
  }

  /** Wakes up for the next entry that becomes due (only when there is someone to send it for, and something to send it with). */
  private schedule(): void {
    const sendable = this.started && this.options.client && this.owner;
    this.retry.plan(sendable ? this.list.filter((e) => e.state === 'queued').map((e) => e.nextAttemptAt) : []);
  }

  private async reload(): Promise<void> {
    const all = await (await this.store).all();
    this.list = all.filter((e) => e.owner === this.owner).sort(byAge);
    this.events.dispatchEvent(new Event('change'));
    if (!this.draining) this.schedule();
  }

  /** Tells the other tabs to read the queue again (this tab's listeners hear of it from `reload`). */
  private announce(): void {
    this.tabs.announce(this.sendingHere);
  }

  /** Another tab changed the queue: read it again. */
  private readonly onOtherTab = (sending: string | undefined) => {
    this.sendingElsewhere = sending;
    void this.reload();
  };

  private readonly onOnline = () => void this.flush();

  private readonly onVisible = () => {
    if (document.visibilityState === 'visible') void this.drain();
  };
}
