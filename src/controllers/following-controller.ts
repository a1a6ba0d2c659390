import type { ReactiveController } from 'lit';

/**
 * What every controller that follows something of the provider's (its status
 * hub, its outbox) does: picks it up again before each render, because the
 * provider can change or the element move, and lets go on disconnect, so
 * nothing goes on polling or listening for an element that has left.
 * Subclasses add themselves to their host once their own fields are set.
 */
export abstract class FollowingController implements ReactiveController {
  hostConnected(): void {
    this.sync();
  }

  hostUpdate(): void {
    this.sync();
  }

  hostDisconnected(): void {
    this.release();
  }

  /** Follows what the host names now, if it changed. */
  protected abstract sync(): void;

  /** Lets go of what it follows. */
  protected abstract release(): void;
}
