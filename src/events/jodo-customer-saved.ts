import type { CustomerRecord } from '../api/response.js';

/** The call guide saved the customer's record (ImportProcessData); `created` when it was new. */
export class JodoCustomerSavedEvent extends Event {
  static readonly type = 'jodo-customer-saved';

  constructor(readonly detail: { record: CustomerRecord; created: boolean }) {
    super(JodoCustomerSavedEvent.type, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'jodo-customer-saved': JodoCustomerSavedEvent;
  }
}
