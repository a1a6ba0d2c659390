/** `<jodo-status>` saw an agent's state change. */
import type { AgentState } from '../api/codes.js';

export interface JodoStatusChangeDetail {
  login: string;
  /** The state before (the first state seen fires nothing: read the element's `state`). */
  previous: AgentState;
  current: AgentState;
}

/** An agent's state changed (as seen by a poll). Fired by `<jodo-status>` on each transition. */
export class JodoStatusChangeEvent extends Event {
  static readonly type = 'jodo-status-change';

  constructor(readonly detail: JodoStatusChangeDetail) {
    super(JodoStatusChangeEvent.type, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'jodo-status-change': JodoStatusChangeEvent;
  }
}
