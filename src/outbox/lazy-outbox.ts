/**
 * What `<jodo-provider>` hands its elements as the outbox: the same interface
 * as `Outbox`, whose module (the queue, its IndexedDB store, its tabs and
 * retries) it loads only once the page has started, so a page pays for it
 * after its first status paint, not before (bench/RESULTS.md, Size). Writes
 * made before it has loaded wait for it; the entries and events are the
 * outbox's own (it dispatches them on this object).
 */
import { loadOutbox } from './outbox-loader.js';
import type { Outbox, OutboxOptions } from './outbox.js';

/** The outbox as its callers use it, whether loaded yet or not. */
export type OutboxApi = EventTarget & Pick<Outbox, 'entries' | 'sending' | 'persistent' | 'configure' | 'start' | 'stop' | 'send' | 'resend' | 'discard' | 'edit' | 'flush'>;

export class LazyOutbox extends EventTarget implements OutboxApi {
  private real: Outbox | undefined;
  private loading: Promise<Outbox> | undefined;
  private settings: Pick<OutboxOptions, 'client' | 'owner'> = {};
  private started = false;

  /** The agent's queued and refused writes, oldest first: none until the outbox has loaded and read its store. */
  get entries(): Outbox['entries'] {
    return this.real?.entries ?? [];
  }

  get sending(): Outbox['sending'] {
    return this.real?.sending;
  }

  get persistent(): Outbox['persistent'] {
    return this.real?.persistent ?? true;
  }

  configure(options: Pick<OutboxOptions, 'client' | 'owner'>): void {
    this.settings = { ...this.settings, ...options };
    this.real?.configure(options);
  }

  /** Starts the outbox, loading it once the page is idle (or within 2 s): what waited since the page was last open is then sent. */
  start(): void {
    this.started = true;
    if (this.real) return this.real.start();
    const load = () => void this.loaded();
    if (typeof requestIdleCallback === 'function') requestIdleCallback(load, { timeout: 2000 });
    else setTimeout(load, 0);
  }

  stop(): void {
    this.started = false;
    this.real?.stop();
  }

  send: Outbox['send'] = (method, params, options) => this.loaded().then((outbox) => outbox.send(method, params, options));
  resend: Outbox['resend'] = (id, params) => this.loaded().then((outbox) => outbox.resend(id, params));
  discard: Outbox['discard'] = (id) => this.loaded().then((outbox) => outbox.discard(id));
  flush: Outbox['flush'] = () => this.loaded().then((outbox) => outbox.flush());

  /** An entry is only shown once the outbox has loaded: before, there is none to edit. */
  edit(id: string): void {
    this.real?.edit(id);
  }

  /** The outbox, loaded and set up as this has been told so far. */
  private loaded(): Promise<Outbox> {
    this.loading ??= loadOutbox().then(
      ({ Outbox }) => {
        const real = new Outbox({ events: this });
        real.configure(this.settings);
        this.real = real;
        if (this.started) real.start();
        return real;
      },
      (error: unknown) => {
        // The module did not arrive (through the autoloader, a network hiccup): the next write asks for it again.
        this.loading = undefined;
        throw error;
      },
    );
    return this.loading;
  }
}
