/** `<jodo-click-to-call>` asks Jodo to dial a number the agent clicked. */
export interface JodoDialDetail {
  /** The number as the page wrote it. */
  written: string;
  /** The number sent to Jodo, normalised by the dial policy. */
  number: string;
  /** The agent Jodo is asked to connect the call to. */
  login: string;
}

/**
 * About to ask Jodo to dial a number (`<jodo-click-to-call>`). Cancelable:
 * `preventDefault()` sends nothing (the page may place the call its own way).
 */
export class JodoDialEvent extends Event {
  static readonly type = 'jodo-dial';

  constructor(readonly detail: JodoDialDetail) {
    super(JodoDialEvent.type, { bubbles: true, composed: true, cancelable: true });
  }
}

/** Jodo answered a dial request: `ok` when it took the number (it dials it now), else `message` says why not. */
export class JodoDialResultEvent extends Event {
  static readonly type = 'jodo-dial-result';

  constructor(readonly detail: JodoDialDetail & { ok: boolean; message?: string }) {
    super(JodoDialResultEvent.type, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'jodo-dial': JodoDialEvent;
    'jodo-dial-result': JodoDialResultEvent;
  }
}
