/** `<jodo-messenger>` handed every batch of a send to Jodo and Jodo has them all; the leads are followed from here on. */
export class JodoMessengerSentEvent extends Event {
  static readonly type = 'jodo-messenger-sent';

  constructor(readonly detail: { id: string; servicekey: string; leads: number }) {
    super(JodoMessengerSentEvent.type, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'jodo-messenger-sent': JodoMessengerSentEvent;
  }
}
