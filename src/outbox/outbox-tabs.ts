/**
 * The outbox across the tabs of one origin: one tab sends at a time, and each
 * tells the others when the queue changed. The lock (a Web Lock) is held for
 * one pass over the queue, not kept as a standing lead: whichever tab has
 * something due takes it, and a page refused locks sends without one. The
 * message (a BroadcastChannel) is only a nudge to read the store again.
 *
 * Not `TabLeadership` (src/status/tab-leadership.ts): a leader holds its lock
 * until it leaves, so every other tab would queue a write and wait for the
 * leader to send it, where now the tab that made it sends it at once and the
 * caller gets Jodo's answer.
 */
type Message = { type: 'changed'; sending?: string };

export class OutboxTabs {
  private channel: BroadcastChannel | undefined;
  private locksRefused = false;

  constructor(
    /** Name shared by the tabs' lock and channel. */
    private readonly name: string,
    /** Another tab changed the queue; `sending` is the entry it is sending now, if any. */
    private readonly onChanged: (sending: string | undefined) => void,
  ) {}

  /** Begins hearing the other tabs. */
  listen(): void {
    if (typeof BroadcastChannel !== 'function') return;
    this.channel = new BroadcastChannel(this.name);
    // Never trusted for content: it only says to read the store again.
    this.channel.onmessage = ({ data }: MessageEvent<Message>) => {
      if (data?.type === 'changed') this.onChanged(typeof data.sending === 'string' ? data.sending : undefined);
    };
  }

  close(): void {
    this.channel?.close();
    this.channel = undefined;
  }

  /** Tells the other tabs to read the queue again (and which entry this tab is sending, if one). */
  announce(sending: string | undefined): void {
    this.channel?.postMessage({ type: 'changed', ...(sending ? { sending } : {}) } satisfies Message);
  }

  /** Runs `work` while no other tab of this origin sends: Web Locks where the browser has them. */
  async exclusively(work: () => Promise<void>): Promise<void> {
    const locks = globalThis.navigator?.locks;
    if (!locks || this.locksRefused) return work();
    let ran = false;
    try {
      await locks.request(`${this.name}:send`, () => ((ran = true), work()));
    } catch (error) {
      if (ran) throw error;
      // Locks refused here (a sandboxed frame, storage blocked): this tab sends without one.
      this.locksRefused = true;
      await work();
    }
  }
}
