import type { ReactiveControllerHost } from 'lit';
import type { StatusHub, StatusSnapshot } from '../status/status-hub.js';
import { FollowingController } from './following-controller.js';

export interface AgentStatusTarget {
  hub?: StatusHub;
  login?: string;
}

/**
 * Keeps a host subscribed to one agent's state on the provider's hub (never
 * polling itself): follows changes of hub or login before each render, and
 * lets go on disconnect so polling stops when the last element leaves.
 */
export class AgentStatusController extends FollowingController {
  /** The agent's latest snapshot; undefined until the first answer. */
  snapshot: StatusSnapshot | undefined;
  private current: (AgentStatusTarget & { unsubscribe(): void }) | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly target: () => AgentStatusTarget,
    private readonly onChange?: (next: StatusSnapshot, previous: StatusSnapshot | undefined) => void,
    /** `false` for a host that shows nothing of the state (it only acts on changes): no render on every answer. */
    private readonly rerender = true,
  ) {
    super();
    host.addController(this);
  }

  protected sync(): void {
    const { hub, login } = this.target();
    if (this.current && this.current.hub === hub && this.current.login === login) return;
    this.release();
    if (!hub || !login) return;
    this.snapshot = hub.snapshot(login);
    const unsubscribe = hub.subscribe(login, (next) => {
      const previous = this.snapshot;
      this.snapshot = next;
      this.onChange?.(next, previous);
      if (this.rerender) this.host.requestUpdate();
    });
    this.current = { hub, login, unsubscribe };
  }

  protected release(): void {
    this.current?.unsubscribe();
    this.current = undefined;
    this.snapshot = undefined;
  }
}
