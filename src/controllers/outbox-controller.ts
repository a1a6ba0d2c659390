import type { ReactiveControllerHost } from 'lit';
import type { OutboxApi } from '../outbox/lazy-outbox.js';
import { OutboxEditEvent, OutboxSettledEvent } from '../outbox/outbox-events.js';
import { FollowingController } from './following-controller.js';

export interface OutboxHandlers {
  /** A write sent by this tab after it had been queued got its answer. */
  settled?: (event: OutboxSettledEvent) => void;
  /** The agent asked to fix a refused write. */
  edit?: (event: OutboxEditEvent) => void;
}

/**
 * Keeps a host listening to the provider's outbox: it re-renders when the
 * queue changes, and follows a new outbox (a new provider) before each render.
 */
export class OutboxController extends FollowingController {
  private current: OutboxApi | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly outbox: () => OutboxApi | undefined,
    private readonly handlers: OutboxHandlers = {},
  ) {
    super();
    host.addController(this);
  }

  protected sync(): void {
    const outbox = this.outbox();
    if (outbox !== this.current) this.attach(outbox);
  }

  protected release(): void {
    this.attach(undefined);
  }

  private attach(outbox: OutboxApi | undefined): void {
    this.current?.removeEventListener('change', this.onChange);
    this.current?.removeEventListener(OutboxSettledEvent.type, this.onSettled);
    this.current?.removeEventListener(OutboxEditEvent.type, this.onEdit);
    this.current = outbox;
    outbox?.addEventListener('change', this.onChange);
    outbox?.addEventListener(OutboxSettledEvent.type, this.onSettled);
    outbox?.addEventListener(OutboxEditEvent.type, this.onEdit);
  }

  private readonly onChange = () => this.host.requestUpdate();
  private readonly onSettled = (event: Event) => this.handlers.settled?.(event as OutboxSettledEvent);
  private readonly onEdit = (event: Event) => this.handlers.edit?.(event as OutboxEditEvent);
}
