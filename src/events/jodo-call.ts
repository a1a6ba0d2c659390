import type { JodoCall } from '../context/session.js';

/**
 * Tells `<jodo-provider>` which call the agent is on. The host page
 * dispatches it on the provider (or on any element inside it); fields left
 * out are cleared. `new JodoCallEvent({ mobilenumber: '7507959484' })`
 */
export class JodoCallEvent extends Event {
  static readonly type = 'jodo-call';

  constructor(readonly detail: JodoCall) {
    super(JodoCallEvent.type, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'jodo-call': JodoCallEvent;
  }
}
