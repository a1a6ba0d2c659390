/** The wrap-up form's events: before a save (cancelable) and once Jodo has it. */
import type { Params } from '../api/client.js';

export type DispositionRequest = Params<'saveDisposition'>;

/** About to save a wrap-up. Cancelable: `preventDefault()` keeps it from being sent (the host may save it its own way). */
export class JodoDispositionSubmitEvent extends Event {
  static readonly type = 'jodo-disposition-submit';

  constructor(readonly detail: { request: DispositionRequest }) {
    super(JodoDispositionSubmitEvent.type, { bubbles: true, composed: true, cancelable: true });
  }
}

/** A wrap-up was saved by Jodo; the agent is Ready again. */
export class JodoDispositionSavedEvent extends Event {
  static readonly type = 'jodo-disposition-saved';

  constructor(readonly detail: { request: DispositionRequest }) {
    super(JodoDispositionSavedEvent.type, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'jodo-disposition-submit': JodoDispositionSubmitEvent;
    'jodo-disposition-saved': JodoDispositionSavedEvent;
  }
}
