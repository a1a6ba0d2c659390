import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Re-renders its host every `intervalMs` while `active()` says so (a timer
 * on screen), and never while the host is disconnected.
 */
export class TickController implements ReactiveController {
  private timer: ReturnType<typeof setInterval> | undefined;
  private connected = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly active: () => boolean,
    private readonly intervalMs = 1000,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.connected = true;
    // Back in the page: show the time as it is now, and start ticking again after that render.
    this.host.requestUpdate();
  }

  hostUpdated(): void {
    const wanted = this.connected && this.active();
    if (wanted && this.timer === undefined) this.timer = setInterval(() => this.host.requestUpdate(), this.intervalMs);
    if (!wanted) this.stop();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.stop();
  }

  private stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }
}
