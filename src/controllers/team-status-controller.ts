import type { ReactiveControllerHost } from 'lit';
import type { StatusHub, StatusSnapshot } from '../status/status-hub.js';
import { FollowingController } from './following-controller.js';

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
export class TeamStatusController extends FollowingController {
  private hub: StatusHub | undefined;
  private logins: readonly string[] = [];
  /** One subscription per login (lower-cased), kept across team changes so known states stay on screen. */
  private readonly subscriptions = new Map<string, () => void>();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly target: () => TeamStatusTarget,
  ) {
    super();
    host.addController(this);
  }

  /** The last snapshot of one agent of the team; undefined until the first answer. */
  snapshot(login: string): StatusSnapshot | undefined {
    return this.hub?.snapshot(login);
  }

  protected release(): void {
    this.unsubscribeAllBut(new Set());
    this.hub = undefined;
    this.logins = [];
  }

  private readonly onAnswer = () => this.host.requestUpdate();

  protected sync(): void {
    const { hub, logins } = this.target();
    if (hub === this.hub && logins === this.logins) return;
    if (hub !== this.hub) this.unsubscribeAllBut(new Set());
    this.hub = hub;
    this.logins = logins;
    if (!hub) return;
    // New agents first, then let go of those who left: an agent in both teams is never unsubscribed,
    // so the hub keeps its state (and, with nobody else listening, its place as the tab's poller).
    const wanted = new Set(logins.map((login) => login.toLowerCase()));
    for (const login of logins) {
      const key = login.toLowerCase();
      if (!this.subscriptions.has(key)) this.subscriptions.set(key, hub.subscribe(login, this.onAnswer));
    }
    this.unsubscribeAllBut(wanted);
  }

  /** Unsubscribes every login not in `keep`. */
  private unsubscribeAllBut(keep: ReadonlySet<string>): void {
    for (const [key, unsubscribe] of this.subscriptions) {
      if (keep.has(key)) continue;
      unsubscribe();
      this.subscriptions.delete(key);
    }
  }
}
