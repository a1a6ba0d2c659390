import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { fetchGatewaySession, type GatewaySession } from '../api/gateway-session.js';
import { JodoSessionError } from '../api/errors.js';
import type { TokenSource } from '../requests/token-source.js';

export interface SessionLookupConfig {
  /** The agent's token, asked for before each lookup, when the page gives one. */
  token: () => TokenSource | undefined;
  /** Given the answer: the signed-in user, or undefined when nobody is signed in. Never called for an aborted lookup. */
  found: (session: GatewaySession | undefined) => void;
}

/**
 * Asks the gateway who is signed in (`<jodo-provider session-url>`), one
 * lookup at a time. A lookup in flight ends when its host leaves the page and
 * starts again when the host comes back (moved in the page, say) if it had
 * not completed; a completed one is not repeated.
 */
export class SessionLookupController implements ReactiveController {
  /** The URL to ask until an answer (or a failure) comes. */
  private pendingUrl: string | undefined;
  private inFlight: AbortController | undefined;

  constructor(
    private readonly host: ReactiveControllerHost & Element,
    private readonly config: SessionLookupConfig,
  ) {
    host.addController(this);
  }

  /** Asks `url` now (once the host is in the page), ending the lookup in flight. */
  lookUp(url: string): void {
    this.pendingUrl = url;
    this.start();
  }

  hostConnected(): void {
    this.start();
  }

  hostDisconnected(): void {
    this.inFlight?.abort();
  }

  /** Ends the lookup in flight and starts the pending one, while the host is in the page. */
  private start(): void {
    this.hostDisconnected();
    if (this.host.isConnected && this.pendingUrl) void this.run(this.pendingUrl, (this.inFlight = new AbortController()).signal);
  }

  private async run(url: string, signal: AbortSignal): Promise<void> {
    let session: GatewaySession | undefined;
    let failure: unknown;
    try {
      // An aborted signal makes the fetch fail at once.
      session = await fetchGatewaySession(url, { token: await this.config.token()?.({ refresh: false }), signal });
    } catch (error) {
      failure = error;
    }
    // Ended (the host left the page, or another lookup began): whoever ended it starts the next.
    if (signal.aborted) return;
    this.pendingUrl = undefined;
    // Not signed in, or the gateway is away: the elements say there is no agent. An answer that is no session is the page's to fix.
    if (failure instanceof JodoSessionError) console.warn('<jodo-provider session-url> ignores its answer:', failure);
    if (failure === undefined) this.config.found(session);
  }
}
