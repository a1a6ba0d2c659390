import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { StatusHub, StatusSnapshot } from '../session/status-hub.js';

export interface TeamStatusTarget {
  hub?: StatusHub;
  /** The agents to follow; a new array (not a changed one) means a new team. */
  logins: readonly string[];
}

/**
 * Keeps a host subscribed to many agents on the provider's hub (a team
 * board): every answer of a poll asks for one update of the host, however
 * many agents it names. Follows changes of hub or team before each render
 * and lets go on disconnect, so polling stops when nobody watches.
 */
export class TeamStatusController implements ReactiveController {
  private current: { hub: StatusHub; logins: readonly string[]; unsubscribe: (() => void)[] } | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly target: () => TeamStatusTarget,
  ) {
    host.addController(this);
  }

  /** The last snapshot of one agent of the team; undefined until the first answer. */
  snapshot(login: string): StatusSnapshot | undefined {
    return this.current?.hub.snapshot(login);
  }

  hostConnected(): void {
    this.sync();
  }

  hostUpdate(): void {
    this.sync();
  }

  hostDisconnected(): void {
    this.release();
  }

  private readonly onAnswer = () => this.host.requestUpdate();

  private sync(): void {
    const { hub, logins } = this.target();
    if (this.current && this.current.hub === hub && this.current.logins === logins) return;
    this.release();
    if (!hub || logins.length === 0) return;
    this.current = { hub, logins, unsubscribe: logins.map((login) => hub.subscribe(login, this.onAnswer)) };
  }

  private release(): void {
    for (const unsubscribe of this.current?.unsubscribe ?? []) unsubscribe();
    this.current = undefined;
  }
}
