/**
 * A page clock the test moves by hand: setTimeout, setInterval and Date.now
 * are replaced, so hours of a toolbar's life pass in seconds while its
 * requests still go over real HTTP. The real setTimeout stays available for
 * waiting on those requests.
 */
interface Timer {
  at: number;
  run: () => void;
  every?: number;
}

type TimerHandler = (...args: unknown[]) => void;

export class FakeClock {
  now: number;
  readonly realSetTimeout = globalThis.setTimeout.bind(globalThis);
  private readonly timers = new Map<number, Timer>();
  private nextId = 1;
  private readonly originals = {
    setTimeout: globalThis.setTimeout,
    clearTimeout: globalThis.clearTimeout,
    setInterval: globalThis.setInterval,
    clearInterval: globalThis.clearInterval,
    dateNow: Date.now,
  };

  constructor(start = Date.now()) {
    this.now = start;
  }

  /** Timers set and not yet fired or cleared. */
  get pending(): number {
    return this.timers.size;
  }

  install(): this {
    const add = (handler: TimerHandler, delay: unknown, args: unknown[], every: boolean) => {
      const id = this.nextId++;
      const ms = Math.max(0, Number(delay) || 0);
      this.timers.set(id, { at: this.now + ms, run: () => handler(...args), ...(every ? { every: Math.max(1, ms) } : {}) });
      return id;
    };
    const g = globalThis as unknown as Record<string, unknown>;
    g['setTimeout'] = (handler: TimerHandler, delay?: number, ...args: unknown[]) => add(handler, delay, args, false);
    g['setInterval'] = (handler: TimerHandler, delay?: number, ...args: unknown[]) => add(handler, delay, args, true);
    g['clearTimeout'] = g['clearInterval'] = (id: number) => void this.timers.delete(id);
    Date.now = () => this.now;
    return this;
  }

  uninstall(): void {
    Object.assign(globalThis, {
      setTimeout: this.originals.setTimeout,
      clearTimeout: this.originals.clearTimeout,
      setInterval: this.originals.setInterval,
      clearInterval: this.originals.clearInterval,
    });
    Date.now = this.originals.dateNow;
  }

  /** Waits real time (for requests in flight); with no time, one task (a message, never clamped like a nested timeout). */
  wait(ms = 0): Promise<void> {
    if (ms > 0) return new Promise((resolve) => this.realSetTimeout(resolve, ms));
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(0);
    });
  }

  /** Moves time forward, firing every timer due on the way in order, letting promises settle after each. */
  async tick(ms: number): Promise<void> {
    const end = this.now + ms;
    for (;;) {
      let nextId: number | undefined;
      let next: Timer | undefined;
      for (const [id, timer] of this.timers) if (timer.at <= end && (!next || timer.at < next.at)) [nextId, next] = [id, timer];
      if (!next || nextId === undefined) break;
      this.now = next.at;
      if (next.every) next.at += next.every;
      else this.timers.delete(nextId);
      next.run();
      await this.wait();
    }
    this.now = end;
  }

  /** Real-time wait until `condition` holds (the clock stands still meanwhile). */
  async until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (!condition()) {
      if (performance.now() > deadline) throw new Error(`timed out waiting: ${what}`);
      await this.wait();
    }
  }
}
