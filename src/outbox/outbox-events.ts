/** What the outbox tells its callers: the outcome of a `send()`, and the events of writes settled or to be fixed later. */
import type { JodoApiError, JodoValidationError } from '../api/errors.js';
import type { OutboxEntry, OutboxMethod } from './outbox-entry.js';

export type SendOutcome<M extends OutboxMethod = OutboxMethod> =
  /** Jodo saved it. */
  | { status: 'saved'; entry: OutboxEntry<M> }
  /** No definitive answer yet (offline, timeout, 5xx): it is stored and will be sent. */
  | { status: 'queued'; entry: OutboxEntry<M> }
  /** Jodo refused it; nothing is queued, the caller still holds what the agent typed. */
  | { status: 'failed'; entry: OutboxEntry<M>; error: JodoApiError | JodoValidationError };

/** A queued write got its answer in this tab. */
export class OutboxSettledEvent extends Event {
  static readonly type = 'settled';
  constructor(readonly detail: { entry: OutboxEntry; outcome: 'saved' | 'failed' }) {
    super(OutboxSettledEvent.type);
  }
}

/** The agent asked to fix a refused write: the element that makes such writes loads it. */
export class OutboxEditEvent extends Event {
  static readonly type = 'edit';
  constructor(readonly detail: { entry: OutboxEntry }) {
    super(OutboxEditEvent.type);
  }
}
