/** What a supervisor asked for: a contact's data and scheduled calls moved from one agent to another. */
export interface Reallocation {
  /** The contact's number, as Jodo knows it. */
  contactnumber: string;
  /** The agent whose work it was (named for the supervisor; Jodo's request does not carry it). */
  from: string;
  /** The agent it goes to (the request's `login`). */
  to: string;
  /** Only the records of this customer code, when given. */
  customercode?: string;
  /** When the reallocated call is to be made, `YYYY-MM-DD hh:mm:ss`. */
  calldatetime?: string;
}

/** The supervisor confirmed a reallocation; cancel it (`preventDefault()`) and nothing is sent. */
export class JodoReallocateEvent extends Event {
  static readonly type = 'jodo-reallocate';

  constructor(readonly detail: Reallocation) {
    super(JodoReallocateEvent.type, { bubbles: true, composed: true, cancelable: true });
  }
}

/** Jodo reallocated the contact (reallocatedata answered success). */
export class JodoReallocatedEvent extends Event {
  static readonly type = 'jodo-reallocated';

  constructor(readonly detail: Reallocation) {
    super(JodoReallocatedEvent.type, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'jodo-reallocate': JodoReallocateEvent;
    'jodo-reallocated': JodoReallocatedEvent;
  }
}
